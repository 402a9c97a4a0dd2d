import CorridorCoordination
import CorridorCore
import CorridorServer
import CorridorServices
import CorridorStore
import CorridorTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct CaseDeskTests {
    @Test(arguments: TestBackend.available)
    func aSevereEventOpensACaseWhoseMissedDeadlinesEscalateOnTheClock(backend: TestBackend) async throws {
        try await TestDatabase.withStore(backend) { (store: SQLStore) async throws in
            let event = try await CasesAPITests.seed(store)
            let clock = TestClock()
            let desk = CaseDesk(store: store, deadlines: CaseDeadlines(secondInterval: 1800), now: { clock.now() })
            let opened = try #require(await desk.eventSaved(event))
            #expect(opened.lead == "fc-balochistan" && opened.timeline.last?.note == "opened automatically: severity 4")
            #expect(await desk.eventSaved(event) == nil, "an event already in an open case opens no second one")
            #expect(try await store.alerts(kind: "case.opened", limit: 10).count == 1)

            // Acknowledge within 10 minutes, respond within an hour (the mandate rule); 30 minutes between levels.
            clock.advance(by: 9 * 60)
            #expect(try await desk.checkDeadlines().isEmpty)
            clock.advance(by: 2 * 60)
            let first = try await desk.checkDeadlines()
            #expect(first.map(\.escalation.level) == [1] && first.first?.escalation.notify == "fc-balochistan")
            #expect(try await desk.checkDeadlines().isEmpty, "an escalation is raised once")
            clock.advance(by: 30 * 60)
            #expect(try await desk.checkDeadlines().map(\.escalation.notify) == ["cpec-authority"])
            let alerts = try await store.alerts(kind: "case.escalated", limit: 10)
            #expect(alerts.count == 2 && Set(alerts.compactMap { $0.details["notify"] }) == ["fc-balochistan", "cpec-authority"])
            let stored = try #require(try await store.crisisCase(id: opened.id))
            #expect(stored.timeline.filter { $0.kind == .escalated }.count == 2)
        }
    }

    /// Two servers check the same deadlines at once: the escalation is recorded once.
    @Test(arguments: TestBackend.available)
    func twoDesksCheckingAtOnceEscalateOnce(backend: TestBackend) async throws {
        try await TestDatabase.withStore(backend) { (store: SQLStore) async throws in
            let event = try await CasesAPITests.seed(store)
            let clock = TestClock()
            let a = CaseDesk(store: store, now: { clock.now() })
            let b = CaseDesk(store: store, now: { clock.now() })
            let opened = try #require(await a.eventSaved(event))
            clock.advance(by: 11 * 60)
            async let fromA = a.checkDeadlines()
            async let fromB = b.checkDeadlines()
            let escalated = try await fromA.count + fromB.count
            #expect(escalated == 1)
            let stored = try #require(try await store.crisisCase(id: opened.id))
            #expect(stored.timeline.filter { $0.kind == .escalated }.count == 1)
            #expect(try await store.alerts(kind: "case.escalated", limit: 10).count == 1)
        }
    }

    @Test func eventsPostedThroughTheAPIOpenCasesByTheRule() async throws {
        try await TestDatabase.withStore(.sqlite) { (store: SQLStore) async throws in
            _ = try await CasesAPITests.seed(store)
            try await J.run(store: store) { client in
                let body = """
                    {"occurred_at": "2026-05-01", "location": {"lat": 25.12, "lon": 62.32}, "domain": "terrorism_insurgency", "type": "ied",
                     "severity": 2, "fatalities": 1, "title": "IED on the coastal highway", "source": "test", "source_ref": "ied-1"}
                    """
                try await client.execute(uri: "/api/v1/events", method: .post, headers: J.jsonHeaders, body: J.json(body)) {
                    #expect($0.status == .created)
                }
                // S4: the event is AMBER (the default) and the case goes to the mandate's lead, which
                // the event was not shared with: the case does not carry its title.
                try await client.execute(uri: "/api/v1/cases", method: .get) { response in
                    let items = J.object(response)["items"] as? [[String: Any]] ?? []
                    #expect(items.count == 1)
                    #expect(items.first?["title"] as? String == "IED in Balochistan, 2026-05-01 (title withheld: AMBER event)")
                }
                // A GREEN event may be read by every agency the case goes to: its title is the case's.
                let green = body.replacingOccurrences(of: "\"ied-1\"", with: "\"ied-2\", \"tlp\": \"GREEN\"")
                try await client.execute(uri: "/api/v1/events", method: .post, headers: J.jsonHeaders, body: J.json(green)) {
                    #expect($0.status == .created)
                }
                try await client.execute(uri: "/api/v1/cases", method: .get) { response in
                    let titles = (J.object(response)["items"] as? [[String: Any]] ?? []).compactMap { $0["title"] as? String }
                    #expect(titles.contains("IED on the coastal highway"))
                }
            }
        }
    }
}
