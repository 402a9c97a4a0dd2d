import CorridorAccess
import CorridorCore
import CorridorGeo
import CorridorRisk
import CorridorServices
import CorridorStore
import Foundation
import Hummingbird

/// The server-rendered web UI: dashboard with map, site table and details, events.
struct WebController {
    let store: any CorridorStore
    let risk: RiskService
    let views: EventViews
    /// The dashboard's body per reader (the page around it carries the session's CSRF token).
    let dashboards = FreshViews<Principal?, SafeHTML>()
    let now: @Sendable () -> Date

    func register(on routes: Routes) {
        routes.get("/", .signedIn, use: dashboard)
        routes.get("sites", .signedIn, use: sites)
        routes.get("risk/compare", .signedIn, use: compare)
        routes.get("sites/:id", .signedIn, use: site)
        routes.get("events", .signedIn, use: events)
        routes.get("events/:id", .signedIn, use: event)
    }

    /// The access policy for this request's reader, for store queries.
    /// The access policy for risk explanations.
    static func riskVisibility(_ context: CorridorRequestContext) -> (RiskEngine.EventAccess) -> Bool {
        let reader = context.principal
        return {
            AccessPolicy.canRead(
                .init(tlp: $0.tlp, originAgency: $0.originAgency, agencies: $0.sharedWithAgencies, users: $0.sharedWithUsers),
                by: reader)
        }
    }

    @Sendable func dashboard(_ request: Request, context: CorridorRequestContext) async throws -> Response {
        let body = try await dashboards.value(for: context.principal, generation: store.eventGeneration) {
            try await dashboardBody(for: context.principal)
        }
        return HTML.response(HTML.page(title: "Dashboard", active: "Dashboard", body: body, context: context))
    }

    private func dashboardBody(for reader: Principal?) async throws -> SafeHTML {
        // To the minute, so that views of the same minute share one cached count.
        let yearAgo = Date(timeIntervalSince1970: (now().timeIntervalSince1970 / 60).rounded(.down) * 60 - 365 * 86_400)
        let allSites = try await store.sites(SiteQuery())
        let visible = try await views.visible(to: reader, since: nil, recentFrom: yearAgo, keepLatest: 1000)
        let tally = visible.tally
        let recentCount = visible.recent
        let mapEvents = visible.latest
        let engine = try await risk.current()
        let riskBySite = Dictionary(engine.results.map { ($0.siteID, $0) }, uniquingKeysWith: { a, _ in a })
        let stats = StatsController.summarise(tally, sites: allSites.count, since: nil)
        // The bars and the map show the last 12 months: history is not the current picture.
        let recentStats = StatsController.summarise(visible.recentTally, sites: allSites.count, since: yearAgo)
        let mapBox = BoundingBox(minLongitude: MapSVG.minLon, minLatitude: MapSVG.minLat, maxLongitude: MapSVG.maxLon, maxLatitude: MapSVG.maxLat)
        let vessels = try await store.vessels(VesselQuery(boundingBox: mapBox, limit: 2000))

        func bars(_ counts: [(String, Int, String)]) -> SafeHTML {
            let top = max(1, counts.map(\.1).max() ?? 1)
            let rows = counts.map { label, n, colour -> SafeHTML in
                "<tr><th>\(label)</th><td class=\"num\">\(n)</td><td><span class=\"bar\" style=\"width:\(n * 100 / top)%;background:\(colour)\"></span></td></tr>"
            }
            return "<table class=\"bars\">\(rows)</table>"
        }
        let domainRows = Domain.allCases.map { ($0.title, recentStats.byDomain[$0.rawValue] ?? 0, HTML.domainColour($0)) }
        let provinceRows = (Province.allCases.map(\.rawValue) + ["unknown"]).compactMap { name -> (String, Int, String)? in
            let n = recentStats.byProvince[name] ?? 0
            return n == 0 && name == "unknown" ? nil : (name, n, "#4a6fa5")
        }
        let sitesByProvince = Dictionary(grouping: allSites, by: { $0.province?.rawValue ?? "unknown" })
        let siteRows = Province.allCases.map { ($0.rawValue, sitesByProvince[$0.rawValue]?.count ?? 0, "#555") }
        let latest = mapEvents.prefix(12).map { e -> SafeHTML in
            "<li><a href=\"/events/\(e.id)\">\(e.title)</a> <small>\(HTML.day(e.occurredAt)) · \(e.province?.rawValue ?? "") · \(e.source)</small> \(HTML.domainBadge(e.domain))</li>"
        }
        let legend: SafeHTML = """
            \(Domain.allCases.map { d -> SafeHTML in "<span><i style=\"background:\(HTML.domainColour(d))\"></i>\(d.title)</span>" })\
            <span><i class="site-key"></i>Site, filled by risk class:</span>\
            \(RiskClass.allCases.map { c -> SafeHTML in "<span><i class=\"site-key\" style=\"background:\(HTML.classColour(c))\"></i>\(c.title)</span>" })
            """
        let body: SafeHTML = """
            <section class="cards">
              <div class="card"><b id="site-count">\(allSites.count)</b> sites</div>
              <div class="card"><b id="event-count">\(stats.events)</b> events on record (history included)</div>
              <div class="card"><b>\(recentCount)</b> events in the last 12 months</div>
              <div class="card"><b id="high-risk-count">\(engine.results.filter { $0.riskClass >= .high }.count)</b> sites at high or very high risk</div>
            </section>
            <section class="grid">
              <div class="panel map-panel"><h2>Map <small>events of the last 12 months</small></h2>\(MapSVG.render(sites: allSites, events: mapEvents, risk: riskBySite, vessels: vessels))
                <div class="legend">\(legend)<span><i class="vessel-key"></i>Vessel (AIS), pointing along its course</span></div>
                <p class="note">\(MapSVG.boundaryNote)</p>
                <h2>Gwadar approaches</h2>\(MapSVG.renderGwadar(sites: allSites, vessels: vessels))
                <p class="note"><span id="gwadar-vessel-count">\(vessels.filter(MapSVG.isNearGwadar).count)</span> vessels with a last position in 61.6–63.4° E, 24.6–25.45° N; hover one for its name, flag, speed and last report. Coastline simplified for the country map.</p></div>
              <div class="panel"><h2>Events by domain <small>last 12 months</small></h2>\(bars(domainRows))
                <h2>Events by province <small>last 12 months</small></h2>\(bars(provinceRows))
                <h2>Sites by province</h2>\(bars(siteRows))</div>
            </section>
            <section class="panel"><h2>Recent events</h2><ul class="events">\(latest)</ul>
              <p><a href="/events">All events →</a></p></section>
            """
        return body
    }

    @Sendable func sites(_ request: Request, context: CorridorRequestContext) async throws -> Response {
        let all = try await store.sites(SiteQuery())
        let asOf = try Self.asOf(request)
        let engine = try await risk.engine(asOf: asOf)
        let rows = all.map { s -> SafeHTML in
            let r = engine.result(for: s.id)
            let badge = r.map { HTML.classBadge($0.riskClass) } ?? .empty
            let confidence = r.map { Self.confidence($0.confidence) } ?? .empty
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
            \(Self.asOfForm(action: "/sites", asOf: engine.asOf, isPast: asOf != nil))
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
            return HTML.response(HTML.page(title: "Not found", active: "Sites", body: "<h1>No site \(id)</h1>", context: context), status: .notFound)
        }
        let asOf = try Self.asOf(request)
        let nearby = try await store.events(EventQuery(to: asOf, near: (s.location, 50), limit: 50, access: .reader(context.principal))).items
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
            \(try await riskSection(site: s, asOf: asOf, context: context))
            <h2>\(heading) within 50 km (\(nearby.count)\(newest))</h2><ul class="events">\(eventItems)</ul>
            <p><a href="/api/v1/sites/\(s.id)">JSON</a></p>
            """
        return HTML.response(HTML.page(title: s.name, active: "Sites", body: body, context: context))
    }

    /// The risk explanation as readable bars, and the trend from daily snapshots.
    private func riskSection(site: Site, asOf: Date?, context: CorridorRequestContext) async throws -> SafeHTML {
        let engine = try await risk.engine(asOf: asOf)
        guard let x = engine.explain(siteID: site.id, visible: Self.riskVisibility(context)) else { return .empty }
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
            return "<tr><td><a href=\"/events/\(e.eventID)\">\(e.title)</a></td><td>\(distance)</td><td class=\"num\">\(String(format: "%.0f", e.ageDays)) d</td><td>\(HTML.bar(e.share * 100, max: 100, colour: HTML.domainColour(e.domain)))%</td></tr>"
        }
        let history = try await store.riskHistory(siteID: site.id, fromDay: nil)
        let domainRows: SafeHTML = domains.isEmpty ? "<tr><td>No events within reach.</td></tr>" : "\(domains)"
        let withheld: SafeHTML =
            x.withheldEvents > 0 ? "<p class=\"note\">\(x.withheldEvents) more events count towards this risk but are not shared with you.</p>" : ""
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
        let q = request.uri.queryParameters
        let ids = [q.get("a"), q.get("b")].compactMap { $0 }.map { $0.trimmingCharacters(in: .whitespaces) }
        let engine = try await risk.current()
        let xs = ids.compactMap { engine.explain(siteID: $0, visible: Self.riskVisibility(context)) }
        guard xs.count == 2 else {
            return HTML.response(
                HTML.page(title: "Compare", active: "Sites", body: "<h1>Compare sites</h1><p>Give two existing site ids as <code>?a=ID&amp;b=ID</code>.</p>", context: context),
                status: .badRequest)
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
            rows.append(row(indicator.title) { x in
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
        guard let text = request.uri.queryParameters.get("as_of"), !text.isEmpty else { return nil }
        guard let date = DateFormats.parse(text) else {
            throw HTTPError(.badRequest, message: "as_of: \"\(text.prefix(40))\" is not RFC 3339 or YYYY-MM-DD")
        }
        return date
    }

    /// A date field that recomputes the page as the world was then (risk from events known by then).
    static func asOfForm(action: String, asOf: Date, isPast: Bool) -> SafeHTML {
        let back: SafeHTML =
            isPast ? " <a href=\"\(action)\">back to today</a> <span class=\"note\">Historical view: only events occurred and reported by then count.</span>" : ""
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
        let w = 300.0, h = 60.0
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
            return HTML.response(HTML.page(title: "Not found", active: "Events", body: "<h1>No event \(id)</h1>", context: context), status: .notFound)
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
