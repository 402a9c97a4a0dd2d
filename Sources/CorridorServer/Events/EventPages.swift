import CorridorAccess
import CorridorCore
import CorridorGeo
import CorridorMaritime
import CorridorRisk
import CorridorServices
import CorridorStore
import Foundation
import Hummingbird

/// The events list and each event's page, with the evidence of automated detections.
struct EventPages {
    let store: any CorridorStore
    let now: @Sendable () -> Date

    func register(on routes: Routes) {
        routes.get("events", .signedIn, use: events)
        routes.get("events/:id", .signedIn, use: event)
    }

    @Sendable func events(_ request: Request, context: CorridorRequestContext) async throws -> Response {
        let q = try QueryParameters(request)
        let domain = try q.domain()
        let province = try q.province()
        let page = try await store.events(EventQuery(domain: domain, province: province, limit: 200, access: .reader(context.principal)))
        let rows = page.items.map { e -> SafeHTML in
            """
            <tr><td>\(HTML.day(e.occurredAt))</td><td><a href="/events/\(e.id)">\(e.title)</a></td>\
            <td>\(HTML.domainBadge(e.domain))</td><td>\(e.type)</td><td>\(e.province?.rawValue ?? "")</td>\
            <td class="num">\(e.severity)</td><td class="num">\(e.fatalities)</td><td>\(e.source)</td><td>\(e.tlp.rawValue)</td></tr>
            """
        }
        let selected: SafeHTML = " selected"
        let domainOptions = Domain.allCases.map { d -> SafeHTML in
            "<option value=\"\(d.rawValue)\"\(d == domain ? selected : .empty)>\(d.title)</option>"
        }
        let provinceOptions = Province.allCases.map { p -> SafeHTML in
            "<option\(p == province ? selected : .empty)>\(p.rawValue)</option>"
        }
        let more = page.nextCursor == nil ? "" : " (more through the API)"
        let body: SafeHTML = """
            <h1>Events</h1>
            <form method="get" class="filters"><label>Domain <select name="domain"><option value="">all</option>\(domainOptions)</select></label>
            <label>Province <select name="province"><option value="">all</option>\(provinceOptions)</select></label>
            <button>Filter</button></form>
            <p>Latest \(page.items.count)\(more).</p>
            <table class="sortable" id="events-table"><thead><tr><th>Date</th><th>Title</th><th>Domain</th><th>Type</th>\
            <th>Province</th><th>Severity</th><th>Deaths</th><th>Source</th><th>TLP</th></tr></thead><tbody>\(rows)</tbody></table>
            """
        return HTML.response(HTML.page(title: "Events", active: "Events", body: body, context: context))
    }

    @Sendable func event(_ request: Request, context: CorridorRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        guard let e = try await store.event(id: id), e.isReadable(by: context.principal) else {
            return HTML.response(
                HTML.page(title: "Not found", active: "Events", body: "<h1>No event \(id)</h1>", context: context), status: .notFound)
        }
        func row(_ k: String, _ v: String?) -> SafeHTML {
            guard let v, !v.isEmpty else { return .empty }
            return "<tr><th>\(k)</th><td>\(v)</td></tr>"
        }
        let body: SafeHTML = """
            <h1>\(e.title)</h1>
            <p>\(HTML.domainBadge(e.domain)) <span class="tlp">TLP:\(e.tlp.rawValue)</span></p>
            <table class="details">
            \(row("Occurred", "\(HTML.day(e.occurredAt)) (precision: \(e.timePrecision.rawValue))"))\
            \(row("Type", [e.type, e.subtype].compactMap { $0 }.joined(separator: " / ")))\
            \(row("Place", e.place))\(row("District", e.district))\(row("Province", e.province?.rawValue))\
            \(row("Location", String(format: "%.5f, %.5f (geo precision %d)", e.location.latitude, e.location.longitude, e.geoPrecision.rawValue)))\
            \(row("Severity", "\(e.severity) of 5"))\(row("Fatalities", "\(e.fatalities)"))\(row("Injuries", "\(e.injuries)"))\
            \(row("Foreign nationals affected", "\(e.foreignNationalsAffected)"))\(row("Confidence", e.confidence.rawValue))\
            \(row("Linked sites", e.siteIDs.joined(separator: ", ")))\(row("Source", "\(e.source) / \(e.sourceRef)"))\
            \(row("Reporting agency", e.reportingAgency))
            <tr><th>Source URL</th><td>\(HTML.links(e.sourceURL ?? ""))</td></tr>
            <tr><th>Narrative</th><td class="pre">\(e.narrative)</td></tr>
            </table>
            \(try await evidenceSection(e))<p><a href="/api/v1/events/\(e.id)">JSON</a></p>
            """
        return HTML.response(HTML.page(title: e.title, active: "Events", body: body, context: context))
    }

    /// For automated detections: the track excerpt that justifies it, drawn and listed.
    func evidenceSection(_ e: Event) async throws -> SafeHTML {
        guard let text = try await store.evidence(forEvent: e.id), let points = EvidenceGeoJSON.points(from: text), !points.isEmpty
        else { return .empty }
        let rows = points.prefix(40).map { p -> SafeHTML in
            "<tr><td>\(p.time)</td><td>\(p.mmsi)</td><td>\(String(format: "%.5f", p.latitude))</td><td>\(String(format: "%.5f", p.longitude))</td></tr>"
        }
        let more: SafeHTML = points.count > 40 ? "<p>\(points.count - 40) more points in the GeoJSON.</p>" : ""
        return """
            <h2>Evidence</h2>
            <p>The reports that justify this detection (\(points.count) points; the open circle is the first, the filled one the last).</p>
            <div class="evidence">\(MapSVG.renderEvidence(points))</div>
            <table class="evidence-points"><thead><tr><th>Time</th><th>MMSI</th><th>Latitude</th><th>Longitude</th></tr></thead><tbody>\(rows)</tbody></table>\(more)
            <p><a href="/api/v1/events/\(e.id)/evidence">Evidence as GeoJSON</a></p>
            """
    }
}
