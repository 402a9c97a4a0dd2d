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

@Suite struct CasePagesTests {
    @Test func theTimelineAndTheAfterActionReportShowResponseTimesAgainstDeadlines() async throws {
        try await TestDatabase.withStore(.sqlite) { (store: SQLStore) async throws in
            let event = try await CasesAPITests.seed(store)
            let clock = TestClock()
            let desk = CaseDesk(store: store, now: { clock.now() })
            var c = try #require(await desk.eventSaved(event))
            // Acknowledged after 5 minutes (deadline 10), responding after 90 (deadline 60).
            c = try CaseLifecycle.move(c, to: .acknowledged, note: "on it", at: clock.now().addingTimeInterval(300), actor: "u1")
            c = try CaseLifecycle.move(c, to: .responding, note: "", at: clock.now().addingTimeInterval(5400), actor: "u1")
            c = try CaseLifecycle.applyPlaybook(c, Playbooks.defaults["armed_assault"] ?? [], at: clock.now(), actor: "u1")
            try await store.save(crisisCase: c, action: "case.transition", by: .system("test"))
            let stored = c
            try await TestServer.run(store: store, clock: clock) { client in
                try await client.execute(uri: "/cases", method: .get) { response in
                    let html = TestServer.text(response)
                    #expect(html.contains("<a href=\"/cases/\(stored.id)\">") && html.contains("data-status=\"responding\""))
                }
                try await client.execute(uri: "/cases/\(stored.id)", method: .get) { response in
                    let html = TestServer.text(response)
                    #expect(html.components(separatedBy: "class=\"entry\"").count - 1 == stored.timeline.count)
                    #expect(html.contains("opened automatically: severity 4") && html.contains("fc-balochistan"))
                }
                try await client.execute(uri: "/cases/\(stored.id)/report", method: .get) { response in
                    let html = TestServer.text(response)
                    #expect(html.contains("data-name=\"acknowledged\" data-verdict=\"met\""))
                    #expect(html.contains("data-name=\"responding\" data-verdict=\"missed\"") && html.contains("missed by 30 min"))
                    #expect(html.contains("<td>5 min</td>") && html.contains("<td>1 h 30 min</td>"))
                    #expect(html.components(separatedBy: "class=\"task\" data-status=\"open\"").count - 1 == 4)
                }
                try await client.execute(uri: "/cases/case-nope/report", method: .get) { #expect($0.status == .notFound) }
            }
        }
    }
}
