import CorridorCore
import CorridorMaritime
import Foundation
import Testing

/// Positions off Gwadar; 0.1° of latitude is 11.1 km.
func point(_ mmsi: Int, hours: Double, lat: Double, lon: Double = 62.2, lowResolution: Bool = false) -> TrackPoint {
    TrackPoint(mmsi: mmsi, time: 1_800_000_000 + hours * 3600, latitude: lat, longitude: lon, lowResolution: lowResolution)
}

@Suite struct GapDetectorTests {
    static let gwadar = Anchorage(name: "Gwadar port", latitude: 25.11, longitude: 62.33, radiusKm: 5)

    static func detector() throws -> GapDetector {
        var configuration = GapDetector.Configuration()
        configuration.ports = [gwadar]
        configuration.coverage = [
            try [(24.0, 61.0), (24.0, 64.0), (25.5, 64.0), (25.5, 61.0), (24.0, 61.0)].map {
                try Coordinate(latitude: $0.0, longitude: $0.1)
            }
        ]
        return GapDetector(configuration: configuration)
    }

    @Test func aSixHourSilenceAtSeaIsAGapWithDistanceAndImpliedSpeed() throws {
        var d = try Self.detector()
        #expect(d.observe(point(1, hours: 0, lat: 24.8)) == nil)
        #expect(d.observe(point(1, hours: 1, lat: 24.8)) == nil)
        // Open while it lasts, closed when the vessel comes back 7 h later 22.2 km away.
        #expect(d.openGaps(at: 1_800_000_000 + 7.5 * 3600).map(\.mmsi) == [1])
        #expect(d.openGaps(at: 1_800_000_000 + 7.5 * 3600).first?.end == nil)
        let closed = d.observe(point(1, hours: 8, lat: 25.0))
        let gap = try #require(closed)
        #expect(gap.kind == .aisGap && gap.start == 1_800_003_600 && gap.end == 1_800_028_800)
        #expect(gap.details["hours"] == "7.0" && gap.details["distance_km"] == "22.2" && gap.details["implied_speed_kn"] == "1.7")
        #expect(gap.evidence.count == 2)
    }

    @Test func silenceInPortOrOutOfCoverageOrShortIsNoGap() throws {
        var d = try Self.detector()
        _ = d.observe(point(2, hours: 0, lat: 25.11, lon: 62.33)) // in Gwadar port
        #expect(d.observe(point(2, hours: 10, lat: 25.0)) == nil)
        _ = d.observe(point(3, hours: 0, lat: 22.0)) // south of the coverage area
        #expect(d.observe(point(3, hours: 10, lat: 24.5)) == nil)
        _ = d.observe(point(4, hours: 0, lat: 24.8))
        #expect(d.observe(point(4, hours: 5.9, lat: 24.8)) == nil)
        #expect(d.openGaps(at: 1_800_000_000 + 12 * 3600).map(\.mmsi) == [4])
    }
}

@Suite struct PositionAnomalyTests {
    @Test func jumpsFasterThan25KnotsWithPaddingAreFlagged() throws {
        var d = PositionAnomalyDetector()
        #expect(d.observe(point(5, hours: 0, lat: 24.5)) == nil)
        // 20 knots for an hour: 37 km, allowed 25 kn × 70 min + 1 km = 55 km.
        let oneHourLat: Double = 24.5 + 37.04 / 111.2
        #expect(d.observe(point(5, hours: 1, lat: oneHourLat)) == nil)
        // Then 100 km in ten minutes.
        let jumpLat: Double = 24.5 + 137.04 / 111.2
        let found = d.observe(point(5, hours: 1.0 + 1.0 / 6.0, lat: jumpLat))
        let jump = try #require(found)
        #expect(jump.kind == .positionAnomaly && jump.details["reason"] == "impossible_jump")
        #expect(abs((Double(jump.details["distance_km"] ?? "") ?? 0) - 100) < 1)
        let allowed: Double = 25 * 1.852 / 6 + 1
        #expect(abs(d.allowedKm(seconds: 0) - allowed) < 1e-9)
    }

    @Test func lowResolutionReportsAreNotUsed() {
        var d = PositionAnomalyDetector()
        _ = d.observe(point(6, hours: 0, lat: 24.5))
        #expect(d.observe(point(6, hours: 0.01, lat: 25.5, lowResolution: true)) == nil)
        #expect(d.observe(point(6, hours: 0.02, lat: 24.5)) == nil)
    }
}

@Suite struct IdentityChangeTests {
    @Test func aNewNameOrIMOWithinTheWindowIsReportedWithOldAndNew() {
        var d = IdentityChangeDetector()
        typealias I = IdentityChangeDetector.Identity
        #expect(d.observe(I(mmsi: 463_000_001, time: 0, name: "MAKRAN PEARL", imo: 9_000_001)).isEmpty)
        #expect(d.observe(I(mmsi: 463_000_001, time: 600, name: "MAKRAN PEARL")).isEmpty)
        let change = d.observe(I(mmsi: 463_000_001, time: 3600, name: "SEA SPIRIT", imo: 9_000_002))
        #expect(change.count == 1 && change.first?.details["name"] == "MAKRAN PEARL → SEA SPIRIT")
        #expect(change.first?.details["imo"] == "9000001 → 9000002" && change.first?.start == 600)
        // Two days later is outside the window: a re-registration, not a swap.
        #expect(d.observe(I(mmsi: 463_000_001, time: 3600 + 2 * 86_400, name: "GWADAR STAR")).isEmpty)
    }

    @Test func unallocatedMIDsAreReportedOnce() {
        var d = IdentityChangeDetector()
        let first = d.observe(.init(mmsi: 200_123_456, time: 0, name: "NOBODY"))
        #expect(first.map { $0.details["reason"] } == ["invalid_mid"] && first.first?.details["mid"] == "200")
        #expect(d.observe(.init(mmsi: 200_123_456, time: 60, name: "NOBODY")).isEmpty)
        #expect(d.observe(.init(mmsi: 463_123_456, time: 0)).isEmpty)
    }
}

@Suite struct ZoneDetectorTests {
    /// A 2 km square around 25.10 N, 62.33 E.
    static func zone(types: Set<Int>? = nil) throws -> Zone {
        let d = 0.009
        let ring = try [(-d, -d), (-d, d), (d, d), (d, -d)].map { try Coordinate(latitude: 25.10 + $0.0, longitude: 62.33 + $0.1 / 0.906) }
        return Zone(id: "gwadar-port-security", name: "Gwadar port security zone", rings: [ring], shipTypes: types)
    }

    @Test func entryAndExitWithHysteresisOnTheBoundary() throws {
        var d = ZoneDetector(zones: [try Self.zone()], marginKm: 0.1)
        #expect(d.observe(point(7, hours: 0, lat: 25.05, lon: 62.33)).isEmpty)
        // 50 m inside the southern edge: within the margin, not yet an entry.
        #expect(d.observe(point(7, hours: 0.1, lat: 25.0915, lon: 62.33)).isEmpty)
        let entry = d.observe(point(7, hours: 0.2, lat: 25.10, lon: 62.33))
        #expect(entry.count == 1 && entry.first?.kind == .zoneEntry && entry.first?.end == nil)
        #expect(entry.first?.details["zone"] == "gwadar-port-security")
        // Wobbling 50 m either side of the edge changes nothing.
        #expect(d.observe(point(7, hours: 0.3, lat: 25.0905, lon: 62.33)).isEmpty)
        #expect(d.observe(point(7, hours: 0.4, lat: 25.0915, lon: 62.33)).isEmpty)
        let exit = d.observe(point(7, hours: 0.5, lat: 25.08, lon: 62.33))
        #expect(exit.count == 1 && exit.first?.details["exit"] == "true" && exit.first?.end != nil)
    }

    @Test func aZoneForSomeShipTypesIgnoresOthers() throws {
        var d = ZoneDetector(zones: [try Self.zone(types: [30])]) // fishing vessels only
        #expect(d.observe(point(8, hours: 0, lat: 25.10, lon: 62.33), shipType: 70).isEmpty)
        #expect(d.observe(point(9, hours: 0, lat: 25.10, lon: 62.33), shipType: 30).count == 1)
        #expect(d.observe(point(10, hours: 0, lat: 25.10, lon: 62.33)).count == 1) // type unknown
    }
}

@Suite struct LoiteringTests {
    /// A straight coast along latitude 25.2 N: distance to shore is the distance south of it.
    static let shore: ShoreDistance = { lat, _ in max(0, (25.2 - lat) * 111.2) }

    @Test func fiveSlowHoursFarOffshoreAreLoiteringWithStartAndEnd() throws {
        var d = LoiteringDetector(shoreDistance: Self.shore)
        var found: [MaritimeDetection] = []
        // 24.5 N is 78 km (42 nm) offshore. Drifting 0.5 km per 10 min (1.6 kn) for 5 h, then away at 12 kn.
        for step in 0...30 {
            if let f = d.observe(point(11, hours: Double(step) / 6, lat: 24.5 + Double(step) * 0.0045)) { found.append(f) }
        }
        for step in 1...3 {
            if let f = d.observe(point(11, hours: 5 + Double(step) / 6, lat: 24.64 - Double(step) * 0.033)) { found.append(f) }
        }
        #expect(found.count == 1)
        let loiter = try #require(found.first)
        #expect(loiter.kind == .loitering && loiter.start == 1_800_000_000 && loiter.end == 1_800_000_000 + 5 * 3600)
        #expect(loiter.evidence.count == 31 && loiter.details["hours"] == "5.0")
    }

    @Test func slowNearShoreInAnchorageOrTooShortIsNotLoitering() {
        var configuration = LoiteringDetector.Configuration()
        configuration.anchorages = [Anchorage(name: "offshore anchorage", latitude: 24.5, longitude: 62.2, radiusKm: 5)]
        var d = LoiteringDetector(configuration: configuration, shoreDistance: Self.shore)
        var found = 0
        for step in 0...36 {
            let h = Double(step) / 6
            if d.observe(point(12, hours: h, lat: 25.1)) != nil { found += 1 } // 11 km from shore
            if d.observe(point(13, hours: h, lat: 24.5)) != nil { found += 1 } // in the anchorage
            if step <= 18, d.observe(point(14, hours: h, lat: 24.0)) != nil { found += 1 } // only 3 h
        }
        #expect(found == 0)
        #expect(d.openRuns().isEmpty)
    }
}

@Suite struct EncounterTests {
    @Test func resamplingInterpolatesButNeverAcrossALongGap() {
        let r = TrackResampler()
        let pts = [
            point(1, hours: 0, lat: 24.0), point(1, hours: 0.5, lat: 24.3), point(1, hours: 3, lat: 24.3), point(1, hours: 3.5, lat: 24.0),
        ]
        let out = r.resample(pts)
        // 0, 10, 20 min on the first leg; nothing in the 2.5 h gap; 3 h, 3 h 10, 3 h 20, 3 h 30 on the last.
        #expect(out.map { ($0.time - 1_800_000_000) / 600 } == [0, 1, 2, 18, 19, 20, 21])
        #expect(abs(out[1].latitude - 24.1) < 1e-9)
    }

    @Test func twoSlowVesselsSideBySideForThreeHoursMeetOnce() throws {
        var tracks: [Int: [TrackPoint]] = [:]
        // Both drift 0.3 km per 10 min (1 kn), 300 m apart, for 3 h; then part.
        for step in 0...18 {
            let h = Double(step) / 6
            tracks[1, default: []].append(point(1, hours: h, lat: 24.5 + Double(step) * 0.0027, lon: 62.0))
            tracks[2, default: []].append(point(2, hours: h, lat: 24.5 + Double(step) * 0.0027, lon: 62.003))
        }
        tracks[1]?.append(point(1, hours: 3.5, lat: 24.6, lon: 61.9))
        tracks[2]?.append(point(2, hours: 3.5, lat: 24.6, lon: 62.1))
        // A third passes close at 12 knots: crossing courses are not encounters.
        for step in 0...18 {
            tracks[3, default: []].append(point(3, hours: Double(step) / 6, lat: 24.4 + Double(step) * 0.0333, lon: 62.001))
        }
        let found = EncounterDetector().detect(tracks)
        #expect(found.count == 1)
        let e = try #require(found.first)
        #expect(e.mmsi == 1 && e.details["other_mmsi"] == "2" && e.start == 1_800_000_000 && e.end == 1_800_000_000 + 3 * 3600)
    }

    @Test func gridEqualsBruteForceOnRandomTracks() {
        var random = RandomTracks(seed: 2026)
        let detector = EncounterDetector()
        var encounters = 0
        for _ in 0..<5 {
            // 30 vessels in a 5 km box, drifting slowly, reporting every 5-40 minutes.
            let tracks = random.next(vessels: 30, hours: 8, boxDegrees: 0.045)
            let found = detector.detect(tracks)
            #expect(found == detector.detectBruteForce(tracks))
            encounters += found.count
        }
        #expect(encounters > 0, "the random cases must contain encounters for the comparison to mean anything")
    }
}
