import CorridorCore
import CorridorGeo
import CorridorRisk
import CorridorTestSupport
import Foundation
import Testing

/// The packed engine against a reference written the plain way, and its packing through
/// every path: bulk load, events staged after packing, repacking, moves and replacements.
@Suite struct PackedEngineTests {
    typealias World = RiskPropertyTests.World

    /// Every (site, domain) sum by brute force: each event against each site, haversine.
    func reference(_ sites: [Site], _ events: [Event]) -> [[Double]] {
        let c = RiskConfiguration.default
        return sites.map { site in
            var sums = Array(repeating: 0.0, count: Domain.allCases.count)
            // Only what was known at the time counts (a report filed after it does not).
            for e in events where e.geoPrecision != .region && e.siteIDs.isEmpty && e.reportedAt <= Fixtures.now {
                let s = c.settings(e.domain)
                let age = Fixtures.now.timeIntervalSince(e.occurredAt) / 86_400
                guard age >= 0, age <= s.halfLifeDays * c.horizonHalfLives else { continue }
                let d = Geodesy.distanceKm(site.location, e.location)
                guard d < s.radiusKm, let index = Domain.allCases.firstIndex(of: e.domain) else { continue }
                sums[index] +=
                    RiskModel.baseWeight(e, c) * RiskModel.timeDecay(ageDays: age, halfLifeDays: s.halfLifeDays)
                    * RiskModel.distanceDecay(distanceKm: d, radiusKm: s.radiusKm)
            }
            return sums
        }
    }

    /// Located, unnamed events only, so the reference above computes exactly what the engine does.
    func locatedWorld(seed: UInt64, sites: Int, events: Int) -> World {
        var world = World(seed: seed, sites: sites, events: events)
        for i in world.events.indices {
            world.events[i].geoPrecision = .exact
            world.events[i].siteIDs = []
        }
        return world
    }

    func expectAgreement(_ engine: RiskEngine, _ sites: [Site], _ events: [Event], _ note: Comment) {
        for (site, expected) in zip(sites, reference(sites, events)) {
            let ours = engine.domainSums(siteID: site.id) ?? []
            #expect(ours.count == expected.count)
            for (d, (a, b)) in zip(ours, expected).enumerated() {
                #expect(abs(a - b) <= 1e-9 * max(1, abs(b)), "\(site.id), domain \(d): \(a) against \(b) \(note)")
            }
        }
    }

    @Test(arguments: [41, 42] as [UInt64])
    func bulkLoadedSumsEqualTheBruteForceReference(seed: UInt64) {
        let world = locatedWorld(seed: seed, sites: 80, events: 3_000)
        let engine = RiskEngine(sites: world.sites, events: world.events, asOf: Fixtures.now)
        expectAgreement(engine, world.sites, world.events, "bulk")
        #expect(engine.results.contains { $0.hazardExposure > 0 })
    }

    /// More events arrive one by one than the staging area holds, so the grids repack while
    /// updates run; some packed events move and change, which empties their old lanes.
    @Test func eventsStagedAndRepackedAfterTheBuildStillAgree() {
        let world = locatedWorld(seed: 43, sites: 60, events: 11_000)
        var engine = RiskEngine(sites: world.sites, events: Array(world.events.prefix(1_000)), asOf: Fixtures.now)
        for e in world.events.dropFirst(1_000) { engine.upsert(event: e) }
        var revised = world.events
        for i in stride(from: 0, to: revised.count, by: 5) {
            revised[i].location = world.events[(i + 11) % revised.count].location
            revised[i].severity = 6 - revised[i].severity
            engine.upsert(event: revised[i])
        }
        expectAgreement(engine, world.sites, revised, "after updates")
        engine.recomputeAll()
        expectAgreement(engine, world.sites, revised, "after a full recompute")
    }

    /// Rows are trimmed to the circle by a flat approximation; far from the equator, where
    /// a circle spans the most longitude, it must still cover every event in reach.
    @Test(arguments: [(62.0, 69.5), (-69.5, -60.0), (-0.5, 0.5)])
    func rowsTrimmedToTheCircleMissNothingAtAnyLatitude(band: (Double, Double)) {
        var world = locatedWorld(seed: 46, sites: 40, events: 4_000)
        var rng = RiskPropertyTests.Generator(state: 7)
        func point() -> Coordinate { Fixtures.coordinate(band.0 + rng.unit() * (band.1 - band.0), 20 + rng.unit() * 4) }
        for i in world.sites.indices { world.sites[i].location = point() }
        for i in world.events.indices { world.events[i].location = point() }
        let engine = RiskEngine(sites: world.sites, events: world.events, asOf: Fixtures.now)
        expectAgreement(engine, world.sites, world.events, "between \(band.0) and \(band.1)")
        #expect(engine.results.contains { $0.hazardExposure > 0 })
    }

    /// A few events half a world away would make a box of cells too large to pack: the dense
    /// core is packed, the far ones stay staged, and both are still found.
    @Test func farOutliersStayStagedAndStillCount() {
        var world = locatedWorld(seed: 47, sites: 40, events: 6_000)
        for i in stride(from: 0, to: 6, by: 2) {
            world.events[i].location = Fixtures.coordinate(-50 + Double(i) / 10, -120 + Double(i) / 10)
            world.events[i].domain = .cyber
            world.events[i].occurredAt = Fixtures.now.addingTimeInterval(-86_400)
            world.events[i].reportedAt = world.events[i].occurredAt
        }
        world.sites[0].location = Fixtures.coordinate(-50.02, -120.02)
        let engine = RiskEngine(sites: world.sites, events: world.events, asOf: Fixtures.now)
        expectAgreement(engine, world.sites, world.events, "with outliers")
        #expect((engine.domainSums(siteID: world.sites[0].id) ?? [])[2] > 0)
        var updated = engine
        for e in world.events.prefix(40) { updated.upsert(event: e) }
        expectAgreement(updated, world.sites, world.events, "outliers upserted again")
    }

    @Test func allCoresGiveWhatOneCoreGives() {
        let world = World(seed: 44, sites: 300, events: 4_000)
        var one = RiskEngine(sites: world.sites, events: world.events, asOf: Fixtures.now)
        one.recomputeAll(cores: 1)
        var many = one
        many.recomputeAll(cores: 4)
        #expect(one.results.map(\.risk) == many.results.map(\.risk))
        #expect(one.results.map(\.siteID) == world.sites.map(\.id))
    }

    /// Loading page by page, as the server does, builds the same engine as one call.
    @Test func pagesLoadLikeOneSequence() {
        let world = World(seed: 45, sites: 50, events: 2_500)
        let whole = RiskEngine(sites: world.sites, events: world.events, asOf: Fixtures.now)
        var paged = RiskEngine(sites: world.sites, asOf: Fixtures.now)
        for start in stride(from: 0, to: world.events.count, by: 1_000) {
            paged.load(world.events[start..<min(start + 1_000, world.events.count)])
        }
        paged.recomputeAll()
        for (a, b) in zip(paged.results, whole.results) { #expect(abs(a.risk - b.risk) <= 1e-12, "\(a.siteID)") }
    }

    /// An event loaded twice (a later page repeating it) counts once, as its last version.
    @Test func anEventLoadedAgainReplacesItself() {
        let site = Fixtures.site(id: "gwadar-port", at: Fixtures.gwadar)
        var e = Fixtures.event(ref: "twice", daysAgo: 1, at: Fixtures.gwadar, severity: 2)
        var engine = RiskEngine(sites: [site], asOf: Fixtures.now)
        engine.load([e])
        e.severity = 5
        engine.load([e])
        engine.recomputeAll()
        let once = RiskEngine(sites: [site], events: [e], asOf: Fixtures.now)
        #expect(engine.domainSums(siteID: site.id) == once.domainSums(siteID: site.id))
        #expect(engine.explain(siteID: site.id)?.topEvents.map(\.eventID) == [e.id])
    }
}
