import CorridorCore
import CorridorGeo
import CorridorRisk
import CorridorTestSupport
import Foundation
import Testing

/// A point `km` kilometres due north of `c`.
func north(of c: Coordinate, km: Double) -> Coordinate {
    Fixtures.coordinate(c.latitude + km / Geodesy.earthRadiusKm * 180 / .pi, c.longitude)
}

@Suite struct RiskEngineTests {
    let now = Fixtures.now
    let config = RiskConfiguration.default

    func site(_ id: String = "gwadar-port", at c: Coordinate = Fixtures.gwadar) -> Site {
        var s = Fixtures.site(id: id, at: c)
        s.protectionMeasures = ["perimeter fence", "cctv", "access control"]
        return s
    }

    @Test func handComputedSiteWithOneEvent() throws {
        // One confirmed severity-4 IED with 1 death, 90 days ago, 30 km away; terrorism half-life
        // 180 d, radius 50 km; beyond the 25 km of recent severe incidents.
        var e = Fixtures.event(ref: "e1", daysAgo: 90, at: north(of: Fixtures.gwadar, km: 30), severity: 4)
        e.fatalities = 1
        e.confidence = .confirmed
        let engine = RiskEngine(sites: [site()], events: [e], asOf: now)
        let r = try #require(engine.result(for: "gwadar-port"))
        let weight = 0.8 * (1 + 0.5 * log(2.0)) * 1.0 * pow(0.5, 0.5) * 0.4
        let explanation = try #require(engine.explain(siteID: "gwadar-port"))
        let part = try #require(explanation.domains.first { $0.domain == .terrorismInsurgency })
        #expect(abs(part.rawWeight - weight) < 1e-9)
        let score = 10 * (1 - exp(-log1p(weight) / log1p(15)))
        #expect(abs(r.domainScores["terrorism_insurgency"]! - score) < 1e-9)
        // One domain: hazard & exposure is that domain's score.
        #expect(abs(r.hazardExposure - score) < 1e-9)
        // V: foreign nationals 40 → 10 ln 41/ln 201; criticality 5 → 10; local 600 of 700 → 10/7;
        // land disputes, grievances and delays unknown → 5 each.
        let v = (10 * log(41.0) / log(201.0) + 10 + 10 * (1 - 600.0 / 700) + 15) / 6
        #expect(abs(r.vulnerability! - v) < 1e-9)
        // LCC: 3 of 6 baseline measures missing → 5; no agency bases, mandates or cases → 5 each.
        #expect(abs(r.copingCapacityLack! - 5) < 1e-12)
        #expect(abs(r.risk - cbrt(score * (1 + 0.9 * v) * (1 + 0.9 * 5))) < 1e-9)
        #expect(r.completeness == 0.4)
        #expect(r.confidence.level == .medium)
        #expect(r.confidence.flaggedDimensions == [.copingCapacityLack])
        #expect(explanation.topEvents.map(\.eventID) == [e.id])
        let criticality = try #require(explanation.indicators.first { $0.id == "criticality" })
        #expect(criticality.contribution == 10.0 / 6)
        let vSum = explanation.indicators.filter { $0.dimension == .vulnerability }.compactMap(\.contribution).reduce(0, +)
        #expect(abs(vSum - v) < 1e-9)
        #expect(abs(explanation.topEvents[0].distanceKm! - 30) < 1e-6)
        #expect(r.recentSevereIncidents == 0 && explanation.severeIncidents.eventIDs.isEmpty)
        #expect(explanation.topEvents[0].share == 1)
    }

    /// A severe incident of any domain within 25 km in the last year counts as such, even
    /// beyond its domain's own radius (a severe robbery 20 km away; crime reaches 15 km).
    @Test func recentSevereIncidentsCountWithinTheirRadiusAndWindow() throws {
        let robbery = Fixtures.event(
            ref: "rob", daysAgo: 100, domain: .crime, type: "robbery", at: north(of: Fixtures.gwadar, km: 20), severity: 4)
        let old = Fixtures.event(ref: "old", daysAgo: 400, at: north(of: Fixtures.gwadar, km: 5), severity: 5)
        let far = Fixtures.event(ref: "far", daysAgo: 10, at: north(of: Fixtures.gwadar, km: 26), severity: 5)
        let minor = Fixtures.event(ref: "minor", daysAgo: 10, at: north(of: Fixtures.gwadar, km: 2), severity: 3)
        var named = Fixtures.event(ref: "named", daysAgo: 10, domain: .cyber, type: "ransomware", at: Fixtures.lahore, severity: 4)
        named.siteIDs = ["gwadar-port"]
        var engine = RiskEngine(sites: [site()], events: [robbery, old, far, minor, named], asOf: now)
        let r = try #require(engine.result(for: "gwadar-port"))
        #expect(r.recentSevereIncidents == 2)
        // Two incidents on a scale of 1: 10 (1 − e^(−ln 3 / ln 2)).
        #expect(abs(r.severeIncidentScore - 10 * (1 - exp(-log(3.0) / log(2.0)))) < 1e-12)
        #expect(r.hazardExposure >= r.severeIncidentScore)
        let x = try #require(engine.explain(siteID: "gwadar-port", visible: { $0.tlp != .red }))
        #expect(Set(x.severeIncidents.eventIDs) == [robbery.id, named.id])
        // The robbery is beyond crime's radius: it counts as a severe incident only.
        #expect(x.domains.first { $0.domain == .crime }?.events == 0)
        // Withdrawing it (aged out by a correction) recounts the site.
        var corrected = robbery
        corrected.occurredAt = now.addingTimeInterval(-500 * 86_400)
        corrected.reportedAt = corrected.occurredAt
        #expect(engine.upsert(event: corrected) == ["gwadar-port"])
        #expect(engine.result(for: "gwadar-port")?.recentSevereIncidents == 1)
    }

    /// A site named twice is reached once, in a full recompute as in an update (found in review:
    /// a reporter could double an event's weight by repeating a site id).
    @Test func aSiteNamedTwiceCountsOnce() throws {
        var twice = Fixtures.event(ref: "twice", daysAgo: 5, domain: .cyber, type: "ransomware", at: Fixtures.lahore, severity: 5)
        twice.siteIDs = ["gwadar-port", "gwadar-port"]
        var once = twice
        once.siteIDs = ["gwadar-port"]
        let full = RiskEngine(sites: [site()], events: [twice], asOf: now)
        var incremental = RiskEngine(sites: [site()], events: [], asOf: now)
        incremental.upsert(event: twice)
        let reference = RiskEngine(sites: [site()], events: [once], asOf: now)
        for engine in [full, incremental] {
            #expect(engine.result(for: "gwadar-port")?.recentSevereIncidents == 1)
            #expect(engine.result(for: "gwadar-port")?.risk == reference.result(for: "gwadar-port")?.risk)
        }
    }

    @Test func eventsBeyondRadiusOrHorizonOrInTheFutureDoNotCount() throws {
        let events = [
            Fixtures.event(ref: "far", at: north(of: Fixtures.gwadar, km: 51)),
            Fixtures.event(ref: "old", daysAgo: 180 * 6 + 1),
            Fixtures.event(ref: "future", daysAgo: -2),
        ]
        let engine = RiskEngine(sites: [site()], events: events, asOf: now)
        #expect(engine.result(for: "gwadar-port")?.hazardExposure == 0)
        #expect(engine.result(for: "gwadar-port")?.risk == 0)
        #expect(engine.explain(siteID: "gwadar-port")?.topEvents.isEmpty == true)
    }

    @Test func regionAndLinkedEventsReachSitesWithoutDistance() throws {
        var district = Fixtures.event(ref: "d", at: Fixtures.quetta)
        district.geoPrecision = .region
        district.district = "Gwadar"
        var province = Fixtures.event(ref: "p", at: Fixtures.quetta)
        province.geoPrecision = .region
        var cyber = Fixtures.event(ref: "c", domain: .cyber, type: "ransomware", at: Fixtures.lahore, province: .punjab)
        cyber.siteIDs = ["gwadar-port"]
        let engine = RiskEngine(sites: [site()], events: [district, province, cyber], asOf: now)
        let x = try #require(engine.explain(siteID: "gwadar-port"))
        let bases = Dictionary(uniqueKeysWithValues: x.topEvents.map { ($0.eventID, $0.basis) })
        #expect(bases == [district.id: "district", province.id: "province", cyber.id: "linked"])
        let w = x.topEvents.first { $0.eventID == district.id }!.weight
        let p = x.topEvents.first { $0.eventID == province.id }!.weight
        #expect(abs(w / p - 0.5 / 0.05) < 1e-9)
    }

    @Test func missingIndicatorsAreImputedAsAverageAndLowerConfidence() throws {
        var bare = Fixtures.site(id: "bare")
        bare.foreignNationals = nil
        bare.localWorkers = nil
        bare.totalWorkers = nil
        bare.protectionMeasures = []
        bare.criticality = 3
        let engine = RiskEngine(sites: [bare], events: [Fixtures.event(ref: "e")], asOf: now)
        let r = try #require(engine.result(for: "bare"))
        #expect(r.vulnerability == 5)
        #expect(r.copingCapacityLack == 5)
        #expect(r.risk > 0)
        #expect(r.completeness == 0.1)
        #expect(r.confidence.level == .low)
        #expect(r.confidence.flaggedDimensions == [.vulnerability, .copingCapacityLack])
        let x = try #require(engine.explain(siteID: "bare"))
        #expect(x.indicators.filter { $0.value == nil }.count == 9)
        #expect(x.indicators.first { $0.id == "protection_gap" }?.basis == "no measures recorded")
    }

    /// Gwadar Free Zone in the demo: an agency base on site (response distance 0) used to set
    /// LCC to 0 and so its risk to 0 amid twenty attacks.
    @Test func oneCopingIndicatorAtZeroDoesNotSilenceTheHazard() throws {
        var s = site()
        s.protectionMeasures = []
        let base = Agency(id: "fc", name: "FC", kind: .military, bases: [Fixtures.gwadar])
        let events = (0..<20).map {
            Fixtures.event(ref: "t\($0)", daysAgo: Double($0 * 15), at: north(of: Fixtures.gwadar, km: 10), severity: 4)
        }
        let engine = RiskEngine(sites: [s], events: events, agencies: [base], asOf: now)
        let r = try #require(engine.result(for: "gwadar-port"))
        #expect(abs(r.copingCapacityLack! - 15.0 / 4) < 1e-12)
        #expect(r.risk > 3)
    }

    @Test func externalIndicatorsEnterThroughTheSourceInterface() throws {
        struct Grievances: RiskIndicatorSource {
            let indicatorIDs = ["grievance_backlog"]
            func value(_ id: String, for site: Site) -> IndicatorValue? {
                IndicatorValue(id: id, dimension: .vulnerability, title: "Grievance backlog", value: 8, basis: "12 open grievances")
            }
        }
        let without = RiskEngine(sites: [site()], events: [Fixtures.event(ref: "e")], asOf: now)
        let with = RiskEngine(sites: [site()], events: [Fixtures.event(ref: "e")], asOf: now, sources: [Grievances()])
        #expect(with.result(for: "gwadar-port")!.completeness == 0.5)
        #expect(with.result(for: "gwadar-port")!.confidence.level == .medium)
        #expect(with.result(for: "gwadar-port")!.vulnerability! != without.result(for: "gwadar-port")!.vulnerability!)
    }

    @Test func agencyBasesSetResponseDistance() throws {
        let agency = Agency(id: "a", name: "A", kind: .police, bases: [north(of: Fixtures.gwadar, km: 75)])
        let engine = RiskEngine(sites: [site()], events: [], agencies: [agency], asOf: now)
        let x = try #require(engine.explain(siteID: "gwadar-port"))
        let v = try #require(x.indicators.first { $0.id == "response_distance" }?.value)
        #expect(abs(v - 5) < 1e-6)
    }

    @Test func withheldEventsAreCountedNotListed() throws {
        var a = Fixtures.event(ref: "a")
        var b = Fixtures.event(ref: "b", severity: 5)
        a.tlp = .green
        b.tlp = .red
        let engine = RiskEngine(sites: [site()], events: [a, b], asOf: now)
        let x = try #require(engine.explain(siteID: "gwadar-port", visible: { $0.tlp != .red }))
        #expect(x.topEvents.map(\.eventID) == [a.id])
        #expect(x.withheldEvents == 1)
    }

    @Test func asOfLeavesOutEventsReportedLater() throws {
        var late = Fixtures.event(ref: "late", daysAgo: 10)
        late.reportedAt = now.addingTimeInterval(-86_400)
        let before = RiskEngine(sites: [site()], events: [late], asOf: now.addingTimeInterval(-5 * 86_400))
        let after = RiskEngine(sites: [site()], events: [late], asOf: now)
        #expect(before.result(for: "gwadar-port")?.hazardExposure == 0)
        #expect(after.result(for: "gwadar-port")!.hazardExposure > 0)
    }

    @Test func rollUpsCountClassesPerProvince() {
        let sites = [site("a"), site("b", at: Fixtures.karachi), site("c", at: Fixtures.quetta)].enumerated().map { i, s in
            var s = s
            s.province = i == 1 ? .sindh : .balochistan
            return s
        }
        let engine = RiskEngine(sites: sites, events: (0..<30).map { Fixtures.event(ref: "e\($0)", severity: 5) }, asOf: now)
        let rollups = RiskRollUp.byProvince(engine.results)
        let balochistan = rollups.first { $0.province == .balochistan }
        #expect(balochistan?.sites == 2)
        #expect(balochistan?.classCounts.values.reduce(0, +) == 2)
        #expect(balochistan?.maxRisk == engine.results.filter { $0.province == .balochistan }.map(\.risk).max())
        #expect(rollups.first?.area == "Balochistan")
    }
}

@Suite struct RiskPropertyTests {
    /// Random sites and events over Pakistan from a seeded generator.
    struct World {
        var sites: [Site] = []
        var events: [Event] = []
        init(seed: UInt64, sites siteCount: Int, events eventCount: Int) {
            var rng = Generator(state: seed)
            for i in 0..<siteCount {
                var s = Fixtures.site(id: "s\(i)", at: rng.point())
                s.province = ProvinceLocator.shared.nearestProvince(at: s.location)
                s.protectionMeasures = Array(RiskConfiguration.default.baselineMeasures.prefix(Int(rng.next() % 7)))
                if s.protectionMeasures.isEmpty { s.protectionMeasures = ["none"] }
                sites.append(s)
            }
            for i in 0..<eventCount {
                let domain = Domain.allCases[Int(rng.next() % 8)]
                let type = EventTaxonomy.types[domain]?.first ?? "threat"
                var e = Fixtures.event(
                    ref: "r\(i)", daysAgo: Double(rng.next() % 900), domain: domain, type: type, at: rng.point(),
                    severity: 1 + Int(rng.next() % 5))
                e.province = ProvinceLocator.shared.nearestProvince(at: e.location)
                e.fatalities = Int(rng.next() % 4)
                if rng.next() % 10 == 0 { e.geoPrecision = .region }
                if rng.next() % 20 == 0 { e.siteIDs = ["s\(rng.next() % UInt64(siteCount))"] }
                events.append(e)
            }
        }
    }

    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 11
        }
        mutating func unit() -> Double { Double(next() % 1_000_000) / 1_000_000 }
        /// Inside a box around the densest part of the corridor, so sites and events meet.
        mutating func point() -> Coordinate { Fixtures.coordinate(29 + unit() * 6, 66 + unit() * 8) }
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func incrementalUpdatesEqualAFullRecompute(seed: UInt64) throws {
        let world = World(seed: seed, sites: 60, events: 800)
        var incremental = RiskEngine(sites: world.sites, events: Array(world.events.prefix(400)), asOf: Fixtures.now)
        for e in world.events.dropFirst(400) { incremental.upsert(event: e) }
        // Revise some events: move them, change severity, withdraw by aging them out.
        var revised = world.events
        for i in stride(from: 0, to: revised.count, by: 7) {
            revised[i].severity = 6 - revised[i].severity
            revised[i].location = world.events[(i + 3) % revised.count].location
            revised[i].province = world.events[(i + 3) % revised.count].province
            incremental.upsert(event: revised[i])
        }
        var site = world.sites[5]
        site.location = world.sites[6].location
        site.criticality = 1
        incremental.upsert(site: site)
        var sites = world.sites
        sites[5] = site
        let full = RiskEngine(sites: sites, events: revised, asOf: Fixtures.now)
        for (a, b) in zip(incremental.results, full.results) {
            #expect(a.siteID == b.siteID)
            #expect(abs(a.risk - b.risk) <= 1e-9 * max(1, b.risk), "\(a.siteID)")
            for (k, v) in b.domainScores { #expect(abs((a.domainScores[k] ?? -1) - v) <= 1e-9 * max(1, v)) }
        }
        #expect(full.results.contains { $0.risk > 0 })
    }

    @Test func upsertReturnsOnlySitesInReach() {
        let world = World(seed: 9, sites: 80, events: 0)
        var engine = RiskEngine(sites: world.sites, events: [], asOf: Fixtures.now)
        let e = Fixtures.event(ref: "x", domain: .crime, type: "theft", at: world.sites[0].location)
        let touched = Set(engine.upsert(event: e))
        let expected = Set(world.sites.filter { Geodesy.distanceKm($0.location, e.location) < 15 }.map(\.id))
        #expect(touched == expected)
        #expect(touched.contains("s0"))
    }

    @Test func aNewNearbySevereEventNeverLowersRisk() {
        let world = World(seed: 4, sites: 40, events: 300)
        var engine = RiskEngine(sites: world.sites, events: world.events, asOf: Fixtures.now)
        let before = engine.results
        for (i, s) in world.sites.enumerated() where i % 4 == 0 {
            var e = Fixtures.event(ref: "new\(i)", daysAgo: 0, at: s.location, severity: 5)
            e.fatalities = 3
            engine.upsert(event: e)
        }
        for (a, b) in zip(before, engine.results) { #expect(b.risk >= a.risk - 1e-12) }
    }

    /// A new event anywhere, of any domain, severity, precision or link, never lowers any
    /// site's risk.
    @Test(arguments: [11, 12, 13] as [UInt64])
    func riskIsMonotoneInHazard(seed: UInt64) {
        let world = World(seed: seed, sites: 50, events: 400)
        var engine = RiskEngine(sites: world.sites, events: Array(world.events.prefix(200)), asOf: Fixtures.now)
        for e in world.events.dropFirst(200) {
            let before = engine.results
            engine.upsert(event: e)
            for (a, b) in zip(before, engine.results) {
                #expect(b.risk >= a.risk - 1e-12 * max(1, a.risk), "\(e.id) lowered \(a.siteID)")
            }
        }
    }

    /// A severe event at a site strictly raises that site's risk, however busy the site already is.
    @Test(arguments: [21, 22] as [UInt64])
    func aSevereEventAtASiteAlwaysRaisesItsRisk(seed: UInt64) {
        var world = World(seed: seed, sites: 30, events: 600)
        // Pile attacks on a few sites so some domains are far beyond their scale.
        for i in 0..<300 {
            let s = world.sites[i % 3]
            world.events.append(Fixtures.event(ref: "pile\(i)", daysAgo: Double(i % 60), at: s.location, severity: 5))
        }
        var engine = RiskEngine(sites: world.sites, events: world.events, asOf: Fixtures.now)
        for (i, s) in world.sites.enumerated() {
            let before = engine.result(for: s.id)!.risk
            let domain: Domain = i % 2 == 0 ? .terrorismInsurgency : .crime
            var e = Fixtures.event(
                ref: "severe\(i)", daysAgo: 1, domain: domain, type: EventTaxonomy.types[domain]![0], at: s.location, severity: 5)
            e.fatalities = 6
            e.confidence = .confirmed
            engine.upsert(event: e)
            #expect(engine.result(for: s.id)!.risk > before, "\(s.id)")
        }
    }

    /// Whatever indicators are missing, a site with hazard has risk above 0.
    @Test(arguments: [31, 32] as [UInt64])
    func missingIndicatorsNeverDriveRiskToZero(seed: UInt64) {
        var world = World(seed: seed, sites: 60, events: 300)
        var rng = Generator(state: seed)
        for i in world.sites.indices {
            if rng.next() % 2 == 0 { world.sites[i].foreignNationals = nil }
            if rng.next() % 2 == 0 { world.sites[i].localWorkers = nil }
            if rng.next() % 2 == 0 { world.sites[i].protectionMeasures = [] }
            if rng.next() % 3 == 0 {
                // Everything known and at its best: still not 0.
                world.sites[i].foreignNationals = 0
                world.sites[i].localWorkers = world.sites[i].totalWorkers
                world.sites[i].criticality = 1
                world.sites[i].protectionMeasures = RiskConfiguration.default.baselineMeasures
            }
        }
        let bases = [Agency(id: "a", name: "A", kind: .police, bases: world.sites.prefix(10).map(\.location))]
        let engine = RiskEngine(sites: world.sites, events: world.events, agencies: bases, asOf: Fixtures.now)
        var withHazard = 0
        for r in engine.results where r.hazardExposure > 0 {
            withHazard += 1
            #expect(r.risk > 0, "\(r.siteID)")
            #expect(r.risk >= cbrt(r.hazardExposure) - 1e-12)
        }
        #expect(withHazard > 20)
    }

    @Test func aProtectionMeasureNeverRaisesRisk() {
        let world = World(seed: 5, sites: 40, events: 300)
        var engine = RiskEngine(sites: world.sites, events: world.events, asOf: Fixtures.now)
        for s in world.sites {
            let before = engine.result(for: s.id)!.risk
            var better = s
            if better.protectionMeasures == ["none"] { better.protectionMeasures = [] }
            for m in RiskConfiguration.default.baselineMeasures where !better.protectionMeasures.contains(m) {
                better.protectionMeasures.append(m)
                break
            }
            if better.protectionMeasures.isEmpty { continue }
            #expect(engine.upsert(site: better).risk <= before + 1e-12, "\(s.id)")
        }
    }
}

@Suite struct RiskSnapshotTests {
    func result(_ id: String, _ risk: Double, _ c: RiskClass) -> SiteRisk {
        SiteRisk(
            siteID: id, siteName: id.uppercased(), province: nil, district: nil, risk: risk, riskClass: c, hazardExposure: risk,
            vulnerability: nil, copingCapacityLack: nil, domainScores: [:], completeness: 0.2)
    }

    @Test func onlyARiseInClassRaisesAnAlert() {
        let previous = [
            RiskSnapshot(
                siteID: "a", day: "2026-05-30", risk: 2, riskClass: .low, hazardExposure: 2, vulnerability: nil, copingCapacityLack: nil,
                completeness: 0.2),
            RiskSnapshot(
                siteID: "b", day: "2026-05-31", risk: 5, riskClass: .high, hazardExposure: 5, vulnerability: nil, copingCapacityLack: nil,
                completeness: 0.2),
            RiskSnapshot(
                siteID: "c", day: "2026-05-31", risk: 3.1, riskClass: .medium, hazardExposure: 3, vulnerability: nil,
                copingCapacityLack: nil, completeness: 0.2),
        ]
        let current = [result("a", 4.7, .high), result("b", 3.2, .medium), result("c", 3.4, .medium), result("new", 9, .veryHigh)]
        let alerts = RiskSnapshots.classRises(previous: previous, current: current, day: "2026-06-01", at: Fixtures.now)
        #expect(alerts.map(\.id) == ["risk.class_changed:a:2026-06-01"])
        #expect(alerts[0].kind == "risk.class_changed")
        #expect(alerts[0].details["from"] == "low" && alerts[0].details["to"] == "high")
        #expect(alerts[0].title == "Risk at A rose from low to high")
    }
}
