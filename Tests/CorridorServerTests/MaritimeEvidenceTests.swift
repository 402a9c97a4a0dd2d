import CorridorCore
import CorridorMaritime
import CorridorServices
import CorridorStore
import CorridorTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// A detection's evidence over HTTP: the GeoJSON endpoint and the event page's track map.
@Suite struct MaritimeEvidenceTests {
    static func position(_ mmsi: Int, minutes: Double, lat: Double, lon: Double) -> VesselPosition {
        VesselPosition(
            mmsi: mmsi, at: Date(timeIntervalSince1970: 1_800_000_000 + minutes * 60), latitude: lat, longitude: lon, speed: 5,
            messageType: 1)
    }

    @Test(arguments: TestBackend.available)
    func theEvidenceEndpointFollowsTheEventsTLP(backend: TestBackend) async throws {
        try await TestDatabase.withStore(backend) { (store: SQLStore) async throws in
            let watch = try await MaritimeWatch.start(
                store: store, intake: .forTesting(store), configuration: .corridor(), logger: TestDatabase.logger)
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
                try await client.execute(uri: "/api/v1/events/ev-0000000000000000/evidence", method: .get) {
                    #expect($0.status == .notFound)
                }
            }
        }
    }

    @Test func anEncounterEventPageDrawsBothVesselsTracks() async throws {
        try await TestDatabase.withStore(.sqlite) { (store: SQLStore) async throws in
            let watch = try await MaritimeWatch.start(
                store: store, intake: .forTesting(store), configuration: .corridor(), logger: TestDatabase.logger)
            // Two vessels drifting side by side 60 km off Pasni for three hours.
            var positions: [VesselPosition] = []
            for step in 0...20 {
                for (mmsi, lat) in [(412_000_001, 24.70), (463_000_002, 24.7015)] {
                    positions.append(Self.position(mmsi, minutes: Double(step) * 10, lat: lat + Double(step) * 0.0002, lon: 63.5))
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
