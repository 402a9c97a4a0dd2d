import CorridorAccess
import CorridorCore
import CorridorGeo
import CorridorRisk
import CorridorServices
import CorridorStore
import Foundation
import Hummingbird

/// The dashboard: the map of sites and recent events, counts by domain and province.
struct DashboardPage {
    let store: any CorridorStore
    let risk: RiskService
    let views: EventViews
    /// The dashboard's body per reader (the page around it carries the session's CSRF token).
    let dashboards = FreshViews<Principal?, SafeHTML>()
    let now: @Sendable () -> Date

    func register(on routes: Routes) {
        routes.get("/", .signedIn, use: dashboard)
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
        let mapBox = BoundingBox(
            minLongitude: MapSVG.minLon, minLatitude: MapSVG.minLat, maxLongitude: MapSVG.maxLon, maxLatitude: MapSVG.maxLat)
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
}
