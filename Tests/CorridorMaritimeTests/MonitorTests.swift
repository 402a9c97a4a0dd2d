import CorridorCore
import CorridorGeo
import CorridorMaritime
import Foundation
import Testing

/// Applies updates the way a consumer would: the detections standing at the end.
func standing(_ updates: [DetectionUpdate]) -> [String: MaritimeDetection] {
    var out: [String: MaritimeDetection] = [:]
    for u in updates {
        switch u.change {
        case .raised, .revised: out[u.detection.id] = u.detection
        case .withdrawn: out[u.detection.id] = nil
        }
    }
    return out
}

@Suite struct MaritimeMonitorTests {
    @Test func streamingEncountersEqualTheBatchDetector() {
        var random = RandomTracks(seed: 77)
        var compared = 0
        for _ in 0..<4 {
            let tracks = random.next(vessels: 25, hours: 9, boxDegrees: 0.04)
            var monitor = MaritimeMonitor()
            var updates: [DetectionUpdate] = []
            for p in tracks.values.flatMap({ $0 }).sorted(by: { ($0.time, $0.mmsi) < ($1.time, $1.mmsi) }) {
                updates += monitor.observe(p)
            }
            updates += monitor.finish()
            let streamed = standing(updates).values.filter { $0.kind == .encounter }.sorted { $0.id < $1.id }
            let batch = EncounterDetector().detect(tracks).sorted { $0.id < $1.id }
            #expect(streamed.map(\.id) == batch.map(\.id))
            #expect(streamed.map(\.end) == batch.map(\.end))
            #expect(streamed.map(\.evidence.count) == batch.map(\.evidence.count))
            compared += batch.count
        }
        #expect(compared > 0)
    }

    @Test func anEncounterIsRaisedOpenOnceItHasLastedTwoHoursThenEnded() throws {
        var monitor = MaritimeMonitor()
        var updates: [DetectionUpdate] = []
        var raisedAtHours: Double?
        for step in 0...30 {
            let h = Double(step) / 6
            for (mmsi, lon) in [(1, 62.0), (2, 62.003)] {
                let new = monitor.observe(point(mmsi, hours: h, lat: 24.5 + Double(step) * 0.0005, lon: lon))
                if raisedAtHours == nil, new.contains(where: { $0.change == .raised && $0.detection.kind == .encounter }) {
                    raisedAtHours = h
                }
                updates += new
            }
        }
        // The pair is close from 0 h; the step at 2 h is resampled when the 2 h 10 report arrives.
        #expect(raisedAtHours == 2 + 1.0 / 6)
        updates += monitor.advance(to: 1_800_000_000 + 12 * 3600)
        let e = try #require(standing(updates).values.first { $0.kind == .encounter })
        let lastCloseStep: Double = 1_800_000_000 + 29 * 600 // the report at 5 h ends the last leg
        #expect(e.start == 1_800_000_000)
        #expect(e.end == lastCloseStep)
    }

    @Test func aLateReportInsideAGapWithdrawsIt() throws {
        var configuration = MaritimeMonitor.Configuration()
        configuration.reorderWindow = 12 * 3600
        var monitor = MaritimeMonitor(configuration: configuration)
        var updates: [DetectionUpdate] = []
        updates += monitor.observe(point(1, hours: 0, lat: 24.8))
        updates += monitor.observe(point(1, hours: 1, lat: 24.8))
        updates += monitor.observe(point(1, hours: 8, lat: 24.9))
        let gap = try #require(updates.last)
        #expect(gap.change == .raised && gap.detection.kind == .aisGap && gap.detection.end == 1_800_000_000 + 8 * 3600)
        let late = monitor.observe(point(1, hours: 4, lat: 24.85))
        #expect(late.map(\.change) == [.withdrawn])
        #expect(late.first?.detection.id == gap.detection.id)
        #expect(monitor.counts.latePositions == 1)
        updates += late
        #expect(standing(updates).isEmpty)
    }

    @Test func anOpenGapIsRaisedByTheClockAndRevisedWhenTheVesselReturns() throws {
        var monitor = MaritimeMonitor()
        _ = monitor.observe(point(1, hours: 0, lat: 24.8))
        #expect(monitor.advance(to: 1_800_000_000 + 5 * 3600).isEmpty)
        let open = monitor.advance(to: 1_800_000_000 + 6 * 3600)
        #expect(open.map(\.change) == [.raised] && open.first?.detection.end == nil)
        #expect(monitor.advance(to: 1_800_000_000 + 7 * 3600).isEmpty, "an open gap is raised once")
        let closed = monitor.observe(point(1, hours: 9, lat: 24.9))
        #expect(closed.map(\.change) == [.revised])
        #expect(closed.first?.detection.id == open.first?.detection.id && closed.first?.detection.end == 1_800_000_000 + 9 * 3600)
    }

    @Test func loiteringIsRaisedOpenAfterFourHoursAndRevisedWhenItEnds() throws {
        var monitor = MaritimeMonitor()
        var updates: [DetectionUpdate] = []
        for step in 0...36 { updates += monitor.observe(point(5, hours: Double(step) / 6, lat: 24.0 + Double(step) * 0.0001)) }
        let raised = updates.filter { $0.detection.kind == .loitering }
        #expect(raised.map(\.change) == [.raised] && raised.first?.detection.end == nil)
        let moved = monitor.observe(point(5, hours: 6.2, lat: 24.3))
        let end = try #require(moved.first { $0.detection.kind == .loitering })
        #expect(end.change == .revised && end.detection.end == 1_800_000_000 + 6 * 3600 && end.detection.id == raised.first?.detection.id)
    }

    @Test func zoneEntryIsRevisedWithTheExit() throws {
        var configuration = MaritimeMonitor.Configuration()
        configuration.zones = Zone.gwadarDefaults
        var monitor = MaritimeMonitor(configuration: configuration)
        let entry = monitor.observe(point(7, hours: 0, lat: 25.12, lon: 62.37))
        #expect(entry.map(\.change) == [.raised] && entry.first?.detection.details["zone"] == "gwadar-port-security")
        let exit = monitor.observe(point(7, hours: 1, lat: 25.20, lon: 62.37))
        #expect(exit.map(\.change) == [.revised] && exit.first?.detection.end == 1_800_000_000 + 3600)
        // The approach channel applies to small craft only: a cargo ship (70) passes, a fishing boat (30) does not.
        monitor.setShipType(70, mmsi: 8)
        monitor.setShipType(30, mmsi: 9)
        #expect(monitor.observe(point(8, hours: 0, lat: 25.07, lon: 62.42)).isEmpty)
        #expect(monitor.observe(point(9, hours: 0, lat: 25.07, lon: 62.42)).first?.detection.details["zone"] == "gwadar-approach-channel")
    }

    @Test func reportsOlderThanTheReorderWindowAreCountedNotUsed() {
        var monitor = MaritimeMonitor()
        // Checkpoints every 16 reports: the window kept is at least the hour configured.
        for step in 0...40 { _ = monitor.observe(point(1, hours: Double(step) / 6, lat: 24.5)) }
        #expect(monitor.observe(point(1, hours: 0.05, lat: 25.5)).isEmpty)
        #expect(monitor.counts.tooLatePositions == 1)
        #expect(monitor.observe(point(1, hours: 40.0 / 6, lat: 24.5)).isEmpty)
        #expect(monitor.counts.duplicatePositions == 1)
    }

    @Test func aPositionOnLandIsAnAnomaly() {
        var monitor = MaritimeMonitor(configuration: .corridor(zones: []))
        let found = monitor.observe(point(3, hours: 0, lat: 26.5, lon: 64.0))
        #expect(found.map(\.detection.details["reason"]) == ["on_land"])
        #expect(monitor.observe(point(3, hours: 0.01, lat: 24.5, lon: 64.0)).allSatisfy { $0.detection.details["reason"] != "on_land" })
    }
}

@Suite struct ReferenceDataTests {
    @Test func theShippedPortsAndZonesLoad() {
        #expect(Anchorage.pakistan.map(\.name) == ["Jiwani", "Gwadar", "Pasni", "Ormara", "Gadani", "Karachi", "Keti Bandar"])
        #expect(Zone.gwadarDefaults.map(\.id) == ["gwadar-port-security", "gwadar-approach-channel"])
        #expect(Zone.gwadarDefaults.last?.shipTypes?.contains(30) == true && Zone.gwadarDefaults.last?.isSecurityZone == false)
    }

    @Test func aBadZoneFileNamesTheFeatureAndTheProblem() {
        let noID =
            #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[62,25],[63,25],[63,26],[62,25]]]}}]}"#
        #expect(throws: MaritimeDataError(file: "z.geojson", position: 1, reason: "feature 1 has no `id` property")) {
            try Zone.load(geoJSON: Data(noID.utf8), file: "z.geojson")
        }
        let line =
            #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"a"},"geometry":{"type":"LineString","coordinates":[[62,25],[63,25]]}}]}"#
        #expect(throws: MaritimeDataError(file: "z.geojson", position: 1, reason: "zone a is a LineString, not a Polygon")) {
            try Zone.load(geoJSON: Data(line.utf8), file: "z.geojson")
        }
    }
}

@Suite struct MonitorInputTests {
    @Test func reportsWithoutAFiniteTimeOrInRangePositionAreCountedNotUsed() {
        var monitor = MaritimeMonitor()
        #expect(monitor.advance(to: monitor.watermark).isEmpty, "advancing before any report is a no-op")
        #expect(monitor.observe(TrackPoint(mmsi: 1, time: .nan, latitude: 24, longitude: 62)).isEmpty)
        #expect(monitor.observe(TrackPoint(mmsi: 1, time: 0, latitude: .nan, longitude: 62)).isEmpty)
        #expect(monitor.observe(TrackPoint(mmsi: 1, time: 0, latitude: 24, longitude: 181)).isEmpty)
        #expect(monitor.observe(.init(mmsi: 1, time: .infinity, name: "X")).isEmpty)
        #expect(monitor.counts.invalidPositions == 3 && monitor.counts.positions == 0 && monitor.vesselCount == 0)
    }
}

@Suite struct MonitorMemoryTests {
    @Test func vesselsSilentForAWeekAreForgotten() {
        var monitor = MaritimeMonitor()
        _ = monitor.observe(point(1, hours: 0, lat: 24.8))
        _ = monitor.observe(point(2, hours: 0, lat: 24.9))
        _ = monitor.observe(point(2, hours: 24 * 7, lat: 24.9))
        #expect(monitor.vesselCount == 2)
        let raised = monitor.advance(to: 1_800_000_000 + (24 * 7 + 2) * 3600)
        #expect(raised.map(\.detection.mmsi) == [1], "its gap is raised before it is forgotten")
        #expect(monitor.vesselCount == 1 && monitor.counts.forgottenVessels == 1)
        // Heard again later, it starts afresh.
        #expect(monitor.observe(point(1, hours: 24 * 8, lat: 24.8)).isEmpty)
        #expect(monitor.vesselCount == 2)
    }
}
