import CorridorCoordination
import CorridorCore
import CorridorServer
import CorridorStore
import CorridorTestSupport
import Foundation
import Testing

@Suite struct PlaybooksAPITests {
    @Test(arguments: TestBackend.available)
    func playbooksAreEditableDataThatCasesApply(backend: TestBackend) async throws {
        try await TestDatabase.withStore(backend) { (store: SQLStore) async throws in
            let event = try await CasesAPITests.seed(store)
            try await J.run(store: store) { client in
                try await client.execute(uri: "/api/v1/playbooks", method: .get) { response in
                    let body = J.object(response)
                    #expect(body["origin"] as? String == "built-in")
                    #expect((body["playbooks"] as? [String: Any])?["ransomware"] != nil)
                }
                let bad = #"{"playbooks": {"armed_assault": [{"title": " ", "assignee": "nobody", "due_within": 5}], "picnic": []}}"#
                try await client.execute(uri: "/api/v1/playbooks", method: .put, headers: J.jsonHeaders, body: J.json(bad)) { response in
                    #expect(response.status == .unprocessableContent)
                    let text = J.text(response)
                    #expect(text.contains("armed_assault[0].title: must be 1 to 200 characters"))
                    #expect(text.contains("armed_assault[0].assignee: \\\"nobody\\\" is not lead, supporting or a known agency"))
                    #expect(text.contains("armed_assault[0].due_within: must be 60 to 2592000 seconds"))
                    #expect(text.contains("picnic: not an event type"))
                }
                let good = """
                    {"playbooks": {"armed_assault": [
                      {"title": "Close the coastal highway at Pasni", "assignee": "lead", "due_within": 600},
                      {"title": "Brief the port's security office", "assignee": "ssd", "due_within": 1800}]}}
                    """
                try await client.execute(uri: "/api/v1/playbooks", method: .put, headers: J.jsonHeaders, body: J.json(good)) {
                    #expect($0.status == .ok)
                }
                let id = try await client.execute(
                    uri: "/api/v1/cases", method: .post, headers: J.jsonHeaders, body: J.json(#"{"event_ids": ["\#(event.id)"]}"#)
                ) { J.object($0)["id"] as? String ?? "" }
                try await client.execute(uri: "/api/v1/cases/\(id)/playbook", method: .post, body: J.json("{}")) { response in
                    let tasks = J.object(response)["tasks"] as? [[String: Any]] ?? []
                    #expect(
                        tasks.compactMap { $0["title"] as? String } == [
                            "Close the coastal highway at Pasni", "Brief the port's security office",
                        ])
                    #expect(tasks.compactMap { $0["agency"] as? String } == ["fc-balochistan", "ssd"])
                }
                // The stored set replaced the built-in one as a whole.
                try await client.execute(uri: "/api/v1/cases/\(id)/playbook", method: .post, body: J.json(#"{"event_type": "ransomware"}"#))
                {
                    #expect($0.status == .unprocessableContent)
                }
            }
            try await J.run(store: store, roles: [.analyst]) { client in
                try await client.execute(uri: "/api/v1/playbooks", method: .put, headers: J.jsonHeaders, body: J.json("{}")) {
                    #expect($0.status == .forbidden)
                }
            }
            #expect(try await store.auditLog(AuditQuery(action: "playbooks.replace")).count == 1)
        }
    }
}
