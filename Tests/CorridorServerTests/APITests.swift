import CorridorCore
import CorridorServer
import CorridorStore
import CorridorTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

typealias J = TestServer

/// A store with two sites and three events for API tests.
func seeded(_ store: SQLStore) async throws {
    _ = try await store.save(site: Fixtures.site())
    _ = try await store.save(site: Fixtures.site(id: "karachi-port", name: "Karachi Port", at: Fixtures.karachi, province: .sindh))
    _ = try await store.save(event: Fixtures.event(ref: "g1", daysAgo: 1, siteIDs: ["gwadar-port"]))
    _ = try await store.save(event: Fixtures.event(ref: "q1", daysAgo: 3, at: Fixtures.quetta))
    _ = try await store.save(
        event: Fixtures.event(ref: "k1", daysAgo: 2, domain: .crime, type: "extortion", at: Fixtures.karachi, province: .sindh))
}

let validEvent = """
    {"occurred_at":"2026-05-30T08:00:00Z","location":{"lat":25.13,"lon":62.33},"domain":"terrorism_insurgency",
     "type":"ied","severity":4,"fatalities":1,"title":"IED on the port road","source":"balochistan-police","source_ref":"BP-77"}
    """

@Suite struct OperationalEndpointTests {
    @Test func healthReadinessAndMetrics() async throws {
        try await TestDatabase.withStore(.sqlite) { (store: SQLStore) async throws in
            try await J.run(store: store) { client in
                try await client.execute(uri: "/healthz", method: .get) { #expect($0.status == .ok) }
                try await client.execute(uri: "/readyz", method: .get) { #expect(J.text($0) == "ready\n") }
                try await client.execute(uri: "/api/v1/events", method: .post, headers: J.jsonHeaders, body: J.json(validEvent)) {
                    #expect($0.status == .created)
                }
                try await client.execute(uri: "/metrics", method: .get) { response in
                    let text = J.text(response)
                    #expect(text.contains("corridorwatch_events_ingested_total{outcome=\"inserted\"}"))
                    #expect(text.contains("hb_requests"))
                    #expect(text.contains("http_server_request_duration"))
                }
            }
        }
    }

    /// A handler whose store throws (here: the database is closed under it) answers a problem
    /// document, and the process keeps serving the next requests.
    @Test func aThrowingHandlerIsAProblemAndTheServerServesOn() async throws {
        try await TestDatabase.withStore(.sqlite) { (store: SQLStore) async throws in
            try await seeded(store)
            try await J.run(store: store) { client in
                try await client.execute(uri: "/api/v1/sites", method: .get) { #expect($0.status == .ok) }
                await store.close()
                for uri in ["/api/v1/sites", "/api/v1/events", "/api/v1/risk", "/api/v1/mandates"] {
                    try await client.execute(uri: uri, method: .get) { response in
                        #expect(response.status.code >= 500, "\(uri)")
                        #expect(response.headers[.contentType] == "application/problem+json", "\(uri)")
                        #expect((J.object(response)["detail"] as? String)?.contains("Fatal") != true)
                    }
                }
                // Credentials cannot be checked without the database: 503 with a time to retry.
                try await client.execute(uri: "/api/v1/sites", method: .get) { response in
                    #expect(response.status == .serviceUnavailable)
                    #expect(response.headers[.retryAfter] == "5")
                }
                try await client.execute(uri: "/healthz", method: .get) { #expect($0.status == .ok) }
                try await client.execute(uri: "/readyz", method: .get) { #expect($0.status == .serviceUnavailable) }
            }
        }
    }

    @Test func readinessFailsWhenTheSchemaIsNotMigrated() async throws {
        try await TestDatabase.withStore(.sqlite, migrate: false) { (store: SQLStore) async throws in
            try await J.run(store: store, roles: nil) { client in
                try await client.execute(uri: "/readyz", method: .get) { response in
                    #expect(response.status == .serviceUnavailable)
                    #expect(response.headers[.contentType] == "application/problem+json")
                    #expect((J.object(response)["detail"] as? String)?.contains("corridorwatch migrate") == true)
                }
            }
        }
    }
}

@Suite struct SitesAPITests {
    @Test(arguments: TestBackend.available)
    func listsFiltersAndReadsSites(backend: TestBackend) async throws {
        try await TestDatabase.withStore(backend) { (store: SQLStore) async throws in
            try await seeded(store)
            try await J.run(store: store) { client in
                try await client.execute(uri: "/api/v1/sites", method: .get) { response in
                    let body = J.object(response)
                    #expect(body["count"] as? Int == 2)
                    #expect((body["items"] as? [[String: Any]])?.map { $0["id"] as? String } == ["gwadar-port", "karachi-port"])
                }
                try await client.execute(uri: "/api/v1/sites?province=Sindh", method: .get) {
                    #expect(J.object($0)["count"] as? Int == 1)
                }
                try await client.execute(uri: "/api/v1/sites?limit=1", method: .get) { response in
                    #expect(J.object(response)["next_cursor"] as? String == "gwadar-port")
                }
                try await client.execute(uri: "/api/v1/sites?limit=1&cursor=gwadar-port", method: .get) { response in
                    #expect((J.object(response)["items"] as? [[String: Any]])?.first?["id"] as? String == "karachi-port")
                }
                try await client.execute(uri: "/api/v1/sites/gwadar-port", method: .get) { response in
                    #expect(J.object(response)["name"] as? String == "Gwadar Port")
                }
                try await client.execute(uri: "/api/v1/sites/nowhere", method: .get) { response in
                    #expect(response.status == .notFound)
                    #expect(response.headers[.contentType] == "application/problem+json")
                }
            }
        }
    }

    @Test func createsAndUpdatesSitesDerivingTheProvince() async throws {
        try await TestDatabase.withStore(.sqlite) { (store: SQLStore) async throws in
            try await J.run(store: store) { client in
                let body =
                    #"{"id":"quetta-camp","name":"Quetta Residence Camp","kind":"residence_camp","location":{"lat":30.18,"lon":67.0},"provenance":"synthetic"}"#
                try await client.execute(uri: "/api/v1/sites", method: .post, headers: J.jsonHeaders, body: J.json(body)) { response in
                    #expect(response.status == .created)
                    #expect(response.headers[.location] == "/api/v1/sites/quetta-camp")
                    #expect(J.object(response)["province"] as? String == "Balochistan")
                }
                try await client.execute(uri: "/api/v1/sites", method: .post, headers: J.jsonHeaders, body: J.json(body)) {
                    #expect($0.status == .conflict)
                }
                let changed = body.replacingOccurrences(of: "\"provenance\"", with: "\"criticality\":5,\"provenance\"")
                try await client.execute(uri: "/api/v1/sites/quetta-camp", method: .put, headers: J.jsonHeaders, body: J.json(changed)) {
                    response in
                    #expect(response.status == .ok)
                    #expect(response.headers[.init("X-Save-Outcome")!] == "updated")
                }
                try await client.execute(uri: "/api/v1/sites/other", method: .put, headers: J.jsonHeaders, body: J.json(changed)) {
                    response in
                    #expect(response.status == .unprocessableContent)
                    #expect(J.object(response)["field"] as? String == "id")
                }
                let bad = body.replacingOccurrences(of: "\"provenance\"", with: "\"criticality\":9,\"provenance\"")
                    .replacingOccurrences(of: "quetta-camp", with: "q2")
                try await client.execute(uri: "/api/v1/sites", method: .post, headers: J.jsonHeaders, body: J.json(bad)) { response in
                    #expect(response.status == .unprocessableContent)
                    #expect(J.object(response)["field"] as? String == "criticality")
                }
            }
            #expect(try await store.site(id: "quetta-camp")?.criticality == 5)
        }
    }
}

@Suite struct EventsAPITests {
    @Test(arguments: TestBackend.available)
    func createIsIdempotentOnSourceAndReference(backend: TestBackend) async throws {
        try await TestDatabase.withStore(backend) { (store: SQLStore) async throws in
            try await J.run(store: store) { client in
                let id = try await client.execute(uri: "/api/v1/events", method: .post, headers: J.jsonHeaders, body: J.json(validEvent)) {
                    response in
                    #expect(response.status == .created)
                    let body = J.object(response)
                    #expect(body["province"] as? String == "Balochistan")
                    #expect(body["tlp"] as? String == "AMBER")
                    #expect(body["reported_at"] as? String == "2026-06-01T00:00:00Z")
                    return body["id"] as? String ?? ""
                }
                #expect(id == Event.stableID(source: "balochistan-police", sourceRef: "BP-77"))
                try await client.execute(uri: "/api/v1/events", method: .post, headers: J.jsonHeaders, body: J.json(validEvent)) {
                    response in
                    #expect(response.status == .ok)
                    #expect(response.headers[.init("X-Save-Outcome")!] == "unchanged")
                }
                let revised = validEvent.replacingOccurrences(of: "\"fatalities\":1", with: "\"fatalities\":2")
                try await client.execute(uri: "/api/v1/events/\(id)", method: .put, headers: J.jsonHeaders, body: J.json(revised)) {
                    response in
                    #expect(response.status == .ok)
                    #expect(J.object(response)["fatalities"] as? Int == 2)
                }
                let moved = revised.replacingOccurrences(of: "BP-77", with: "BP-78")
                try await client.execute(uri: "/api/v1/events/\(id)", method: .put, headers: J.jsonHeaders, body: J.json(moved)) {
                    response in
                    #expect(response.status == .unprocessableContent)
                }
                try await client.execute(uri: "/api/v1/events/\(id)", method: .get) { response in
                    #expect(J.object(response)["fatalities"] as? Int == 2)
                }
            }
            #expect(try await store.eventCount() == 1)
        }
    }

    @Test(arguments: [
        ("\"severity\":4", "\"severity\":9", "severity"),
        ("\"title\":\"IED on the port road\",", "", "title"),
        ("\"type\":\"ied\"", "\"type\":\"ransomware\"", "type"),
        ("\"lat\":25.13", "\"lat\":123", "location"),
        ("\"occurred_at\":\"2026-05-30T08:00:00Z\"", "\"occurred_at\":\"yesterday\"", "occurred_at"),
        ("\"source\":\"balochistan-police\"", "\"source\":\"x\",\"tlp\":\"PINK\"", "tlp"),
        ("\"severity\":4", "\"severity\":\"high\"", "severity"),
    ])
    func invalidBodiesAreProblemsNamingTheField(from: String, to: String, field: String) async throws {
        try await TestDatabase.withStore(.sqlite) { (store: SQLStore) async throws in
            let body = validEvent.replacingOccurrences(of: from, with: to)
            try await J.run(store: store) { client in
                try await client.execute(uri: "/api/v1/events", method: .post, headers: J.jsonHeaders, body: J.json(body)) { response in
                    #expect(response.status == .unprocessableContent)
                    #expect(response.headers[.contentType] == "application/problem+json")
                    #expect((J.object(response)["field"] as? String)?.hasPrefix(field) == true, "\(J.text(response))")
                }
            }
            #expect(try await store.eventCount() == 0)
        }
    }

    @Test func malformedOversizedAndWrongTypeBodiesAreRefused() async throws {
        try await TestDatabase.withStore(.sqlite) { (store: SQLStore) async throws in
            try await J.run(store: store) { client in
                try await client.execute(uri: "/api/v1/events", method: .post, headers: J.jsonHeaders, body: J.json("{not json")) {
                    #expect($0.status == .badRequest)
                }
                let huge = ByteBuffer(repeating: UInt8(ascii: " "), count: ServerConfiguration.maxBodyBytes + 10)
                try await client.execute(uri: "/api/v1/events", method: .post, headers: J.jsonHeaders, body: huge) { response in
                    #expect(response.status == .contentTooLarge)
                    #expect(response.headers[.contentType] == "application/problem+json")
                }
                try await client.execute(uri: "/api/v1/events", method: .post, headers: [.contentType: "text/csv"], body: J.json("a,b")) {
                    #expect($0.status == .unsupportedMediaType)
                }
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func listFiltersAndPaginates(backend: TestBackend) async throws {
        try await TestDatabase.withStore(backend) { (store: SQLStore) async throws in
            try await seeded(store)
            try await J.run(store: store) { client in
                func refs(_ uri: String) async throws -> [String] {
                    try await client.execute(uri: uri, method: .get) { response in
                        #expect(response.status == .ok, "\(uri): \(J.text(response))")
                        return (J.object(response)["items"] as? [[String: Any]])?.compactMap { $0["source_ref"] as? String } ?? []
                    }
                }
                #expect(try await refs("/api/v1/events") == ["g1", "k1", "q1"])
                #expect(try await refs("/api/v1/events?domain=terrorism_insurgency&province=Balochistan") == ["g1", "q1"])
                #expect(try await refs("/api/v1/events?province=KP") == [])
                #expect(try await refs("/api/v1/events?near=karachi-port&radius_km=20") == ["k1"])
                #expect(try await refs("/api/v1/events?bbox=61,24,64,26") == ["g1"])
                #expect(try await refs("/api/v1/events?site=gwadar-port") == ["g1"])
                #expect(try await refs("/api/v1/events?from=2026-05-30&to=2026-05-31T12:00:00Z") == ["g1", "k1"])
                #expect(try await refs("/api/v1/events?type=extortion") == ["k1"])
                let cursor = try await client.execute(uri: "/api/v1/events?limit=2", method: .get) { response in
                    J.object(response)["next_cursor"] as? String ?? ""
                }
                #expect(!cursor.isEmpty)
                #expect(try await refs("/api/v1/events?limit=2&cursor=\(cursor)") == ["q1"])
            }
        }
    }

    @Test(arguments: [
        ("/api/v1/events?domain=weather", "domain"), ("/api/v1/events?bbox=1,2,3", "bbox"),
        ("/api/v1/events?near=nowhere", "near"), ("/api/v1/events?radius_km=5", "radius_km"),
        ("/api/v1/events?from=last-week", "from"), ("/api/v1/events?limit=0", "limit"),
        ("/api/v1/events?cursor=bm9wZQ", "cursor"), ("/api/v1/events?colour=red", "colour"),
        ("/api/v1/events?type=volcano", "type"), ("/api/v1/sites?kind=castle", "kind"),
    ])
    func badQueryParametersAreNamed(uri: String, parameter: String) async throws {
        try await TestDatabase.withStore(.sqlite) { (store: SQLStore) async throws in
            try await J.run(store: store) { client in
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .badRequest)
                    #expect(J.object(response)["field"] as? String == parameter, "\(J.text(response))")
                }
            }
        }
    }

    @Test func statsCountByDomainAndProvince() async throws {
        try await TestDatabase.withStore(.sqlite) { (store: SQLStore) async throws in
            try await seeded(store)
            try await J.run(store: store) { client in
                try await client.execute(uri: "/api/v1/stats", method: .get) { response in
                    let body = J.object(response)
                    #expect(body["sites"] as? Int == 2)
                    #expect(body["events"] as? Int == 3)
                    #expect((body["by_domain"] as? [String: Int])?["terrorism_insurgency"] == 2)
                    #expect((body["by_province"] as? [String: Int])?["Sindh"] == 1)
                }
            }
        }
    }
}
