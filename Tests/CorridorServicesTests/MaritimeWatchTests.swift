import CorridorCore
import CorridorMaritime
import CorridorServices
import CorridorStore
import CorridorTestSupport
import Foundation
import Testing

@Suite struct MaritimeWatchTests {
    static let t0 = 1_800_000_000.0

    static func position(_ mmsi: Int, minutes: Double, lat: Double, lon: Double) -> VesselPosition {
        VesselPosition(
            mmsi: mmsi, at: Date(timeIntervalSince1970: t0 + minutes * 60), latitude: lat, longitude: lon, speed: 5, messageType: 1)
    }

    @Test(arguments: TestBackend.available)
    func aZoneEntryBecomesAnEventWithEvidenceAndItsExitRevisesIt(backend: TestBackend) async throws {
        try await TestDatabase.withStore(backend) { (store: SQLStore) async throws in
            _ = try await store.save(site: Fixtures.site())
            let watch = try await MaritimeWatch.start(
                store: store, intake: .forTesting(store), configuration: .corridor(), logger: TestDatabase.logger)
            // A cargo ship (type 70) sails into the port security zone.
            let raised = await watch.process(
                positions: [
                    Self.position(412_000_007, minutes: 0, lat: 25.09, lon: 62.43),
                    Self.position(412_000_007, minutes: 10, lat: 25.12, lon: 62.37),
                ],
                statics: [Vessel(mmsi: 412_000_007, name: "SYN TEST", shipType: 70, lastSeen: Date(timeIntervalSince1970: Self.t0))],
                at: nil)
            #expect(raised.map(\.change) == [.raised])
            let detection = try #require(raised.first?.detection)
            let id = DetectionEvents.eventID(detection)
            let event = try #require(try await store.event(id: id))
            #expect(event.domain == .maritime && event.type == "zone_entry" && event.subtype == "gwadar-port-security")
            #expect(event.severity == 5, "a security zone (4), within 20 km of a site (+1)")
            #expect(event.siteIDs == ["gwadar-port"] && event.title.hasSuffix("(ongoing)"))
            let evidence = try #require(try await store.evidence(forEvent: id))
            #expect(evidence.contains("\"FeatureCollection\"") && evidence.contains("62.37"))
            #expect(try await store.alerts(kind: "maritime.detection", limit: 10).map(\.title) == [event.title])

            let exit = await watch.process(
                positions: [Self.position(412_000_007, minutes: 90, lat: 25.20, lon: 62.37)], statics: [], at: nil)
            #expect(exit.map(\.change) == [.revised])
            let revised = try #require(try await store.event(id: id))
            #expect(!revised.title.hasSuffix("(ongoing)") && revised.narrative.contains("to 2027-01-15T09:30:00Z"))
            let audit = try await store.auditLog(AuditQuery(actor: "system:maritime-watch", objectType: "event", limit: 10))
            #expect(Set(audit.map(\.action)) == ["create", "update"])
        }
    }

    @Test(arguments: TestBackend.available)
    func aWithdrawnDetectionRemovesItsEventAndIsAudited(backend: TestBackend) async throws {
        try await TestDatabase.withStore(backend) { (store: SQLStore) async throws in
            var configuration = MaritimeMonitor.Configuration.corridor()
            configuration.reorderWindow = 12 * 3600
            let watch = try await MaritimeWatch.start(
                store: store, intake: .forTesting(store), configuration: configuration, logger: TestDatabase.logger)
            // Silent for 7 hours at sea, 60 km off Pasni: a gap...
            let gap = await watch.process(
                positions: [
                    Self.position(463_000_009, minutes: 0, lat: 24.7, lon: 63.5),
                    Self.position(463_000_009, minutes: 420, lat: 24.7, lon: 64.3),
                ],
                statics: [], at: nil)
            #expect(gap.map(\.detection.kind) == [.aisGap])
            let id = DetectionEvents.eventID(try #require(gap.first?.detection))
            #expect(try await store.event(id: id) != nil)
            // ...until a receiver's late upload shows the vessel reporting in the middle of it.
            let late = await watch.process(
                positions: [Self.position(463_000_009, minutes: 200, lat: 24.7, lon: 63.9)], statics: [], at: nil)
            #expect(late.map(\.change) == [.withdrawn])
            #expect(try await store.event(id: id) == nil)
            #expect(try await store.evidence(forEvent: id) == nil)
            let audit = try await store.auditLog(AuditQuery(action: "withdraw", limit: 10))
            #expect(audit.map(\.objectID) == [id] && audit.first?.actor == "system:maritime-watch")
        }
    }
}
