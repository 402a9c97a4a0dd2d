import CorridorCoordination
import CorridorCore
import CorridorServer
import CorridorServices
import CorridorStore
import CorridorTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct CasesAPITests {
    /// A Gwadar port site, an armed assault there (AMBER, origin: the tester's agency), and the
    /// mandate that gives Balochistan's terrorism to FC Balochistan with SSD supporting.
    static func seed(_ store: SQLStore) async throws -> Event {
        _ = try await store.save(site: Fixtures.site())
        for (id, kind) in [("fc-balochistan", Agency.Kind.military), ("ssd", .military), (Fixtures.agency, .police)] {
            _ = try await store.save(agency: Agency(id: id, name: id, kind: kind))
        }
        _ = try await store.save(
            mandateRules: [
                MandateRule(
                    id: "terrorism-balochistan", domain: .terrorismInsurgency, province: .balochistan, lead: "fc-balochistan",
                    supporting: ["ssd"],
                    acknowledgeWithin: 600, respondWithin: 3600)
            ], replacing: true, by: .system("test"))
        var e = Fixtures.event(ref: "assault-1", severity: 4)
        e.siteIDs = ["gwadar-port"]
        e.originAgency = Fixtures.agency
        let (_, stored) = try await store.save(event: e)
        return stored
    }

    @Test(arguments: TestBackend.available)
    func openMoveNoteLinkReassignAndReopenACase(backend: TestBackend) async throws {
        try await TestDatabase.withStore(backend) { (store: SQLStore) async throws in
            let event = try await Self.seed(store)
            var second = Fixtures.event(ref: "assault-1-second-report")
            second.originAgency = Fixtures.agency
            let (_, other) = try await store.save(event: second)
            try await J.run(store: store) { client in
                let id: String = try await client.execute(
                    uri: "/api/v1/cases", method: .post, body: J.json(#"{"event_ids": ["\#(event.id)"]}"#)
                ) { response in
                    let c = J.object(response)
                    #expect(response.status == .created && c["status"] as? String == "reported")
                    #expect(
                        c["lead"] as? String == "fc-balochistan" && c["supporting"] as? [String] == ["ssd"]
                            && c["mandate_rule"] as? String == "terrorism-balochistan")
                    #expect(c["tlp"] as? String == "AMBER")
                    return c["id"] as? String ?? ""
                }
                try await client.execute(uri: "/api/v1/cases/\(id)/transitions", method: .post, body: J.json(#"{"to": "closed"}"#)) {
                    response in
                    #expect(response.status == .conflict)
                    #expect((J.object(response)["detail"] as? String)?.contains("from reported it can go to acknowledged") == true)
                }
                for step in ["acknowledged", "responding", "contained", "recovery", "closed"] {
                    try await client.execute(
                        uri: "/api/v1/cases/\(id)/transitions", method: .post, body: J.json(#"{"to": "\#(step)", "note": "ok"}"#)
                    ) {
                        #expect($0.status == .ok)
                    }
                }
                try await client.execute(uri: "/api/v1/cases/\(id)/reopen", method: .post, body: J.json(#"{"reason": "a second blast"}"#)) {
                    response in
                    #expect(J.object(response)["status"] as? String == "responding")
                }
                try await client.execute(uri: "/api/v1/cases/\(id)/notes", method: .post, body: J.json(#"{"note": "road closed"}"#)) {
                    #expect($0.status == .ok)
                }
                try await client.execute(uri: "/api/v1/cases/\(id)/events", method: .post, body: J.json(#"{"event_id": "\#(other.id)"}"#)) {
                    response in
                    #expect(J.object(response)["event_ids"] as? [String] == [event.id, other.id])
                }
                try await client.execute(uri: "/api/v1/cases/\(id)/events", method: .post, body: J.json(#"{"event_id": "\#(other.id)"}"#)) {
                    #expect($0.status == .conflict)
                }
                try await client.execute(
                    uri: "/api/v1/cases/\(id)/lead", method: .put, body: J.json(#"{"lead": "ssd", "reason": "army cordon"}"#)
                ) { response in
                    let c = J.object(response)
                    #expect(c["lead"] as? String == "ssd" && c["supporting"] as? [String] == [])
                    let kinds = (c["timeline"] as? [[String: Any]] ?? []).compactMap { $0["kind"] as? String }
                    #expect(
                        kinds == [
                            "opened", "transition", "transition", "transition", "transition", "transition", "reopened", "note",
                            "linked_event", "reassigned",
                        ])
                }
                try await client.execute(uri: "/api/v1/cases/\(id)/playbook", method: .post, body: J.json("{}")) { response in
                    let tasks = J.object(response)["tasks"] as? [[String: Any]] ?? []
                    #expect(
                        tasks.count == 4 && tasks.first?["agency"] as? String == "ssd",
                        "the playbook of the first event's type (armed_assault), after the reassignment")
                }
                try await client.execute(uri: "/api/v1/cases/\(id)/playbook", method: .post, body: J.json(#"{"event_type": "earthquake"}"#))
                {
                    #expect($0.status == .unprocessableContent)
                }
                try await client.execute(
                    uri: "/api/v1/cases/\(id)/tasks", method: .post,
                    body: J.json(#"{"title": "Brief the embassy", "agency": "ssd", "due_in": "3h"}"#)
                ) {
                    response in
                    #expect((J.object(response)["tasks"] as? [[String: Any]])?.last?["id"] as? String == "t5")
                }
                try await client.execute(
                    uri: "/api/v1/cases/\(id)/tasks", method: .post, body: J.json(#"{"title": "x", "agency": "ssd", "due_in": "soon"}"#)
                ) {
                    #expect($0.status == .unprocessableContent && J.object($0)["field"] as? String == "due_in")
                }
                try await client.execute(uri: "/api/v1/cases/\(id)/tasks/t5/status", method: .put, body: J.json(#"{"status": "done"}"#)) {
                    response in
                    #expect((J.object(response)["tasks"] as? [[String: Any]])?.last?["status"] as? String == "done")
                }
                try await client.execute(uri: "/api/v1/cases/\(id)/tasks/t9/status", method: .put, body: J.json(#"{"status": "done"}"#)) {
                    #expect($0.status == .conflict)
                }
                try await client.execute(uri: "/api/v1/cases?status=open", method: .get) { response in
                    #expect((J.object(response)["items"] as? [[String: Any]])?.count == 1, "\(J.text(response))")
                }
            }
            let audit = try await store.auditLog(AuditQuery(objectType: "case", limit: 50))
            #expect(
                Set(audit.map(\.action)) == [
                    "case.open", "case.transition", "case.reopen", "case.note", "case.link", "case.reassign", "case.playbook", "case.task",
                ])
            // A case opened by hand and a reassignment raise alerts, as automatic openings do.
            let opened = try await store.alerts(kind: "case.opened", limit: 10)
            #expect(opened.count == 1)
            #expect(opened.first?.details["reason"] == "opened by tester")
            let reassigned = try await store.alerts(kind: "case.reassigned", limit: 10)
            #expect(reassigned.count == 1)
            #expect(reassigned.first?.title.hasPrefix("Reassigned: ") == true)
            #expect(reassigned.first?.sharedWithAgencies.contains("ssd") == true)
        }
    }

    @Test func amberCasesAreReadByTheLeadAndSupportingAgenciesOnly() async throws {
        try await TestDatabase.withStore(.sqlite) { (store: SQLStore) async throws in
            let event = try await Self.seed(store)
            let c = try await CaseOpening.open(
                for: [event], title: nil, tlp: nil, store: store, at: Date(), actor: "test", agency: event.originAgency)
            try await store.save(crisisCase: c, action: "case.open", by: .system("test"))
            _ = try await store.save(agency: Agency(id: "punjab-police", name: "Punjab Police", kind: .police))
            let outsider = try await TestServer.signIn(store: store, username: "outsider", agency: "punjab-police", roles: [.viewer])
            let supporter = try await TestServer.signIn(store: store, username: "supporter", agency: "ssd", roles: [.viewer])
            try await J.run(store: store, roles: nil) { client in
                try await client.anonymous(uri: "/api/v1/cases/\(c.id)", method: .get, headers: [.authorization: "Bearer \(outsider)"]) {
                    #expect($0.status == .notFound)
                }
                try await client.anonymous(uri: "/api/v1/cases/\(c.id)", method: .get, headers: [.authorization: "Bearer \(supporter)"]) {
                    #expect($0.status == .ok)
                }
                try await client.anonymous(uri: "/api/v1/cases", method: .get, headers: [.authorization: "Bearer \(outsider)"]) {
                    response in
                    #expect((J.object(response)["items"] as? [[String: Any]])?.isEmpty == true)
                }
            }
        }
    }

    /// Found in review: a case that took its event's title (every reader could read the event)
    /// kept it when a reassignment made a new agency a reader.
    @Test func aReassignmentWithholdsATitleTheNewLeadMayNotRead() async throws {
        try await TestDatabase.withStore(.sqlite) { (store: SQLStore) async throws in
            var event = try await Self.seed(store)
            event.sharedWithAgencies = ["fc-balochistan", "ssd"]
            event.title = "Source-protected assault report"
            _ = try await store.save(event: event)
            _ = try await store.save(agency: Agency(id: "navy", name: "navy", kind: .maritime))
            let eventID = event.id
            try await J.run(store: store) { client in
                let id = try await client.execute(
                    uri: "/api/v1/cases", method: .post, headers: J.jsonHeaders, body: J.json(#"{"event_ids": ["\#(eventID)"]}"#)
                ) { response in
                    #expect(response.status == .created)
                    #expect(J.object(response)["title"] as? String == "Source-protected assault report")
                    return J.object(response)["id"] as? String ?? ""
                }
                try await client.execute(
                    uri: "/api/v1/cases/\(id)/lead", method: .put, headers: J.jsonHeaders,
                    body: J.json(#"{"lead": "navy", "reason": "at sea"}"#)
                ) { response in
                    #expect(response.status == .ok)
                    #expect((J.object(response)["title"] as? String)?.contains("title withheld: AMBER event") == true)
                }
            }
        }
    }

    /// S14: any analyst who could read a case could move, close or reopen it. Now only the
    /// case's own agencies (reporting, lead, supporting) and the escalation authority act on it.
    @Test func onlyTheCasesAgenciesActOnIt() async throws {
        try await TestDatabase.withStore(.sqlite) { (store: SQLStore) async throws in
            var event = try await Self.seed(store)
            event.tlp = .green
            _ = try await store.save(event: event)
            let c = try await CaseOpening.open(
                for: [event], title: nil, tlp: .green, store: store, at: Fixtures.now, actor: "test", agency: "ssd")
            try await store.save(crisisCase: c, action: "case.open", by: .system("test"))
            // An analyst of an agency that reported nothing here, leads nothing, supports nothing and
            // is not the escalation authority (the test user's agency is).
            _ = try await store.save(agency: Agency(id: "other-agency", name: "Other", kind: .police))
            let other = try await TestServer.signIn(store: store, username: "otto", agency: "other-agency", roles: [.analyst])
            try await J.run(store: store, roles: nil) { client in
                let headers: HTTPFields = [.authorization: "Bearer \(other)", .contentType: "application/json"]
                try await client.execute(uri: "/api/v1/cases/\(c.id)", method: .get, headers: headers) { #expect($0.status == .ok) }
                try await client.execute(
                    uri: "/api/v1/cases/\(c.id)/transitions", method: .post, headers: headers, body: J.json(#"{"to": "acknowledged"}"#)
                ) { response in
                    #expect(response.status == .forbidden)
                    #expect(J.text(response).contains("lead, supporting or reporting agency"))
                }
            }
            #expect(try await store.crisisCase(id: c.id)?.status == .reported)
        }
    }
}
