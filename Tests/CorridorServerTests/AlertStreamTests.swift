import CorridorAccess
import CorridorCore
import CorridorServices
import CorridorStore
import CorridorTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Testing

@testable import CorridorServer

/// S13: an open alert stream once kept its principal for its whole lifetime after a sign-out.
@Suite struct AlertStreamTests {
    final class Collected: @unchecked Sendable {
        private let lock = NSLock()
        private var text = ""
        private(set) var finished = false
        func append(_ s: String) { lock.withLock { text += s } }
        func finish() { lock.withLock { finished = true } }
        var value: String { lock.withLock { text } }
    }

    struct Writer: ResponseBodyWriter {
        let collected: Collected
        mutating func write(_ buffer: ByteBuffer) async throws { collected.append(String(buffer: buffer)) }
        consuming func finish(_ trailingHeaders: HTTPFields?) async throws { collected.finish() }
    }

    @Test func aStreamWhoseCredentialsNoLongerStandEndsWithoutSending() async throws {
        try await TestDatabase.withStore(.sqlite) { (store: SQLStore) async throws in
            try await store.save(alerts: [AlertsAPITests.alert(1, tlp: .green)])
            let reader = Principal(userID: "ali", agencyID: Fixtures.agency, roles: [.viewer])
            func run(authorised: Bool) async throws -> Collected {
                let stream = AlertStream(
                    store: store, feed: AlertFeed(store: store, interval: .milliseconds(10)), reader: reader, after: 0, kinds: [],
                    maximum: 1, lifetime: .seconds(30), pollInterval: .milliseconds(10), stillAuthorised: { authorised },
                    recheckEvery: .zero)
                let collected = Collected()
                let slots = StreamSlots(perHolder: 1, total: 1)
                try await stream.body(holding: try #require(slots.take(for: "ali"))).write(Writer(collected: collected))
                // The stream gave its slot back when it ended.
                #expect(slots.open(for: "ali") == (0, 0))
                return collected
            }
            // Still signed in: the alert is sent.
            let live = try await run(authorised: true)
            #expect(live.finished && live.value.contains("\"id\":\"test.alert-1\""))
            // Signed out since: the stream ends at its check, before sending anything.
            let ended = try await run(authorised: false)
            #expect(ended.finished && !ended.value.contains("test.alert-1"))
        }
    }

    /// Streams beyond a user's or the server's cap are refused (429); a slot comes back once,
    /// whether the stream releases it or its body is dropped unsent.
    @Test func streamSlotsCapEachUserAndTheServer() throws {
        let slots = StreamSlots(perHolder: 2, total: 3)
        var first = slots.take(for: "ali")
        let second = slots.take(for: "ali")
        #expect(first != nil && second != nil)
        #expect(slots.take(for: "ali") == nil)
        let other = slots.take(for: "sara")
        #expect(other != nil)
        #expect(slots.take(for: "omar") == nil)
        #expect(slots.open(for: "ali") == (3, 2))
        first?.release()
        first?.release()
        #expect(slots.open(for: "ali") == (2, 1))
        first = nil
        #expect(slots.open(for: "ali") == (2, 1))
        var dropped = slots.take(for: "omar")
        #expect(slots.open(for: "omar") == (3, 1))
        dropped = nil
        #expect(dropped == nil && slots.open(for: "omar") == (2, 0))
    }

    @Test func theCheckFollowsSignOutAndRevocation() async throws {
        try await TestDatabase.withStore(.sqlite) { (store: SQLStore) async throws in
            let token = try await TestServer.signIn(store: store, username: "ali", agency: Fixtures.agency, roles: [.viewer])
            let auth = AuthService(store: store, hasher: .forTesting(), now: { Fixtures.now })
            let reader = try #require(try await auth.principal(bearer: token))
            let request = Request(
                head: HTTPRequest(
                    method: .get, scheme: "http", authority: "127.0.0.1", path: "/api/v1/alerts/stream",
                    headerFields: [.authorization: "Bearer \(token)"]),
                body: RequestBody(buffer: ByteBuffer()))
            let check = AlertsController.credentialsCheck(request, reader: reader, auth: auth)
            #expect(await check())
            for t in try await store.tokens(userID: "ali") { _ = try await store.revokeToken(id: t.id, by: .system("test")) }
            #expect(await check() == false)
        }
    }
}

/// The stream caps seen from outside: the request beyond a user's cap is a 429 problem with
/// Retry-After, while the stream holding the slot carries on.
@Suite struct AlertStreamCapTests {
    @Test func aStreamBeyondTheUsersCapIs429WithRetryAfter() async throws {
        try await TestDatabase.withStore(.sqlite) { (store: SQLStore) async throws in
            var configuration = TestServer.testConfiguration
            configuration.alertStreamsPerUser = 1
            try await TestServer.run(store: store, configuration: configuration) { client in
                // Two streams at once, each waiting (up to a minute) for one alert: whichever
                // takes the user's one slot first holds it, so the other is refused at once.
                try await withThrowingTaskGroup(of: (HTTPResponse.Status, String?, String).self) { group in
                    for _ in 0..<2 {
                        group.addTask {
                            try await client.execute(uri: "/api/v1/alerts/stream?max=1&timeout=60", method: .get) {
                                ($0.status, $0.headers[.retryAfter], String(buffer: $0.body))
                            }
                        }
                    }
                    let refused = try #require(try await group.next())
                    #expect(refused.0 == .tooManyRequests)
                    #expect(refused.1 == "30")
                    #expect(refused.2.contains("you have 1 alert streams open (at most 1)"))
                    // An alert ends the stream that held the slot; it was never interrupted.
                    try await store.save(alerts: [AlertsAPITests.alert(1, tlp: .green)])
                    let served = try #require(try await group.next())
                    #expect(served.0 == .ok && served.2.contains("test.alert-1"))
                }
            }
        }
    }
}
