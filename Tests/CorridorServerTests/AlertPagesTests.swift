import CorridorAlerts
import CorridorCoordination
import CorridorCore
import CorridorServer
import CorridorStore
import CorridorTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct AlertPagesTests {
    static let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]

    @Test func theAlertsPageListsReadableAlertsAndStreamsFromTheNewest() async throws {
        try await TestDatabase.withStore(.sqlite) { (store: SQLStore) async throws in
            try await store.save(alerts: [
                AlertsAPITests.alert(1, tlp: .green), AlertsAPITests.alert(2, tlp: .amber, origin: "navy"),
            ])
            try await J.run(store: store, roles: [.viewer]) { client in
                try await client.execute(uri: "/alerts", method: .get) { response in
                    let html = J.text(response)
                    #expect(html.contains("data-stream=\"/api/v1/alerts/stream?after=2\""))
                    #expect(html.contains("<tr data-seq=\"1\">"))
                    #expect(!html.contains("data-seq=\"2\""), "an AMBER alert of another agency is not listed")
                    #expect(html.contains("href=\"/alerts\""))
                    #expect(!html.contains("/admin/webhooks\">Webhooks"), "only administrators see the webhooks link")
                }
            }
        }
    }

    @Test func administratorsManageWebhooksAndRetryDeadLettersOnTheWebhooksPage() async throws {
        try await TestDatabase.withStore(.sqlite) { (store: SQLStore) async throws in
            try await J.run(store: store, roles: [.admin]) { client in
                let created = try await client.execute(
                    uri: "/admin/webhooks", method: .post, headers: Self.form,
                    body: ByteBuffer(string: "agency_id=\(Fixtures.agency)&url=https%3A%2F%2Fsoc.example%2Fhook&kinds=case.%2C+maritime.")
                ) { response in
                    #expect(response.status == .created)
                    #expect(response.headers[.cacheControl] == "no-store")
                    return J.text(response)
                }
                #expect(created.contains("Its signing secret, shown only now: "))
                let hook = try #require(try await store.webhooks().first)
                #expect(hook.kinds == ["case.", "maritime."])
                #expect(hook.url == "https://soc.example/hook")
                try await client.execute(
                    uri: "/admin/webhooks", method: .post, headers: Self.form,
                    body: ByteBuffer(string: "agency_id=\(Fixtures.agency)&url=gopher%3A%2F%2Fx")
                ) { response in
                    #expect(response.status == .unprocessableContent)
                    #expect(J.text(response).contains("url: must be an http or https URL, not gopher"))
                }
                // A dead letter is listed with a retry button that queues it again.
                try await store.save(alerts: [AlertsAPITests.alert(1, tlp: .green, kind: "case.opened")])
                _ = try await store.queueDeliveries(
                    webhookID: hook.id, cursor: hook.cursor, newCursor: 1, alerts: try await store.alerts(afterSeq: 0, limit: 1),
                    at: Fixtures.now)
                var dead = try #require(try await store.claimDeliveries(now: Fixtures.now, lease: 60, limit: 1).first)
                dead.status = .dead
                dead.lastError = "HTTP 502"
                try await store.finish(delivery: dead)
                try await client.execute(uri: "/admin/webhooks", method: .get) { response in
                    let html = J.text(response)
                    #expect(html.contains("<td>HTTP 502</td>"))
                    #expect(html.contains("action=\"/admin/webhooks/deliveries/\(dead.id)/retry\""))
                }
                try await client.execute(uri: "/admin/webhooks/deliveries/\(dead.id)/retry", method: .post, headers: Self.form) {
                    response in
                    #expect(J.text(response).contains("Delivery \(dead.id) will be sent again."))
                }
                #expect(try await store.deliveries(status: .pending, limit: 10).map(\.id) == [dead.id])
                try await client.execute(uri: "/admin/webhooks/\(hook.id)/delete", method: .post, headers: Self.form) { response in
                    #expect(J.text(response).contains("Removed webhook \(hook.id)."))
                }
                #expect(try await store.webhooks().isEmpty)
            }
            try await J.run(store: store, roles: [.coordinator]) { client in
                try await client.execute(uri: "/admin/webhooks", method: .get) { #expect($0.status == .forbidden) }
            }
        }
    }

    @Test func coordinatorsEditMandateRulesOnTheMandatesPage() async throws {
        try await TestDatabase.withStore(.sqlite) { (store: SQLStore) async throws in
            _ = try await CasesAPITests.seed(store)
            try await J.run(store: store, roles: [.coordinator]) { client in
                try await client.execute(uri: "/mandates", method: .get) { response in
                    let html = J.text(response)
                    #expect(html.contains("id=\"rule-form\""))
                    #expect(html.contains("action=\"/mandates/rules/terrorism-balochistan/delete\""))
                }
                let rule =
                    "id=cyber-all&domain=cyber&province=&site_kind=port&lead=ssd&supporting=fc-balochistan&acknowledge_within=10m&respond_within=1h&precedence=2"
                try await client.execute(uri: "/mandates/rules", method: .post, headers: Self.form, body: ByteBuffer(string: rule)) {
                    response in
                    #expect(J.text(response).contains("Saved rule cyber-all."))
                }
                let saved = try #require(try await store.mandateRules().first { $0.id == "cyber-all" })
                #expect(saved.siteKind == .port)
                #expect(saved.province == nil)
                #expect(saved.supporting == ["fc-balochistan"])
                #expect(saved.acknowledgeWithin == 600)
                #expect(saved.precedence == 2)
                try await client.execute(
                    uri: "/mandates/rules", method: .post, headers: Self.form, body: ByteBuffer(string: "id=bad&domain=cyber&lead=nobody")
                ) { response in
                    #expect(response.status == .unprocessableContent)
                    #expect(J.text(response).contains("(bad): lead: no agency &quot;nobody&quot;"))
                }
                try await client.execute(uri: "/mandates/rules/cyber-all/delete", method: .post, headers: Self.form) { response in
                    #expect(J.text(response).contains("Removed rule cyber-all."))
                }
                #expect(try await store.mandateRules().map(\.id) == ["terrorism-balochistan"])
            }
            try await J.run(store: store, roles: [.analyst]) { client in
                try await client.execute(uri: "/mandates", method: .get) { #expect(!J.text($0).contains("rule-form")) }
                try await client.execute(uri: "/mandates/rules/terrorism-balochistan/delete", method: .post, headers: Self.form) {
                    #expect($0.status == .forbidden)
                }
            }
        }
    }
}
