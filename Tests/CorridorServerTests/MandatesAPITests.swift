import CorridorCore
import CorridorServer
import CorridorStore
import CorridorTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct MandatesAPITests {
    static let book = """
        {"rules": [
          {"id": "crime-sindh", "domain": "crime", "province": "Sindh", "lead": "ctd-sindh"},
          {"id": "crime-ports", "domain": "crime", "site_kind": "port", "lead": "pmsa", "acknowledge_within": "30m", "respond_within": "4h"}
        ]}
        """

    @Test(arguments: TestBackend.available)
    func replaceListAndCheckTheMandates(backend: TestBackend) async throws {
        try await TestDatabase.withStore(backend) { (store: SQLStore) async throws in
            for id in ["ctd-sindh", "pmsa"] { _ = try await store.save(agency: Agency(id: id, name: id, kind: .police)) }
            try await J.run(store: store) { client in
                try await client.execute(uri: "/api/v1/mandates", method: .put, body: J.json(Self.book)) { response in
                    let body = J.object(response)
                    #expect(response.status == .ok && body["inserted"] as? Int == 2 && body["overlap_cells"] as? Int == 1)
                }
                try await client.execute(uri: "/api/v1/mandates", method: .get) { response in
                    let items = J.object(response)["items"] as? [[String: Any]] ?? []
                    #expect(items.compactMap { $0["id"] as? String } == ["crime-ports", "crime-sindh"])
                    #expect(items.first?["respond_within"] as? String == "4h" && items.last?["province"] as? String == "Sindh")
                }
                try await client.execute(uri: "/api/v1/mandates/check", method: .get) { response in
                    let body = J.object(response)
                    let overlaps = body["overlaps"] as? [[String: Any]] ?? []
                    #expect(body["clean"] as? Bool == false && body["cell_count"] as? Int == 728)
                    #expect(
                        overlaps.count == 1 && overlaps.first?["site_kind"] as? String == "port"
                            && overlaps.first?["province"] as? String == "Sindh")
                    #expect(overlaps.first?["rules"] as? [String] == ["crime-ports", "crime-sindh"])
                    #expect(body["cells"] == nil)
                }
                // A rule naming an agency that does not exist: 422 naming the rule.
                try await client.execute(
                    uri: "/api/v1/mandates", method: .put, body: J.json(#"[{"id": "x", "domain": "cyber", "lead": "nobody"}]"#)
                ) {
                    response in
                    #expect(response.status == .unprocessableContent && J.object(response)["field"] as? String == "rules[0]")
                }
                // The body that once stopped the server (schemathesis): a problem, and the server serves on.
                for body in [
                    #"{"note": "", "rules": ["AAA"]}"#,
                    #"[{"id": "x", "domain": "cyber", "lead": "ctd-sindh", "acknowledge_within": 1e19}]"#,
                ] {
                    try await client.execute(uri: "/api/v1/mandates", method: .put, body: J.json(body)) { response in
                        #expect(response.status == .unprocessableContent)
                        #expect(response.headers[.contentType] == "application/problem+json")
                    }
                }
                try await client.execute(uri: "/healthz", method: .get) { #expect($0.status == .ok) }
                try await client.execute(uri: "/api/v1/mandates/check?cells=some", method: .get) { response in
                    #expect(
                        response.status == .badRequest
                            && J.object(response)["detail"] as? String == "query parameter cells: only \"all\" is accepted")
                }
                try await client.execute(uri: "/api/v1/mandates/check?cells=all", method: .get) { response in
                    let cells = J.object(response)["cells"] as? [[String: Any]] ?? []
                    #expect(cells.count == 728)
                    let sindhSEZ = cells.first {
                        $0["province"] as? String == "Sindh" && $0["site_kind"] as? String == "sez" && $0["domain"] as? String == "crime"
                    }
                    #expect(sindhSEZ?["lead"] as? String == "ctd-sindh" && sindhSEZ?["status"] as? String == "lead")
                }
                try await client.execute(uri: "/mandates", method: .get) { response in
                    let html = J.text(response)
                    #expect(html.contains("<b id=\"overlap-count\">1</b>") && html.contains("class=\"overlap\""))
                    #expect(html.components(separatedBy: "<table class=\"mandates\"").count - 1 == Domain.allCases.count)
                }
            }
            let audit = try await store.auditLog(AuditQuery(action: "mandates.import", limit: 10))
            #expect(audit.count == 1)
        }
    }

    /// S4: any coordinator could rewrite the national book and add their agency as supporting to
    /// every future case. The book is kept by the escalation authority.
    @Test func onlyTheKeepersCoordinatorsChangeTheBook() async throws {
        try await TestDatabase.withStore(.sqlite) { (store: SQLStore) async throws in
            _ = try await store.save(agency: Agency(id: "other-agency", name: "Other", kind: .police))
            let other = try await TestServer.signIn(store: store, username: "otto", agency: "other-agency", roles: [.coordinator])
            try await J.run(store: store, roles: [.coordinator]) { client in
                let headers: HTTPFields = [.authorization: "Bearer \(other)", .contentType: "application/json"]
                try await client.execute(uri: "/api/v1/mandates", method: .put, headers: headers, body: J.json("[]")) { response in
                    #expect(response.status == .forbidden)
                    #expect(J.text(response).contains("kept by \(Fixtures.agency)"))
                }
                try await client.execute(uri: "/api/v1/mandates", method: .put, headers: J.jsonHeaders, body: J.json("[]")) {
                    #expect($0.status == .ok)
                }
            }
        }
    }

    @Test func onlyCoordinatorsAndAdministratorsReplaceMandates() async throws {
        try await TestDatabase.withStore(.sqlite) { (store: SQLStore) async throws in
            try await J.run(store: store, roles: [.viewer, .analyst]) { client in
                try await client.execute(uri: "/api/v1/mandates", method: .put, body: J.json("[]")) { #expect($0.status == .forbidden) }
                try await client.execute(uri: "/api/v1/mandates", method: .get) { #expect($0.status == .ok) }
            }
        }
    }
}
