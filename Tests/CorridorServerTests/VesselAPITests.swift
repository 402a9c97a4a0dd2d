import CorridorCore
import CorridorServer
import CorridorStore
import CorridorTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct VesselAPITests {
    static func seed(_ store: SQLStore) async throws {
        let positions = (0..<3).map {
            VesselPosition(
                mmsi: 463_012_345, at: Date(timeIntervalSince1970: 1_780_000_000 + Double($0) * 60), latitude: 25.1 + Double($0) * 0.01,
                longitude: 62.3, speed: 10.5, course: 90, messageType: 1, source: "rx-gwadar")
        }
        try await store.save(positions: positions, flags: [463_012_345: "PK"])
        try await store.save(vesselStatics: [Vessel(mmsi: 463_012_345, name: "GWADAR STAR", flag: "PK")])
        try await store.save(
            positions: [
                VesselPosition(
                    mmsi: 412_000_001, at: Date(timeIntervalSince1970: 1_780_000_500), latitude: 24.0, longitude: 66.9, messageType: 18)
            ],
            flags: [412_000_001: "CN"])
    }

    @Test(arguments: TestBackend.available)
    func listsVesselsAndServesTracksAsGeoJSON(backend: TestBackend) async throws {
        try await TestDatabase.withStore(backend) { (store: SQLStore) async throws in
            try await Self.seed(store)
            try await J.run(store: store) { client in
                try await client.execute(uri: "/api/v1/vessels", method: .get) { response in
                    let items = J.object(response)["items"] as? [[String: Any]] ?? []
                    #expect(items.compactMap { $0["mmsi"] as? Int } == [412_000_001, 463_012_345])
                }
                try await client.execute(uri: "/api/v1/vessels?bbox=61,24.5,64,26", method: .get) { response in
                    let items = J.object(response)["items"] as? [[String: Any]] ?? []
                    #expect(items.count == 1 && items.first?["name"] as? String == "GWADAR STAR" && items.first?["flag"] as? String == "PK")
                    let last = items.first?["last_position"] as? [String: Any]
                    #expect(last?["lat"] as? Double == 25.12 && last?["source"] as? String == "rx-gwadar")
                }
                try await client.execute(
                    uri: "/api/v1/vessels/463012345/track?from=2026-05-28T20:27:00Z&to=2026-05-28T20:30:00Z", method: .get
                ) {
                    response in
                    let body = J.object(response)
                    let geometry = body["geometry"] as? [String: Any]
                    #expect(body["type"] as? String == "Feature" && geometry?["type"] as? String == "LineString")
                    #expect((geometry?["coordinates"] as? [[Double]])?.map { ($0[1] * 1000).rounded() } == [25110, 25120])
                    let properties = body["properties"] as? [String: Any]
                    #expect(properties?["count"] as? Int == 2 && properties?["truncated"] as? Bool == false)
                }
                try await client.execute(uri: "/api/v1/vessels/463012345/track?limit=1", method: .get) { response in
                    let body = J.object(response)
                    #expect((body["geometry"] as? [String: Any])?["type"] as? String == "Point")
                    #expect((body["properties"] as? [String: Any])?["truncated"] as? Bool == true)
                }
                try await client.execute(uri: "/api/v1/vessels/463012345", method: .get) { response in
                    #expect(J.object(response)["callsign"] == nil && J.object(response)["name"] as? String == "GWADAR STAR")
                }
                try await client.execute(uri: "/api/v1/vessels/999999999", method: .get) { #expect($0.status == .notFound) }
                try await client.execute(uri: "/api/v1/vessels/ship", method: .get) { response in
                    #expect(response.status == .badRequest && J.object(response)["field"] as? String == "mmsi")
                }
                try await client.execute(uri: "/api/v1/vessels/463012345/track?from=2026-06-02&to=2026-06-01", method: .get) { response in
                    #expect(response.status == .badRequest && J.object(response)["field"] as? String == "to")
                }
                try await client.execute(uri: "/api/v1/vessels?since=yesterday", method: .get) { #expect($0.status == .badRequest) }
            }
        }
    }
}
