import CorridorAccess
import CorridorCore
import CorridorGeo
import CorridorRisk
import CorridorServices
import CorridorStore
import Foundation
import Hummingbird

/// The sites table (risk as of a day) and each site's page with its risk explained.
struct SitePages {
    let store: any CorridorStore
    let risk: RiskService
    let now: @Sendable () -> Date
    var riskPages: RiskPages { RiskPages(store: store, risk: risk) }

    func register(on routes: Routes) {
        routes.get("sites", .signedIn, use: sites)
        routes.get("sites/:id", .signedIn, use: site)
    }

    @Sendable func sites(_ request: Request, context: CorridorRequestContext) async throws -> Response {
        let all = try await store.sites(SiteQuery())
        let asOf = try RiskPages.asOf(request)
        let engine = try await risk.engine(asOf: asOf)
        let rows = all.map { s -> SafeHTML in
            let r = engine.result(for: s.id)
            let badge = r.map { HTML.classBadge($0.riskClass) } ?? .empty
            let confidence = r.map { RiskPages.confidence($0.confidence) } ?? .empty
            return """
                <tr><td><a href="/sites/\(s.id)">\(s.name)</a></td><td>\(s.kind.rawValue)</td>\
                <td>\(s.province?.rawValue ?? "")</td><td class="num">\(s.criticality)</td>\
                <td class="num">\(r.map { String(format: "%.2f", $0.risk) } ?? "")</td>\
                <td data-sort="\(r.map { RiskClass.allCases.firstIndex(of: $0.riskClass) ?? 0 } ?? 0)">\(badge)</td>\
                <td data-sort="\(r.map { Int($0.completeness * 100) } ?? 0)">\(confidence)</td>\
                <td>\(s.cpecPhase ?? "")</td><td><code>\(s.id)</code></td></tr>
                """
        }
        let body: SafeHTML = """
            <h1>Sites <small>(\(all.count))</small></h1>
            \(RiskPages.asOfForm(action: "/sites", asOf: engine.asOf, isPast: asOf != nil))
            <p>Click a column heading to sort. Confidence says how much of the risk rests on data rather than
            indicators imputed as average (<a href="/api/v1/risk">risk API</a>; model: docs/risk-model.md).</p>
            <table class="sortable" id="sites-table"><thead><tr><th>Name</th><th>Kind</th><th>Province</th>\
            <th>Criticality</th><th>Risk</th><th>Class</th><th>Confidence</th><th>CPEC phase</th><th>Id</th></tr></thead><tbody>\(rows)</tbody></table>
            """
        return HTML.response(HTML.page(title: "Sites", active: "Sites", body: body, context: context))
    }

    @Sendable func site(_ request: Request, context: CorridorRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        guard let s = try await store.site(id: id) else {
            return HTML.response(
                HTML.page(title: "Not found", active: "Sites", body: "<h1>No site \(id)</h1>", context: context), status: .notFound)
        }
        let asOf = try RiskPages.asOf(request)
        let nearby = try await store.events(EventQuery(to: asOf, near: (s.location, 50), limit: 50, access: .reader(context.principal)))
            .items
        func row(_ k: String, _ v: String?) -> SafeHTML {
            guard let v, !v.isEmpty else { return .empty }
            return "<tr><th>\(k)</th><td>\(v)</td></tr>"
        }
        let eventItems = nearby.map { e -> SafeHTML in
            "<li><a href=\"/events/\(e.id)\">\(e.title)</a> <small>\(HTML.day(e.occurredAt)) · \(String(format: "%.0f", Geodesy.distanceKm(e.location, s.location))) km</small> \(HTML.domainBadge(e.domain))</li>"
        }
        let heading = asOf.map { "Events up to \(HTML.day($0))" } ?? "Latest events"
        let newest = nearby.count == 50 ? ", the newest shown" : ""
        let body: SafeHTML = """
            <h1 id="site-name">\(s.name)</h1>
            <table class="details">
            \(row("Id", s.id))\(row("Kind", s.kind.rawValue))\(row("CPEC phase", s.cpecPhase))\(row("Status", s.status))\
            \(row("Operator", s.operatorName))\(row("Province", s.province?.rawValue))\(row("District", s.district))\
            \(row("Location", String(format: "%.5f, %.5f", s.location.latitude, s.location.longitude)))\
            \(row("Foreign nationals", s.foreignNationals.map(String.init)))\(row("Local workers", s.localWorkers.map(String.init)))\
            \(row("Total workers", s.totalWorkers.map(String.init)))\(row("Criticality", "\(s.criticality) of 5"))\
            \(row("Protection measures", s.protectionMeasures.joined(separator: ", ")))
            <tr><th>Notes</th><td class="pre">\(s.notes ?? "")</td></tr>
            <tr><th>Provenance</th><td>\(HTML.links(s.provenance))</td></tr>
            </table>
            \(try await riskPages.section(site: s, asOf: asOf, context: context))
            <h2>\(heading) within 50 km (\(nearby.count)\(newest))</h2><ul class="events">\(eventItems)</ul>
            <p><a href="/api/v1/sites/\(s.id)">JSON</a></p>
            """
        return HTML.response(HTML.page(title: s.name, active: "Sites", body: body, context: context))
    }
}
