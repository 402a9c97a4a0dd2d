import CorridorAccess
import CorridorCore
import CorridorGeo
import CorridorRisk
import CorridorServices
import CorridorStore
import Foundation
import Hummingbird

/// Risk on pages: two sites compared, a site's explanation, and the pieces the site pages share.
struct RiskPages {
    let store: any CorridorStore
    let risk: RiskService

    func register(on routes: Routes) {
        routes.get("risk/compare", .signedIn, use: compare)
    }

    /// The risk explanation as readable bars, and the trend from daily snapshots.
    func section(site: Site, asOf: Date?, context: CorridorRequestContext) async throws -> SafeHTML {
        let engine = try await risk.engine(asOf: asOf)
        guard
            let x = try await RiskService.explanation(
                siteID: site.id, in: engine, store: store, visible: RiskService.readable(by: context.principal))
        else { return .empty }
        let r = x.result
        let dims = [
            ("Hazard & exposure", Optional(r.hazardExposure)), ("Vulnerability", r.vulnerability),
            ("Lack of coping capacity", r.copingCapacityLack),
        ].map { label, value -> SafeHTML in "<tr><th>\(label)</th><td>\(HTML.bar(value))</td></tr>" }
        let domains = x.domains.filter { $0.events > 0 }.map { d -> SafeHTML in
            "<tr><th>\(d.domain.title)</th><td>\(HTML.bar(d.score, colour: HTML.domainColour(d.domain)))</td><td class=\"num\">\(d.events) events, raw \(String(format: "%.3f", d.rawWeight))</td></tr>"
        }
        let indicators = x.indicators.map { i -> SafeHTML in
            let basis = i.value == nil ? "\(i.basis); imputed as average (5) in its dimension" : i.basis
            return "<tr><th>\(i.title)</th><td>\(HTML.bar(i.value))</td><td>\(basis)</td></tr>"
        }
        let events = x.topEvents.map { e -> SafeHTML in
            let distance = e.distanceKm.map { String(format: "%.1f km", $0) } ?? e.basis
            return
                "<tr><td><a href=\"/events/\(e.eventID)\">\(e.title)</a></td><td>\(distance)</td><td class=\"num\">\(String(format: "%.0f", e.ageDays)) d</td><td>\(HTML.bar(e.share * 100, max: 100, colour: HTML.domainColour(e.domain)))%</td></tr>"
        }
        let history = try await store.riskHistory(siteID: site.id, fromDay: nil)
        let domainRows: SafeHTML = domains.isEmpty ? "<tr><td>No events within reach.</td></tr>" : "\(domains)"
        let withheld: SafeHTML =
            x.withheldEvents > 0
            ? "<p class=\"note\">\(x.withheldEvents) more events count towards this risk but are not shared with you.</p>" : ""
        return """
            <h2>Risk</h2>
            \(Self.asOfForm(action: "/sites/\(site.id)", asOf: x.asOf, isPast: asOf != nil))
            <p id="risk-summary"><b>\(String(format: "%.2f", r.risk))</b> of 10 \(HTML.classBadge(r.riskClass)) · \
            confidence <span id="risk-confidence">\(Self.confidence(r.confidence))</span> · as of \(HTML.day(x.asOf))</p>
            <table class="bars risk-dimensions">\(dims)</table>
            <h3>Hazard &amp; exposure by domain</h3><table class="bars">\(domainRows)</table>
            <h3>Recent severe incidents</h3><p id="severe-incidents">\(Self.severeIncidents(x.severeIncidents))</p>
            <h3>Indicators</h3><table class="bars">\(indicators)</table>
            <h3>Top contributing events</h3>\(withheld)
            <table><thead><tr><th>Event</th><th>Distance</th><th>Age</th><th>Share of weight</th></tr></thead><tbody>\(events)</tbody></table>
            <h3>Trend</h3>\(Self.trend(history))
            <form method="get" action="/risk/compare" class="filters"><input type="hidden" name="a" value="\(site.id)">
            <label>Compare with site id <input name="b" size="12" placeholder="cpec-10"></label> <button>Compare</button></form>
            """
    }

    /// Two sites' risk breakdowns in adjacent columns, row by row.
    @Sendable func compare(_ request: Request, context: CorridorRequestContext) async throws -> Response {
        let q = request.formQuery
        let ids = [q["a"], q["b"]].compactMap { $0?.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        func refusal(_ status: HTTPResponse.Status, _ message: SafeHTML) -> Response {
            HTML.response(
                HTML.page(title: "Compare", active: "Sites", body: "<h1>Compare sites</h1><p>\(message)</p>", context: context),
                status: status)
        }
        guard ids.count == 2 else { return refusal(.badRequest, "Give two site ids as <code>?a=ID&amp;b=ID</code>.") }
        let engine = try await risk.current()
        var xs: [RiskExplanation] = []
        for id in ids {
            guard
                let x = try await RiskService.explanation(
                    siteID: id, in: engine, store: store, visible: RiskService.readable(by: context.principal))
            else { return refusal(.notFound, "No site has the id <code>\(id)</code>.") }
            xs.append(x)
        }
        func row(_ label: String, _ value: (RiskExplanation) -> SafeHTML) -> SafeHTML {
            "<tr><th>\(label)</th>\(xs.map { x -> SafeHTML in "<td>\(value(x))</td>" })</tr>"
        }
        var rows = [
            row("Risk") { "<b>\(String(format: "%.2f", $0.result.risk))</b> \(HTML.classBadge($0.result.riskClass))" },
            row("Hazard & exposure") { HTML.bar($0.result.hazardExposure) },
            row("Vulnerability") { HTML.bar($0.result.vulnerability) },
            row("Lack of coping capacity") { HTML.bar($0.result.copingCapacityLack) },
            row("Confidence") { Self.confidence($0.result.confidence) },
        ]
        for domain in Domain.allCases {
            rows.append(row(domain.title) { x in HTML.bar(x.result.domainScores[domain.rawValue], colour: HTML.domainColour(domain)) })
        }
        for (i, indicator) in xs[0].indicators.enumerated() {
            rows.append(
                row(indicator.title) { x in
                    let v = x.indicators.indices.contains(i) ? x.indicators[i] : indicator
                    return "\(HTML.bar(v.value)) <small>\(v.basis)</small>"
                })
        }
        let head = xs.map { x -> SafeHTML in "<th><a href=\"/sites/\(x.result.siteID)\">\(x.result.siteName)</a></th>" }
        let body: SafeHTML = """
            <h1>Compare sites</h1>
            <table class="bars compare" id="compare-table"><thead><tr><th></th>\(head)</tr></thead><tbody>\(rows)</tbody></table>
            """
        return HTML.response(HTML.page(title: "Compare", active: "Sites", body: body, context: context))
    }

    /// `as_of` of a page: nil for now; a bad value is a 400 naming the parameter.
    static func asOf(_ request: Request) throws -> Date? {
        guard let text = request.formQuery["as_of"], !text.isEmpty else { return nil }
        guard let date = DateFormats.parse(text) else {
            throw HTTPError(.badRequest, message: "as_of: \"\(text.prefix(40))\" is not RFC 3339 or YYYY-MM-DD")
        }
        return date
    }

    /// A date field that recomputes the page as the world was then (risk from events known by then).
    static func asOfForm(action: String, asOf: Date, isPast: Bool) -> SafeHTML {
        let back: SafeHTML =
            isPast
            ? " <a href=\"\(action)\">back to today</a> <span class=\"note\">Historical view: only events occurred and reported by then count.</span>"
            : ""
        return """
            <form method="get" action="\(action)" class="filters" id="as-of-form"><label>Risk as of \
            <input type="date" name="as_of" value="\(HTML.day(asOf))"></label> <button>Show</button>\
            \(back)</form>
            """
    }

    /// The severe incidents that count for a site, each linked, with the withheld ones counted.
    static func severeIncidents(_ p: RiskExplanation.SevereIncidentsPart) -> SafeHTML {
        let scope = "severity ≥ \(p.minimumSeverity) within \(Int(p.radiusKm)) km in the last \(Int(p.windowDays)) days"
        guard p.count > 0 else { return "None (\(scope))." }
        let links = p.eventIDs.map { id -> SafeHTML in "<a href=\"/events/\(id)\">\(id)</a>" }.joinedHTML(separator: ", ")
        let withheld = p.withheld > 0 ? " and \(p.withheld) not shared with you" : ""
        return "<b>\(p.count)</b> (\(scope)), score \(String(format: "%.2f", p.score)): \(links)\(withheld)."
    }

    /// "medium (40 %)", with the flagged dimensions in a tooltip.
    static func confidence(_ c: RiskConfidence) -> SafeHTML {
        "<span class=\"confidence-\(c.level.rawValue)\" title=\"\(c.summary)\">\(c.level.rawValue) (\(Int((c.dataShare * 100).rounded())) %)</span>"
    }

    /// Daily snapshots as a small SVG line (risk 0–10) with the latest values listed.
    static func trend(_ history: [RiskSnapshot]) -> SafeHTML {
        guard !history.isEmpty else { return "<p>No snapshots yet.</p>" }
        let w = 300.0
        let h = 60.0
        let step = history.count > 1 ? w / Double(history.count - 1) : 0
        let points = history.enumerated().map { i, s in String(format: "%.1f,%.1f", Double(i) * step, h - s.risk / 10 * h) }
            .joined(separator: " ")
        let rows = history.suffix(7).reversed().map { s -> SafeHTML in
            "<tr><td>\(s.day)</td><td class=\"num\">\(String(format: "%.2f", s.risk))</td><td>\(HTML.classBadge(s.riskClass))</td></tr>"
        }
        return """
            <svg class="trend" viewBox="-4 -4 308 68" width="308" height="68" role="img" aria-label="risk trend">\
            <polyline fill="none" stroke="#24507a" stroke-width="2" points="\(points)"/></svg>
            <table class="trend-table"><tbody>\(rows)</tbody></table>
            """
    }
}
