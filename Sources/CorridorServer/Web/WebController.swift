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
    let dashboards = FreshViews<Principal?, String>()
    let now: @Sendable () -> Date

    func register(on router: Router<CorridorRequestContext>) {
        router.get("/", use: dashboard)
        router.get("sites", use: sites)
        router.get("risk/compare", use: compare)
        router.get("sites/:id", use: site)
        router.get("events", use: events)
        router.get("events/:id", use: event)
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

    private func dashboardBody(for reader: Principal?) async throws -> String {
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

        func bars(_ counts: [(String, Int, String)]) -> String {
            let top = max(1, counts.map(\.1).max() ?? 1)
            return "<table class=\"bars\">" + counts.map { label, n, colour in
                "<tr><th>\(HTML.escape(label))</th><td class=\"num\">\(n)</td><td><span class=\"bar\" style=\"width:\(n * 100 / top)%;background:\(colour)\"></span></td></tr>"
            }.joined() + "</table>"
        }
        let domainRows = Domain.allCases.map { ($0.title, recentStats.byDomain[$0.rawValue] ?? 0, HTML.domainColour($0)) }
        let provinceRows = (Province.allCases.map(\.rawValue) + ["unknown"]).compactMap { name -> (String, Int, String)? in
            let n = recentStats.byProvince[name] ?? 0
            return n == 0 && name == "unknown" ? nil : (name, n, "#4a6fa5")
        }
        let sitesByProvince = Dictionary(grouping: allSites, by: { $0.province?.rawValue ?? "unknown" })
        let siteRows = Province.allCases.map { ($0.rawValue, sitesByProvince[$0.rawValue]?.count ?? 0, "#555") }
        let latest = mapEvents.prefix(12).map { e in
            "<li><a href=\"/events/\(HTML.escape(e.id))\">\(HTML.escape(e.title))</a> <small>\(HTML.day(e.occurredAt)) · \(HTML.escape(e.province?.rawValue ?? "")) · \(HTML.escape(e.source))</small> \(HTML.domainBadge(e.domain))</li>"
        }.joined()
        let legend = Domain.allCases.map {
            "<span><i style=\"background:\(HTML.domainColour($0))\"></i>\(HTML.escape($0.title))</span>"
        }.joined() + "<span><i class=\"site-key\"></i>Site, filled by risk class:</span>"
            + RiskClass.allCases.map { "<span><i class=\"site-key\" style=\"background:\(HTML.classColour($0))\"></i>\($0.title)</span>" }.joined()
        let body = """
            <section class="cards">
              <div class="card"><b id="site-count">\(allSites.count)</b> sites</div>
              <div class="card"><b id="event-count">\(stats.events)</b> events on record (history included)</div>
              <div class="card"><b>\(recentCount)</b> events in the last 12 months</div>
              <div class="card"><b id="high-risk-count">\(engine.results.filter { $0.riskClass >= .high }.count)</b> sites at high or very high risk</div>
            </section>
            <section class="grid">
              <div class="panel map-panel"><h2>Map <small>events of the last 12 months</small></h2>\(MapSVG.render(sites: allSites, events: mapEvents, risk: riskBySite, vessels: vessels))
                <div class="legend">\(legend)<span><i class="vessel-key"></i>Vessel (AIS), pointing along its course</span></div>
                <p class="note">\(HTML.escape(MapSVG.boundaryNote))</p>
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
        let rows = all.map { s in
            let r = engine.result(for: s.id)
            return """
                <tr><td><a href="/sites/\(HTML.escape(s.id))">\(HTML.escape(s.name))</a></td><td>\(s.kind.rawValue)</td>\
                <td>\(HTML.escape(s.province?.rawValue ?? ""))</td><td class="num">\(s.criticality)</td>\
                <td class="num">\(r.map { String(format: "%.2f", $0.risk) } ?? "")</td>\
                <td data-sort="\(r.map { RiskClass.allCases.firstIndex(of: $0.riskClass) ?? 0 } ?? 0)">\(r.map { HTML.classBadge($0.riskClass) } ?? "")</td>\
                <td data-sort="\(r.map { Int($0.completeness * 100) } ?? 0)">\(r.map { Self.confidence($0.confidence) } ?? "")</td>\
                <td>\(HTML.escape(s.cpecPhase ?? ""))</td><td><code>\(HTML.escape(s.id))</code></td></tr>
                """
        }.joined()
        let body = """
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
            return HTML.response(HTML.page(title: "Not found", active: "Sites", body: "<h1>No site \(HTML.escape(id))</h1>", context: context), status: .notFound)
        }
        let asOf = try Self.asOf(request)
        let nearby = try await store.events(EventQuery(to: asOf, near: (s.location, 50), limit: 50, access: .reader(context.principal))).items
        func row(_ k: String, _ v: String?) -> String {
            guard let v, !v.isEmpty else { return "" }
            return "<tr><th>\(k)</th><td>\(HTML.escape(v))</td></tr>"
        }
        let eventItems = nearby.map { e in
            "<li><a href=\"/events/\(HTML.escape(e.id))\">\(HTML.escape(e.title))</a> <small>\(HTML.day(e.occurredAt)) · \(String(format: "%.0f", Geodesy.distanceKm(e.location, s.location))) km</small> \(HTML.domainBadge(e.domain))</li>"
        }.joined()
        let body = """
            <h1 id="site-name">\(HTML.escape(s.name))</h1>
            <table class="details">
            \(row("Id", s.id))\(row("Kind", s.kind.rawValue))\(row("CPEC phase", s.cpecPhase))\(row("Status", s.status))\
            \(row("Operator", s.operatorName))\(row("Province", s.province?.rawValue))\(row("District", s.district))\
            \(row("Location", String(format: "%.5f, %.5f", s.location.latitude, s.location.longitude)))\
            \(row("Foreign nationals", s.foreignNationals.map(String.init)))\(row("Local workers", s.localWorkers.map(String.init)))\
            \(row("Total workers", s.totalWorkers.map(String.init)))\(row("Criticality", "\(s.criticality) of 5"))\
            \(row("Protection measures", s.protectionMeasures.joined(separator: ", ")))
            <tr><th>Notes</th><td class="pre">\(HTML.escape(s.notes ?? ""))</td></tr>
            <tr><th>Provenance</th><td>\(HTML.links(s.provenance))</td></tr>
            </table>
            \(try await riskSection(site: s, asOf: asOf, context: context))
            <h2>\(asOf == nil ? "Latest events" : "Events up to \(HTML.day(asOf ?? Date()))") within 50 km (\(nearby.count)\(nearby.count == 50 ? ", the newest shown" : ""))</h2><ul class="events">\(eventItems)</ul>
            <p><a href="/api/v1/sites/\(HTML.escape(s.id))">JSON</a></p>
            """
        return HTML.response(HTML.page(title: s.name, active: "Sites", body: body, context: context))
    }

    /// The risk explanation as readable bars, and the trend from daily snapshots.
    private func riskSection(site: Site, asOf: Date?, context: CorridorRequestContext) async throws -> String {
        let engine = try await risk.engine(asOf: asOf)
        guard let x = engine.explain(siteID: site.id, visible: Self.riskVisibility(context)) else { return "" }
        let r = x.result
        let dims = [
            ("Hazard & exposure", Optional(r.hazardExposure)), ("Vulnerability", r.vulnerability),
            ("Lack of coping capacity", r.copingCapacityLack),
        ].map { "<tr><th>\(HTML.escape($0.0))</th><td>\(HTML.bar($0.1))</td></tr>" }.joined()
        let domains = x.domains.filter { $0.events > 0 }.map { d in
            "<tr><th>\(HTML.escape(d.domain.title))</th><td>\(HTML.bar(d.score, colour: HTML.domainColour(d.domain)))</td><td class=\"num\">\(d.events) events, raw \(String(format: "%.3f", d.rawWeight))</td></tr>"
        }.joined()
        let indicators = x.indicators.map { i -> String in
            let basis = i.value == nil ? "\(i.basis); imputed as average (5) in its dimension" : i.basis
            return "<tr><th>\(HTML.escape(i.title))</th><td>\(HTML.bar(i.value))</td><td>\(HTML.escape(basis))</td></tr>"
        }.joined()
        let events = x.topEvents.map { e -> String in
            let distance = e.distanceKm.map { String(format: "%.1f km", $0) } ?? e.basis
            return "<tr><td><a href=\"/events/\(HTML.escape(e.eventID))\">\(HTML.escape(e.title))</a></td><td>\(HTML.escape(distance))</td><td class=\"num\">\(String(format: "%.0f", e.ageDays)) d</td><td>\(HTML.bar(e.share * 100, max: 100, colour: HTML.domainColour(e.domain)))%</td></tr>"
        }.joined()
        let history = try await store.riskHistory(siteID: site.id, fromDay: nil)
        return """
            <h2>Risk</h2>
            \(Self.asOfForm(action: "/sites/\(HTML.escape(site.id))", asOf: x.asOf, isPast: asOf != nil))
            <p id="risk-summary"><b>\(String(format: "%.2f", r.risk))</b> of 10 \(HTML.classBadge(r.riskClass)) · \
            confidence <span id="risk-confidence">\(Self.confidence(r.confidence))</span> · as of \(HTML.day(x.asOf))</p>
            <table class="bars risk-dimensions">\(dims)</table>
            <h3>Hazard &amp; exposure by domain</h3><table class="bars">\(domains.isEmpty ? "<tr><td>No events within reach.</td></tr>" : domains)</table>
            <h3>Recent severe incidents</h3><p id="severe-incidents">\(Self.severeIncidents(x.severeIncidents))</p>
            <h3>Indicators</h3><table class="bars">\(indicators)</table>
            <h3>Top contributing events</h3>\(x.withheldEvents > 0 ? "<p class=\"note\">\(x.withheldEvents) more events count towards this risk but are not shared with you.</p>" : "")
            <table><thead><tr><th>Event</th><th>Distance</th><th>Age</th><th>Share of weight</th></tr></thead><tbody>\(events)</tbody></table>
            <h3>Trend</h3>\(Self.trend(history))
            <form method="get" action="/risk/compare" class="filters"><input type="hidden" name="a" value="\(HTML.escape(site.id))">
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
        func row(_ label: String, _ value: (RiskExplanation) -> String) -> String {
            "<tr><th>\(HTML.escape(label))</th>" + xs.map { "<td>\(value($0))</td>" }.joined() + "</tr>"
        }
        var rows = [
            row("Risk") { String(format: "<b>%.2f</b> ", $0.result.risk) + HTML.classBadge($0.result.riskClass) },
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
                return HTML.bar(v.value) + " <small>\(HTML.escape(v.basis))</small>"
            })
        }
        let head = xs.map { "<th><a href=\"/sites/\(HTML.escape($0.result.siteID))\">\(HTML.escape($0.result.siteName))</a></th>" }.joined()
        let body = """
            <h1>Compare sites</h1>
            <table class="bars compare" id="compare-table"><thead><tr><th></th>\(head)</tr></thead><tbody>\(rows.joined())</tbody></table>
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
    static func asOfForm(action: String, asOf: Date, isPast: Bool) -> String {
        """
        <form method="get" action="\(action)" class="filters" id="as-of-form"><label>Risk as of \
        <input type="date" name="as_of" value="\(HTML.day(asOf))"></label> <button>Show</button>\
        \(isPast ? " <a href=\"\(action)\">back to today</a> <span class=\"note\">Historical view: only events occurred and reported by then count.</span>" : "")</form>
        """
    }

    /// The severe incidents that count for a site, each linked, with the withheld ones counted.
    static func severeIncidents(_ p: RiskExplanation.SevereIncidentsPart) -> String {
        let scope = "severity ≥ \(p.minimumSeverity) within \(Int(p.radiusKm)) km in the last \(Int(p.windowDays)) days"
        guard p.count > 0 else { return "None (\(scope))." }
        let links = p.eventIDs.map { "<a href=\"/events/\(HTML.escape($0))\">\(HTML.escape($0))</a>" }.joined(separator: ", ")
        return "<b>\(p.count)</b> (\(scope)), score \(String(format: "%.2f", p.score)): \(links)"
            + (p.withheld > 0 ? " and \(p.withheld) not shared with you" : "") + "."
    }

    /// "medium (40 %)", with the flagged dimensions in a tooltip.
    static func confidence(_ c: RiskConfidence) -> String {
        "<span class=\"confidence-\(c.level.rawValue)\" title=\"\(HTML.escape(c.summary))\">\(c.level.rawValue) "
            + "(\(Int((c.dataShare * 100).rounded())) %)</span>"
    }

    /// Daily snapshots as a small SVG line (risk 0–10) with the latest values listed.
    static func trend(_ history: [RiskSnapshot]) -> String {
        guard !history.isEmpty else { return "<p>No snapshots yet.</p>" }
        let w = 300.0, h = 60.0
        let step = history.count > 1 ? w / Double(history.count - 1) : 0
        let points = history.enumerated().map { i, s in String(format: "%.1f,%.1f", Double(i) * step, h - s.risk / 10 * h) }
            .joined(separator: " ")
        let rows = history.suffix(7).reversed().map {
            "<tr><td>\($0.day)</td><td class=\"num\">\(String(format: "%.2f", $0.risk))</td><td>\(HTML.classBadge($0.riskClass))</td></tr>"
        }.joined()
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
        let rows = page.items.map { e in
            """
            <tr><td>\(HTML.day(e.occurredAt))</td><td><a href="/events/\(HTML.escape(e.id))">\(HTML.escape(e.title))</a></td>\
            <td>\(HTML.domainBadge(e.domain))</td><td>\(HTML.escape(e.type))</td><td>\(HTML.escape(e.province?.rawValue ?? ""))</td>\
            <td class="num">\(e.severity)</td><td class="num">\(e.fatalities)</td><td>\(HTML.escape(e.source))</td><td>\(e.tlp.rawValue)</td></tr>
            """
        }.joined()
        let domainOptions = Domain.allCases.map {
            "<option value=\"\($0.rawValue)\"\($0 == domain ? " selected" : "")>\(HTML.escape($0.title))</option>"
        }.joined()
        let provinceOptions = Province.allCases.map {
            "<option\($0 == province ? " selected" : "")>\(HTML.escape($0.rawValue))</option>"
        }.joined()
        let body = """
            <h1>Events</h1>
            <form method="get" class="filters"><label>Domain <select name="domain"><option value="">all</option>\(domainOptions)</select></label>
            <label>Province <select name="province"><option value="">all</option>\(provinceOptions)</select></label>
            <button>Filter</button></form>
            <p>Latest \(page.items.count)\(page.nextCursor == nil ? "" : " (more through the API)").</p>
            <table class="sortable" id="events-table"><thead><tr><th>Date</th><th>Title</th><th>Domain</th><th>Type</th>\
            <th>Province</th><th>Severity</th><th>Deaths</th><th>Source</th><th>TLP</th></tr></thead><tbody>\(rows)</tbody></table>
            """
        return HTML.response(HTML.page(title: "Events", active: "Events", body: body, context: context))
    }

    @Sendable func event(_ request: Request, context: CorridorRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        guard let e = try await store.event(id: id), e.isReadable(by: context.principal) else {
            return HTML.response(HTML.page(title: "Not found", active: "Events", body: "<h1>No event \(HTML.escape(id))</h1>", context: context), status: .notFound)
        }
        func row(_ k: String, _ v: String?) -> String {
            guard let v, !v.isEmpty else { return "" }
            return "<tr><th>\(k)</th><td>\(HTML.escape(v))</td></tr>"
        }
        let body = """
            <h1>\(HTML.escape(e.title))</h1>
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
            <tr><th>Narrative</th><td class="pre">\(HTML.escape(e.narrative))</td></tr>
            </table>
            \(try await evidenceSection(e))<p><a href="/api/v1/events/\(HTML.escape(e.id))">JSON</a></p>
            """
        return HTML.response(HTML.page(title: e.title, active: "Events", body: body, context: context))
    }

    /// For automated detections: the track excerpt that justifies it, drawn and listed.
    func evidenceSection(_ e: Event) async throws -> String {
        guard let text = try await store.evidence(forEvent: e.id),
            let collection = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
            let feature = (collection["features"] as? [[String: Any]])?.first,
            let properties = feature["properties"] as? [String: Any], let geometry = feature["geometry"] as? [String: Any]
        else { return "" }
        let coordinates: [[Double]]
        if geometry["type"] as? String == "Point", let c = geometry["coordinates"] as? [Double] {
            coordinates = [c]
        } else {
            coordinates = geometry["coordinates"] as? [[Double]] ?? []
        }
        let times = properties["times"] as? [String] ?? []
        let vessels = properties["evidence_mmsi"] as? [Int] ?? []
        let points = coordinates.enumerated().compactMap { i, c -> MapSVG.EvidencePoint? in
            guard c.count >= 2 else { return nil }
            return MapSVG.EvidencePoint(
                mmsi: i < vessels.count ? vessels[i] : 0, latitude: c[1], longitude: c[0], time: i < times.count ? times[i] : "")
        }
        guard !points.isEmpty else { return "" }
        var rows = ""
        for p in points.prefix(40) {
            rows += String(format: "<tr><td>%@</td><td>%d</td><td>%.5f</td><td>%.5f</td></tr>", HTML.escape(p.time), p.mmsi, p.latitude, p.longitude)
        }
        let more = points.count > 40 ? "<p>\(points.count - 40) more points in the GeoJSON.</p>" : ""
        return """
            <h2>Evidence</h2>
            <p>The reports that justify this detection (\(points.count) points; the open circle is the first, the filled one the last).</p>
            <div class="evidence">\(MapSVG.renderEvidence(points))</div>
            <table class="evidence-points"><thead><tr><th>Time</th><th>MMSI</th><th>Latitude</th><th>Longitude</th></tr></thead><tbody>\(rows)</tbody></table>\(more)
            <p><a href="/api/v1/events/\(HTML.escape(e.id))/evidence">Evidence as GeoJSON</a></p>
            """
    }
}
