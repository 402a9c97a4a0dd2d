import CorridorCore
import CorridorMaritime
import CorridorServer
import CorridorStore
import CorridorTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct MaritimeWatchTests {
    static let t0 = 1_800_000_000.0

    static func position(_ mmsi: Int, minutes: Double, lat: Double, lon: Double) -> VesselPosition {
        VesselPosition(mmsi: mmsi, at: Date(timeIntervalSince1970: t0 + minutes * 60), latitude: lat, longitude: lon, speed: 5, messageType: 1)
    }

    @Test(arguments: TestBackend.available)
    func aZoneEntryBecomesAnEventWithEvidenceAndItsExitRevisesIt(backend: TestBackend) async throws {
        try await TestDatabase.withStore(backend) { (store: SQLStore) async throws in
            _ = try await store.save(site: Fixtures.site())
            let watch = try await MaritimeWatch.start(store: store, configuration: .corridor(), logger: TestDatabase.logger)
            // A cargo ship (type 70) sails into the port security zone.
            let raised = await watch.process(
                positions: [Self.position(412_000_007, minutes: 0, lat: 25.09, lon: 62.43), Self.position(412_000_007, minutes: 10, lat: 25.12, lon: 62.37)],
                statics: [Vessel(mmsi: 412_000_007, name: "SYN TEST", shipType: 70, lastSeen: Date(timeIntervalSince1970: Self.t0))], at: nil)
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

            let exit = await watch.process(positions: [Self.position(412_000_007, minutes: 90, lat: 25.20, lon: 62.37)], statics: [], at: nil)
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
            let watch = try await MaritimeWatch.start(store: store, configuration: configuration, logger: TestDatabase.logger)
            // Silent for 7 hours at sea, 60 km off Pasni: a gap...
            let gap = await watch.process(
                positions: [Self.position(463_000_009, minutes: 0, lat: 24.7, lon: 63.5), Self.position(463_000_009, minutes: 420, lat: 24.7, lon: 64.3)],
                statics: [], at: nil)
            #expect(gap.map(\.detection.kind) == [.aisGap])
            let id = DetectionEvents.eventID(try #require(gap.first?.detection))
            #expect(try await store.event(id: id) != nil)
            // ...until a receiver's late upload shows the vessel reporting in the middle of it.
            let late = await watch.process(positions: [Self.position(463_000_009, minutes: 200, lat: 24.7, lon: 63.9)], statics: [], at: nil)
            #expect(late.map(\.change) == [.withdrawn])
            #expect(try await store.event(id: id) == nil)
            #expect(try await store.evidence(forEvent: id) == nil)
            let audit = try await store.auditLog(AuditQuery(action: "withdraw", limit: 10))
            #expect(audit.map(\.objectID) == [id] && audit.first?.actor == "system:maritime-watch")
        }
    }

    @Test(arguments: TestBackend.available)
    func theEvidenceEndpointFollowsTheEventsTLP(backend: TestBackend) async throws {
        try await TestDatabase.withStore(backend) { (store: SQLStore) async throws in
            let watch = try await MaritimeWatch.start(store: store, configuration: .corridor(), logger: TestDatabase.logger)
            let raised = await watch.process(
                positions: [Self.position(412_000_008, minutes: 0, lat: 25.12, lon: 62.37)], statics: [], at: nil)
            let id = DetectionEvents.eventID(try #require(raised.first?.detection))
            try await J.run(store: store) { client in
                try await client.execute(uri: "/api/v1/events/\(id)/evidence", method: .get) { response in
                    #expect(response.status == .ok && response.headers[.contentType] == "application/geo+json")
                    let features = J.object(response)["features"] as? [[String: Any]]
                    #expect((features?.first?["geometry"] as? [String: Any])?["type"] as? String == "Point")
                }
                // GREEN: not for anonymous readers, and "not found" says nothing about existence.
                try await client.anonymous(uri: "/api/v1/events/\(id)/evidence", method: .get) { #expect($0.status == .notFound) }
                try await client.execute(uri: "/api/v1/events/ev-0000000000000000/evidence", method: .get) { #expect($0.status == .notFound) }
            }
        }
    }
}

@Suite struct EvidencePageTests {
    @Test func anEncounterEventPageDrawsBothVesselsTracks() async throws {
        try await TestDatabase.withStore(.sqlite) { (store: SQLStore) async throws in
            let watch = try await MaritimeWatch.start(store: store, configuration: .corridor(), logger: TestDatabase.logger)
            // Two vessels drifting side by side 60 km off Pasni for three hours.
            var positions: [VesselPosition] = []
            for step in 0...20 {
                for (mmsi, lat) in [(412_000_001, 24.70), (463_000_002, 24.7015)] {
                    positions.append(MaritimeWatchTests.position(mmsi, minutes: Double(step) * 10, lat: lat + Double(step) * 0.0002, lon: 63.5))
                }
            }
            let updates = await watch.process(positions: positions, statics: [], at: nil)
            let encounter = try #require(updates.first { $0.detection.kind == .encounter }?.detection)
            let id = DetectionEvents.eventID(encounter)
            try await TestServer.run(store: store) { client in
                try await client.execute(uri: "/events/\(id)", method: .get) { response in
                    let html = TestServer.text(response)
                    #expect(html.contains("<svg id=\"evidence-map\""))
                    #expect(html.components(separatedBy: "class=\"evidence-track\"").count - 1 == 2)
                    #expect(html.contains("data-mmsi=\"412000001\"") && html.contains("data-mmsi=\"463000002\""))
                    #expect(html.contains("/api/v1/events/\(id)/evidence"))
                }
            }
        }
    }
}
