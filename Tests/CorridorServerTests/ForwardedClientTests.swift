import CorridorAccess
import CorridorCore
import CorridorServer
import CorridorStore
import CorridorTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// S8: behind a reverse proxy, the client is whom the trusted proxy says, and nobody else's
/// word counts.
@Suite struct ForwardedClientTests {
    @Test(
        arguments: [
            // (peer, X-Forwarded-For, trusted, client)
            ("10.0.0.2", "198.51.100.7", ["10.0.0.2"], "198.51.100.7"),
            // Read from the right: a client's own prefix is not believed.
            ("10.0.0.2", "1.2.3.4, 198.51.100.7", ["10.0.0.2"], "198.51.100.7"),
            // A chain of trusted proxies is skipped.
            ("10.0.0.2", "198.51.100.7, 10.0.0.3", ["10.0.0.2", "10.0.0.3"], "198.51.100.7"),
            ("10.0.0.2", "2001:db8::7", ["10.0.0.2"], "2001:db8::7"),
            // An untrusted peer's header is ignored.
            ("203.0.113.9", "198.51.100.7", ["10.0.0.2"], "203.0.113.9"),
            // Anything but an address stops the walk at the peer: nothing else reaches logs or keys.
            ("10.0.0.2", "198.51.100.7\r\nX: y", ["10.0.0.2"], "10.0.0.2"),
            ("10.0.0.2", "unknown", ["10.0.0.2"], "10.0.0.2"),
            ("10.0.0.2", "", ["10.0.0.2"], "10.0.0.2"),
        ] as [(String, String, [String], String)])
    func theClientIsTheFirstUntrustedAddressFromTheRight(peer: String, header: String, trusted: [String], client: String) {
        #expect(ForwardedClient.address(peer: peer, forwardedFor: header, trusted: Set(trusted)) == client)
    }

    /// Over a real connection from 127.0.0.1: trusted, the audit log records the forwarded
    /// client; not trusted, the header is ignored.
    @Test(arguments: [true, false])
    func theAuditLogRecordsTheForwardedClientOnlyFromATrustedProxy(trusted: Bool) async throws {
        try await TestDatabase.withStore(.sqlite) { (store: SQLStore) async throws in
            _ = try await store.save(site: Fixtures.site())
            let token = try await TestServer.signIn(store: store, username: "ali", agency: Fixtures.agency, roles: [.analyst])
            var configuration = TestServer.testConfiguration
            configuration.trustedProxies = trusted ? ["127.0.0.1", "::1"] : []
            let app = Application(
                router: CorridorApp.router(store: store, configuration: configuration, hasher: .forTesting(), now: { Fixtures.now }))
            try await app.test(.live) { client in
                let body = """
                    {"occurred_at":"2026-05-31T08:00:00Z","location":{"lat":25.13,"lon":62.33},"domain":"crime","type":"theft",
                     "severity":2,"title":"Theft","source":"s","source_ref":"forwarded"}
                    """
                try await client.execute(
                    uri: "/api/v1/events", method: .post,
                    headers: [
                        .authorization: "Bearer \(token)", .contentType: "application/json",
                        HTTPField.Name("X-Forwarded-For")!: "1.2.3.4, 198.51.100.7",
                    ], body: ByteBuffer(string: body)
                ) { #expect($0.status == .created) }
            }
            let entry = try #require(try await store.auditLog(AuditQuery(objectType: "event", limit: 10)).first)
            #expect(entry.client == (trusted ? "198.51.100.7" : "127.0.0.1"))
        }
    }
}
