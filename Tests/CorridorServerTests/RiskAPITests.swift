import CorridorCore
import CorridorServer
import CorridorServices
import CorridorStore
import CorridorTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct RiskAPITests {
    @Test(arguments: TestBackend.available)
    func listsExplainsAndRollsUpRisk(backend: TestBackend) async throws {
        try await TestDatabase.withStore(backend) { (store: SQLStore) async throws in
            try await seeded(store)
            try await J.run(store: store) { client in
                let items = try await client.execute(uri: "/api/v1/risk", method: .get) { response in
                    #expect(response.status == .ok)
                    return J.object(response)["items"] as? [[String: Any]] ?? []
                }
                #expect(items.count == 2)
                let risks = items.compactMap { $0["risk"] as? Double }
                #expect(risks == risks.sorted(by: >))
                #expect(items.first?["site_id"] as? String == "gwadar-port")
                try await client.execute(uri: "/api/v1/risk?province=Sindh&sort=name", method: .get) { response in
                    #expect((J.object(response)["items"] as? [[String: Any]])?.map { $0["site_id"] as? String } == ["karachi-port"])
                }
                try await client.execute(uri: "/api/v1/sites/gwadar-port/risk", method: .get) { response in
                    let body = J.object(response)
                    let top = body["top_events"] as? [[String: Any]] ?? []
                    #expect(top.first?["event_id"] as? String == Event.stableID(source: "test", sourceRef: "g1"))
                    #expect(top.first?["basis"] as? String == "linked")
                    #expect((body["indicators"] as? [[String: Any]])?.count == 10)
                    #expect((body["result"] as? [String: Any])?["completeness"] as? Double == 0.4)
                }
                try await client.execute(uri: "/api/v1/risk/provinces", method: .get) { response in
                    let provinces = J.object(response)["provinces"] as? [[String: Any]] ?? []
                    #expect(Set(provinces.compactMap { $0["area"] as? String }) == ["Balochistan", "Sindh"])
                }
                // The first computation of the day took the snapshot.
                try await client.execute(uri: "/api/v1/sites/gwadar-port/risk/history", method: .get) { response in
                    let items = J.object(response)["items"] as? [[String: Any]] ?? []
                    #expect(items.map { $0["day"] as? String } == ["2026-06-01"])
                }
                try await client.execute(uri: "/api/v1/risk/compare?sites=gwadar-port,karachi-port", method: .get) { response in
                    let items = J.object(response)["items"] as? [[String: Any]] ?? []
                    #expect(
                        items.compactMap { ($0["result"] as? [String: Any])?["site_id"] as? String } == ["gwadar-port", "karachi-port"])
                }
                try await client.execute(uri: "/api/v1/risk/compare?sites=gwadar-port", method: .get) { response in
                    #expect(J.object(response)["field"] as? String == "sites")
                }
                try await client.execute(uri: "/api/v1/sites/nowhere/risk", method: .get) { #expect($0.status == .notFound) }
                try await client.execute(uri: "/api/v1/risk?class=extreme", method: .get) { response in
                    #expect(response.status == .badRequest)
                    #expect(J.object(response)["field"] as? String == "class")
                }
                try await client.execute(uri: "/api/v1/risk?sort=colour", method: .get) { #expect($0.status == .badRequest) }
            }
        }
    }

    @Test func aNewSevereEventRaisesTheSiteRiskAtOnceAndAsOfSeesThePast() async throws {
        try await TestDatabase.withStore(.sqlite) { (store: SQLStore) async throws in
            try await seeded(store)
            try await J.run(store: store) { client in
                func risk(_ query: String = "") async throws -> Double {
                    try await client.execute(uri: "/api/v1/sites/karachi-port/risk\(query)", method: .get) { response in
                        (J.object(response)["result"] as? [String: Any])?["risk"] as? Double ?? -1
                    }
                }
                let before = try await risk()
                let pastBefore = try await risk("?as_of=2026-05-31T12:00:00Z")
                let body = """
                    {"occurred_at":"2026-05-31T20:00:00Z","location":{"lat":24.87,"lon":67.02},"domain":"terrorism_insurgency",
                     "type":"suicide_attack","severity":5,"fatalities":4,"confidence":"confirmed","title":"Attack on port convoy","source":"ctd-sindh","source_ref":"X1"}
                    """
                try await client.execute(uri: "/api/v1/events", method: .post, headers: J.jsonHeaders, body: J.json(body)) {
                    #expect($0.status == .created)
                }
                let after = try await risk()
                #expect(after > before)
                // As of a time before the attack, the world looks as it did then.
                #expect(try await risk("?as_of=2026-05-31T12:00:00Z") == pastBefore)
            }
        }
    }

    @Test func theSitePageShowsTheBreakdownAndTheTableTheClass() async throws {
        try await TestDatabase.withStore(.sqlite) { (store: SQLStore) async throws in
            try await seeded(store)
            try await TestServer.run(store: store) { client in
                try await client.execute(uri: "/sites/gwadar-port", method: .get) { response in
                    let html = TestServer.text(response)
                    #expect(html.contains("id=\"risk-summary\""))
                    #expect(html.contains("Hazard &amp; exposure"))
                    #expect(html.contains("Top contributing events"))
                    #expect(html.contains("<polyline"))
                }
                try await client.execute(uri: "/sites", method: .get) { response in
                    #expect(TestServer.text(response).contains("class=\"badge risk-"))
                }
                try await client.execute(uri: "/", method: .get) { response in
                    #expect(TestServer.text(response).contains("data-risk-class=\""))
                }
                try await client.execute(uri: "/risk/compare?a=gwadar-port&b=karachi-port", method: .get) { response in
                    let html = TestServer.text(response)
                    #expect(html.contains("id=\"compare-table\""))
                    #expect(html.contains(">Gwadar Port</a></th>") && html.contains(">Karachi Port</a></th>"))
                }
                try await client.execute(uri: "/risk/compare?a=gwadar-port", method: .get) { #expect($0.status == .badRequest) }
            }
        }
    }

    /// A past view is kept for the next reader, and dropped when the data changes under it.
    @Test func pastViewsAreReusedUntilTheDataChanges() async throws {
        try await TestDatabase.withStore(.sqlite) { (store: SQLStore) async throws in
            try await seeded(store)
            let service = RiskService(store: store, now: { Fixtures.now })
            let past = Fixtures.now.addingTimeInterval(-10 * 86_400)
            let before = try await service.engine(asOf: past).result(for: "gwadar-port")?.hazardExposure
            #expect(before == 0)
            // A backdated report: the past view now includes it.
            _ = try await store.save(event: Fixtures.event(ref: "late-report", daysAgo: 12, severity: 5))
            let after = try await service.engine(asOf: past).result(for: "gwadar-port")?.hazardExposure
            #expect((after ?? 0) > 0)
        }
    }
}
