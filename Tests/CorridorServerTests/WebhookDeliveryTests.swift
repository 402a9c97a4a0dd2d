import CorridorAlerts
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

/// A webhook receiver on 127.0.0.1 that checks every signature, remembers idempotency keys,
/// and answers 503 to its first `failFirst` requests.
actor WebhookReceiver {
    struct Received: Sendable {
        let key: String
        let alertID: String
        let signatureValid: Bool
    }

    let secret: String
    let clock: TestClock
    var failFirst: Int
    private(set) var requests: [Received] = []

    init(secret: String, clock: TestClock, failFirst: Int) {
        self.secret = secret
        self.clock = clock
        self.failFirst = failFirst
    }

    func receive(signature: String?, key: String?, body: [UInt8]) -> HTTPResponse.Status {
        var valid = false
        if let signature {
            valid = (try? WebhookSignature.verify(header: signature, secret: secret, body: body, now: clock.now())) != nil
        }
        let alert = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any]
        requests.append(Received(key: key ?? "", alertID: alert?["id"] as? String ?? "", signatureValid: valid))
        if failFirst > 0 {
            failFirst -= 1
            return .serviceUnavailable
        }
        return valid ? .noContent : .unauthorized
    }

    /// Alerts accepted, counted once per idempotency key.
    var uniqueKeys: Set<String> { Set(requests.map(\.key)) }

    /// Runs a receiver and hands its URL to `body`.
    static func serve<T: Sendable>(_ receiver: WebhookReceiver, _ body: @Sendable (String) async throws -> T) async throws -> T {
        let router = Router()
        router.post("hook") { request, context -> Response in
            let buffer = try await request.body.collect(upTo: 1 << 20)
            let status = await receiver.receive(
                signature: request.headers[HTTPField.Name(WebhookSignature.headerName)!],
                key: request.headers[HTTPField.Name("Idempotency-Key")!], body: Array(buffer: buffer))
            return Response(status: status)
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        return try await app.test(.live) { client in
            guard let port = client.port else { throw CancellationError() }
            return try await body("http://127.0.0.1:\(port)/hook")
        }
    }
}

@Suite struct WebhookDeliveryTests {
    /// The receivers here run on 127.0.0.1, which a production server refuses.
    static let local = HTTPWebhookTransport(allowPrivateDestinations: true)

    /// S10: the server is not a way into its own network. Loopback, link-local (cloud metadata),
    /// private and unique-local destinations are refused at registration and again at delivery,
    /// redirects are not followed, and a dead letter never echoes an internal error.
    @Test func webhooksGoOnlyToPublicDestinationsAndFollowNoRedirects() async throws {
        for host in [
            "127.0.0.1", "169.254.169.254", "10.1.2.3", "172.20.0.5", "192.168.1.1", "[::1]", "[fd00::1]", "[fe80::1]",
            "[::ffff:127.0.0.1]", "0.0.0.0", "localhost", "metadata.google.internal", "100.64.0.1",
        ] {
            #expect(WebhookDestination.problem(host: host, allowPrivate: false) != nil, "\(host)")
            #expect(WebhookDestination.problem(host: host, allowPrivate: true) == nil)
        }
        for host in ["hooks.example", "8.8.8.8", "[2001:4860:4860::8888]", "172.32.0.1", "192.169.0.1"] {
            #expect(WebhookDestination.problem(host: host, allowPrivate: false) == nil, "\(host)")
        }
        // A public name that resolves to a private address is refused when sending.
        #expect(WebhookDestination.problem(resolvedAddresses: ["93.184.216.34", "10.0.0.7"], allowPrivate: false) != nil)
        let refused = HTTPWebhookTransport()
        await #expect(throws: WebhookTransportError.self) {
            _ = try await refused.post(url: "http://localhost:9/hook", headers: [], body: [])
        }
        // A receiver that redirects: the redirect is the answer, not followed.
        let router = Router()
        router.post("hook") { _, _ -> Response in Response(status: .temporaryRedirect, headers: [.location: "http://127.0.0.1:9/elsewhere"])
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            guard let port = client.port else { throw CancellationError() }
            let status = try await Self.local.post(url: "http://127.0.0.1:\(port)/hook", headers: [], body: [])
            #expect(status == 307)
        }
        try await TestDatabase.withStore(.sqlite) { (store: SQLStore) async throws in
            _ = try await store.save(agency: Agency(id: "navy", name: "Navy", kind: .maritime))
            try await J.run(store: store, roles: [.admin]) { client in
                for url in [
                    "http://127.0.0.1:8080/hook", "http://169.254.169.254/latest/meta-data/", "https://[::1]/x", "http://localhost/x",
                ] {
                    try await client.execute(
                        uri: "/api/v1/webhooks", method: .post, headers: J.jsonHeaders, body: J.json(#"{"url": "\#(url)"}"#)
                    ) {
                        response in
                        #expect(response.status == .unprocessableContent, "\(url)")
                        #expect(J.text(response).contains("public addresses only"))
                    }
                }
                // S3: a webhook receives what its agency may read, so an administrator registers only their own agency's.
                try await client.execute(
                    uri: "/api/v1/webhooks", method: .post, headers: J.jsonHeaders,
                    body: J.json(#"{"url": "https://hooks.example/", "agency_id": "navy"}"#)
                ) { response in
                    #expect(response.status == .forbidden)
                    #expect(J.object(response)["field"] as? String == "agency_id")
                }
            }
            #expect(try await store.webhooks().isEmpty)
            // A dead letter says what kind of failure it was, not the transport's own text.
            _ = try await store.save(
                webhook: Webhook(
                    id: "wh-private", agencyID: Fixtures.agency, url: "http://127.0.0.1:9/hook", secret: "s", createdAt: Fixtures.now),
                by: .system("test"))
            try await store.save(alerts: [AlertsAPITests.alert(1, tlp: .green)])
            let dispatcher = WebhookDispatcher(
                store: store, schedule: RetrySchedule(firstDelay: 10, maximumAttempts: 1), now: { Fixtures.now })
            #expect(try await dispatcher.runOnce().dead == 1)
            let dead = try await store.deliveries(status: .dead, limit: 10)
            #expect(dead.first?.lastError?.hasPrefix("not sent: 127.0.0.1 is a loopback address") == true)
        }
    }

    @Test(arguments: TestBackend.available)
    func signedDeliveriesAreRetriedWithBackoffAndReachOnlyWhatTheAgencyMayRead(backend: TestBackend) async throws {
        try await TestDatabase.withStore(backend) { (store: SQLStore) async throws in
            let clock = TestClock()
            let receiver = WebhookReceiver(secret: "shh", clock: clock, failFirst: 2)
            try await WebhookReceiver.serve(receiver) { url in
                _ = try await store.save(
                    webhook: Webhook(
                        id: "wh-cert", agencyID: "cert", url: url, secret: "shh", kinds: ["test.", "case.opened"], createdAt: clock.now()),
                    by: .system("test"))
                try await store.save(alerts: [
                    AlertsAPITests.alert(1, tlp: .green),
                    AlertsAPITests.alert(2, tlp: .amber, origin: "navy", agencies: ["police"]), // not cert's
                    AlertsAPITests.alert(3, tlp: .amber, origin: "navy", agencies: ["cert"]),
                    AlertsAPITests.alert(4, tlp: .green, kind: "risk.class_changed"), // not a kind cert asked for
                ])
                let dispatcher = WebhookDispatcher(
                    store: store, transport: Self.local, schedule: RetrySchedule(firstDelay: 10, maximumAttempts: 5), now: { clock.now() })

                let first = try await dispatcher.runOnce()
                #expect(first == WebhookDispatcher.Pass(queued: 2, delivered: 0, retrying: 2, dead: 0))
                // Not due yet: nothing is sent.
                clock.advance(by: 9)
                #expect(try await dispatcher.runOnce() == WebhookDispatcher.Pass())
                clock.advance(by: 1)
                #expect(try await dispatcher.runOnce() == WebhookDispatcher.Pass(delivered: 2))
                #expect(try await dispatcher.runOnce() == WebhookDispatcher.Pass(), "a delivered alert is not sent again")

                let requests = await receiver.requests
                #expect(requests.count == 4)
                #expect(requests.allSatisfy { $0.signatureValid })
                #expect(Set(requests.map(\.alertID)) == ["test.alert-1", "test.alert-3"])
                #expect(await receiver.uniqueKeys == ["test.alert-1@wh-cert", "test.alert-3@wh-cert"])
                let delivered = try await store.deliveries(status: .delivered, limit: 10)
                #expect(delivered.map(\.attempts) == [2, 2])
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func aReceiverThatKeepsFailingLeavesADeadLetterThatAnAdminCanRetry(backend: TestBackend) async throws {
        try await TestDatabase.withStore(backend) { (store: SQLStore) async throws in
            let clock = TestClock()
            let receiver = WebhookReceiver(secret: "wrong secret", clock: clock, failFirst: 0)
            try await WebhookReceiver.serve(receiver) { url in
                _ = try await store.save(
                    webhook: Webhook(id: "wh-1", agencyID: Fixtures.agency, url: url, secret: "shh", createdAt: clock.now()),
                    by: .system("test"))
                try await store.save(alerts: [AlertsAPITests.alert(1, tlp: .green)])
                let dispatcher = WebhookDispatcher(
                    store: store, transport: Self.local, schedule: RetrySchedule(firstDelay: 10, maximumAttempts: 3), now: { clock.now() })
                #expect(try await dispatcher.runOnce().retrying == 1)
                clock.advance(by: 10)
                #expect(try await dispatcher.runOnce().retrying == 1)
                clock.advance(by: 20)
                #expect(try await dispatcher.runOnce().dead == 1)
                clock.advance(by: 3600)
                #expect(try await dispatcher.runOnce() == WebhookDispatcher.Pass(), "a dead letter is not retried by itself")
                #expect(await receiver.requests.count == 3)
                #expect(await receiver.requests.allSatisfy { !$0.signatureValid }, "the receiver's secret differs: it rejects each one")

                try await J.run(store: store, roles: [.admin], clock: clock) { client in
                    try await client.execute(uri: "/api/v1/webhooks/deliveries?status=dead", method: .get) { response in
                        let items = J.object(response)["items"] as? [[String: Any]] ?? []
                        #expect(items.count == 1)
                        #expect(items.first?["last_error"] as? String == "HTTP 401")
                        #expect(items.first?["attempts"] as? Int == 3)
                    }
                    try await client.execute(uri: "/api/v1/webhooks/deliveries/wh-1-1/retry", method: .post) {
                        #expect($0.status == .accepted)
                    }
                    try await client.execute(uri: "/api/v1/webhooks/deliveries/wh-1-1/retry", method: .post) {
                        #expect($0.status == .notFound)
                    }
                }
                #expect(try await dispatcher.runOnce().retrying == 1, "retried from the first attempt")
            }
        }
    }

    /// An alert revised after it was queued (its event relabelled) is sent only if the agency
    /// may still read it; an administrator sees only their own agency's webhooks and deliveries.
    @Test func revisedAlertsAreRecheckedAndWebhooksAreScopedToTheirAgency() async throws {
        try await TestDatabase.withStore(.sqlite) { (store: SQLStore) async throws in
            let clock = TestClock()
            let receiver = WebhookReceiver(secret: "shh", clock: clock, failFirst: 1)
            try await WebhookReceiver.serve(receiver) { url in
                _ = try await store.save(
                    webhook: Webhook(id: "wh-cert", agencyID: "cert", url: url, secret: "shh", createdAt: clock.now()), by: .system("test"))
                try await store.save(alerts: [AlertsAPITests.alert(1, tlp: .green)])
                let dispatcher = WebhookDispatcher(
                    store: store, transport: Self.local, schedule: RetrySchedule(firstDelay: 10, maximumAttempts: 5), now: { clock.now() })
                #expect(try await dispatcher.runOnce().retrying == 1)
                // Relabelled to another agency's AMBER before the retry: not sent.
                var revised = try #require(try await store.alert(id: "test.alert-1"))
                revised.tlp = .amber
                revised.originAgency = "navy"
                revised.seq = nil
                #expect(try await store.revise(alert: revised))
                clock.advance(by: 10)
                #expect(try await dispatcher.runOnce().dead == 1)
                #expect(await receiver.requests.count == 1)
                let dead = try await store.deliveries(status: .dead, limit: 10)
                #expect(dead.first?.lastError == "not sent: the alert is no longer shared with this agency")
            }
            // The test administrator's agency is not "cert": its webhook and dead letter are not theirs.
            try await J.run(store: store, roles: [.admin]) { client in
                try await client.execute(uri: "/api/v1/webhooks", method: .get) { #expect(!J.text($0).contains("wh-cert")) }
                try await client.execute(uri: "/api/v1/webhooks/deliveries", method: .get) { #expect(!J.text($0).contains("test.alert-1")) }
                try await client.execute(uri: "/api/v1/webhooks/wh-cert", method: .delete) { #expect($0.status == .notFound) }
                try await client.execute(uri: "/api/v1/webhooks/deliveries/wh-cert-1/retry", method: .post) {
                    #expect($0.status == .notFound)
                }
            }
            #expect(try await store.webhooks().map(\.id) == ["wh-cert"])
        }
    }

    @Test func webhooksAreManagedByAdministratorsAndTheSecretIsShownOnce() async throws {
        try await TestDatabase.withStore(.sqlite) { (store: SQLStore) async throws in
            try await J.run(store: store, roles: [.admin]) { client in
                let created = try await client.execute(
                    uri: "/api/v1/webhooks", method: .post, headers: J.jsonHeaders,
                    body: J.json(#"{"url": "https://hooks.example/cw", "kinds": ["case.", "event.severe_near_site"]}"#)
                ) { response in
                    #expect(response.status == .created)
                    return J.object(response)
                }
                let secret = created["secret"] as? String ?? ""
                #expect(secret.count == 43)
                #expect(created["agency_id"] as? String == Fixtures.agency)
                try await client.execute(uri: "/api/v1/webhooks", method: .get) { response in
                    let items = J.object(response)["items"] as? [[String: Any]] ?? []
                    #expect(items.count == 1)
                    #expect(items.first?["secret"] as? String == "")
                }
                try await client.execute(
                    uri: "/api/v1/webhooks", method: .post, headers: J.jsonHeaders, body: J.json(#"{"url": "ftp://x.example/"}"#)
                ) { response in
                    #expect(response.status == .unprocessableContent)
                    #expect(J.text(response).contains("url: must be an http or https URL"))
                }
                try await client.execute(
                    uri: "/api/v1/webhooks", method: .post, headers: J.jsonHeaders,
                    body: J.json(#"{"url": "https://x.example/", "agency_id": "nobody"}"#)
                ) { #expect($0.status == .forbidden) }
                let id = created["id"] as? String ?? ""
                try await client.execute(uri: "/api/v1/webhooks/\(id)", method: .delete) { #expect($0.status == .noContent) }
                try await client.execute(uri: "/api/v1/webhooks/\(id)", method: .delete) { #expect($0.status == .notFound) }
                try await client.execute(uri: "/api/v1/webhooks/deliveries?status=lost", method: .get) { #expect($0.status == .badRequest) }
            }
            try await J.run(store: store, roles: [.coordinator]) { client in
                try await client.execute(uri: "/api/v1/webhooks", method: .get) { #expect($0.status == .forbidden) }
            }
            let audit = try await store.auditLog(AuditQuery(objectType: "webhook"))
            #expect(audit.map(\.action).sorted() == ["create", "delete"])
        }
    }
}
