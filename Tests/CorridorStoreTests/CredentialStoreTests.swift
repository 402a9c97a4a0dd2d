import CorridorAccess
import CorridorCore
import CorridorStore
import CorridorTestSupport
import Foundation
import Testing

@Suite struct CredentialStoreTests {
    let admin = AuditActor(name: "admin1", agency: "cpec-authority")

    @Test(arguments: TestBackend.available)
    func usersKeepHashesAndRoleChangesAreAudited(backend: TestBackend) async throws {
        try await TestDatabase.withStore(backend) { (store: SQLStore) async throws in
            var user = User(id: "ali", displayName: "Ali Khan", agencyID: "punjab-police", roles: [.viewer])
            #expect(try await store.save(user: user, passwordHash: "$2b$04$hash", by: admin) == .inserted)
            #expect(try await store.save(user: user, passwordHash: nil, by: admin) == .unchanged)
            user.roles = [.viewer, .analyst]
            #expect(try await store.save(user: user, passwordHash: nil, by: admin) == .updated)
            let (stored, hash) = try #require(try await store.user(id: "ali"))
            #expect(stored == user && hash == "$2b$04$hash")
            #expect(try await store.auditLog(AuditQuery(objectType: "user")).map(\.action) == ["permission_change", "create"])
            await #expect(throws: StoreError.self) {
                try await store.save(user: User(id: "x", displayName: "X", agencyID: "a", roles: []), passwordHash: nil, by: admin)
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func sessionsAndTokensRoundTrip(backend: TestBackend) async throws {
        try await TestDatabase.withStore(backend) { (store: SQLStore) async throws in
            let s = SessionRecord(tokenHash: "h1", userID: "ali", csrf: "c", createdAt: Fixtures.now, lastSeen: Fixtures.now)
            try await store.createSession(s)
            try await store.touchSession(tokenHash: "h1", at: Fixtures.now.addingTimeInterval(60))
            #expect(try await store.session(tokenHash: "h1")?.lastSeen == Fixtures.now.addingTimeInterval(60))
            try await store.deleteSession(tokenHash: "h1")
            #expect(try await store.session(tokenHash: "h1") == nil)
            let t = APITokenRecord(
                id: "t1", tokenHash: "th", userID: "ali", agencyID: "punjab-police", roles: [.analyst], createdAt: Fixtures.now)
            try await store.createToken(t, by: admin)
            #expect(try await store.token(hash: "th") == t)
            try await store.touchToken(id: "t1", at: Fixtures.now.addingTimeInterval(5))
            #expect(try await store.revokeToken(id: "t1", by: admin))
            #expect(try await store.revokeToken(id: "nope", by: admin) == false)
            let after = try #require(try await store.token(hash: "th"))
            #expect(after.revoked && after.lastUsed == Fixtures.now.addingTimeInterval(5))
            #expect(try await store.verifyAuditChain().firstBreak == nil)
        }
    }
}
