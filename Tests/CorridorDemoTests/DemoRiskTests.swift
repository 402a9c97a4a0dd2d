import CorridorCoordination
import CorridorCore
import CorridorDemo
import CorridorExchange
import CorridorGeo
import CorridorRisk
import Foundation
import Testing

/// The risk table a newcomer sees on the demo (issue: "no site at zero amid attacks").
@Suite struct DemoRiskTests {
    /// The demo's sites, agencies, mandates, real history and synthetic year, as `demo` seeds them.
    static func demoEngine(today: Date, synthetic: Bool = true) throws -> (RiskEngine, [Site], [Event]) {
        let seed = DemoSeed()
        let sites = try seed.sites().records.map(\.record)
        let agencies = try seed.agencies()
        var events = try seed.publicIncidents().records.map(\.record) + seed.ucdpHistory().records.map(\.record)
        if synthetic {
            events += SyntheticEvents().generate(anchors: SyntheticEvents.anchors(sites: sites, towns: try seed.towns()), today: today)
        }
        let rules = try MandateFile.read(try seed.mandateFile(), agencies: Set(agencies.map(\.id)))
        let engine = RiskEngine(
            sites: sites, events: events, agencies: agencies, asOf: today,
            sources: [MandateCoverage(book: MandateBook(rules: rules))])
        return (engine, sites, events)
    }

    @Test func sitesWithRecentSevereEventsRankAboveQuietOnesAndNoneIsAtZeroAmidEvents() throws {
        let today = Date()
        let (engine, sites, events) = try Self.demoEngine(today: today)
        let yearAgo = today.addingTimeInterval(-365 * 86_400)
        // Located events (not district- or province-level) of severity 4 or 5 in the last year.
        let severe = events.filter {
            $0.severity >= 4 && $0.geoPrecision != .region && $0.occurredAt > yearAgo && $0.occurredAt <= today
        }
        func nearest(_ site: Site) -> Double { severe.map { Geodesy.distanceKm($0.location, site.location) }.min() ?? .infinity }
        let risk = Dictionary(uniqueKeysWithValues: engine.results.map { ($0.siteID, $0.risk) })
        let hot = sites.filter { nearest($0) < 25 }
        let quiet = sites.filter { nearest($0) >= 50 }
        #expect(hot.count >= 10 && quiet.count >= 5)
        #expect(hot.contains { $0.id == "cpec-10" } && hot.contains { $0.id == "cpec-11" })
        let lowestHot = try #require(hot.map { risk[$0.id] ?? 0 }.min())
        let highestQuiet = try #require(quiet.map { risk[$0.id] ?? 0 }.max())
        #expect(
            lowestHot > highestQuiet,
            "lowest site with a severe event within 25 km: \(lowestHot); highest with none within 50 km: \(highestQuiet)")
        // Risk is 0 only where nothing reaches the site.
        for r in engine.results where r.risk == 0 {
            #expect(r.hazardExposure == 0, "\(r.siteID)")
        }
        #expect(engine.results.filter { $0.risk == 0 }.isEmpty)
        // Gwadar Port now ranks above the Thar coal plants.
        #expect((risk["cpec-10"] ?? 0) > (risk["cpec-19"] ?? 10) || (risk["cpec-10"] ?? 0) > (risk["cpec-20"] ?? 10))
    }

    /// The shipped history is history: as of today it adds nothing (it ends in 2019), while as of
    /// 2014 the sites in the insurgency belt stand out.
    @Test func theUCDPHistoryShowsAsOfItsOwnTime() throws {
        let (engine2014, _, events) = try Self.demoEngine(
            today: try #require(DateFormats.parseDay("2014-06-30")), synthetic: false)
        let ucdp = Set(events.filter { $0.source == UCDPMapping.source }.map(\.id))
        let severeSites = engine2014.results.filter { $0.recentSevereIncidents > 0 }
        #expect(severeSites.count >= 5)
        for r in severeSites {
            let x = try #require(engine2014.explain(siteID: r.siteID))
            #expect(x.severeIncidents.eventIDs.allSatisfy { ucdp.contains($0) }, "\(r.siteID)")
        }
        // Today the history (to 2019) is beyond every horizon: it does not move today's risk.
        let (now, _, _) = try Self.demoEngine(today: Date(), synthetic: false)
        #expect(now.results.allSatisfy { $0.recentSevereIncidents == 0 })
    }
}
