import CorridorAccess
import CorridorAlerts
import CorridorCoordination
import CorridorCore
import CorridorGeo
import Foundation
import SQLKit

/// ``AccessStore`` over SQL: users, sessions and API tokens.
extension SQLStore {
    public func save(user: User, passwordHash: String?, by actor: AuditActor) async throws -> SaveOutcome {
        let body = try Self.encode(user)
        let postgres = dialect == .postgres
        return try await withTransaction { db in
            if let row = try await db.select().columns("body", "password_hash").from("users").where("id", .equal, user.id).first() {
                let oldBody = try row.decode(column: "body", as: String.self)
                let oldHash = try row.decode(column: "password_hash", as: String.self)
                let newHash = passwordHash ?? oldHash
                if oldBody == body && newHash == oldHash { return .unchanged }
                let old = try Self.decode(User.self, oldBody)
                try await db.update("users").set("agency_id", to: user.agencyID).set("password_hash", to: newHash)
                    .set("body", to: body).where("id", .equal, user.id).run()
                let action: AuditAction = old.roles != user.roles || old.agencyID != user.agencyID ? .permissionChange : .update
                try await Self.appendAudit(db, actor, action, "user", user.id, AuditChain.sha256Hex(body), postgres: postgres)
                // A new password, a move to another agency or a disabled account ends every
                // session and token the user had: none may outlive the credentials or the
                // agency it was issued under.
                if newHash != oldHash || old.agencyID != user.agencyID || (user.disabled && !old.disabled) {
                    try await db.delete(from: "sessions").where("user_id", .equal, user.id).run()
                    let live = try await db.select().column("id").from("api_tokens").where("user_id", .equal, user.id)
                        .where("revoked", .equal, 0).all().map { try $0.decode(column: "id", as: String.self) }
                    for id in live {
                        try await db.update("api_tokens").set("revoked", to: 1).where("id", .equal, id).run()
                        try await Self.appendAudit(db, actor, .revoke, "api_token", id, nil, postgres: postgres)
                    }
                }
                return .updated
            }
            guard let passwordHash else { throw StoreError.invalidRecord("a new user needs a password") }
            try await db.insert(into: "users").columns("id", "agency_id", "password_hash", "body")
                .values(SQLBind(user.id), SQLBind(user.agencyID), SQLBind(passwordHash), SQLBind(body)).run()
            try await Self.appendAudit(db, actor, .create, "user", user.id, AuditChain.sha256Hex(body), postgres: postgres)
            return .inserted
        }
    }

    public func user(id: String) async throws -> (User, passwordHash: String)? {
        let row: (String, String)? = try await withReader { db in
            guard let r = try await db.select().columns("body", "password_hash").from("users").where("id", .equal, id).first() else {
                return nil
            }
            return (try r.decode(column: "body", as: String.self), try r.decode(column: "password_hash", as: String.self))
        }
        guard let row else { return nil }
        return (try Self.decode(User.self, row.0), row.1)
    }

    public func users() async throws -> [User] {
        let bodies = try await withReader { db in
            try await db.select().column("body").from("users").orderBy("id").all().map { try $0.decode(column: "body", as: String.self) }
        }
        return try bodies.map { try Self.decode(User.self, $0) }
    }

    public func createSession(_ s: SessionRecord) async throws {
        try await withDatabase { db in
            try await db.insert(into: "sessions").columns("token_hash", "user_id", "csrf", "created_at", "last_seen")
                .values(
                    SQLBind(s.tokenHash), SQLBind(s.userID), SQLBind(s.csrf), SQLBind(Self.millis(s.createdAt)),
                    SQLBind(Self.millis(s.lastSeen))
                )
                .run()
        }
    }

    public func session(tokenHash: String) async throws -> SessionRecord? {
        try await withReader { db in
            guard
                let r = try await db.select().columns("token_hash", "user_id", "csrf", "created_at", "last_seen").from("sessions")
                    .where("token_hash", .equal, tokenHash).first()
            else { return nil }
            return SessionRecord(
                tokenHash: try r.decode(column: "token_hash", as: String.self), userID: try r.decode(column: "user_id", as: String.self),
                csrf: try r.decode(column: "csrf", as: String.self),
                createdAt: Self.date(millis: try r.decode(column: "created_at", as: Int64.self)),
                lastSeen: Self.date(millis: try r.decode(column: "last_seen", as: Int64.self)))
        }
    }

    public func touchSession(tokenHash: String, at: Date) async throws {
        try await withDatabase { db in
            try await db.update("sessions").set("last_seen", to: Self.millis(at)).where("token_hash", .equal, tokenHash).run()
        }
    }

    public func deleteSession(tokenHash: String) async throws {
        try await withDatabase { db in try await db.delete(from: "sessions").where("token_hash", .equal, tokenHash).run() }
    }

    public func createToken(_ t: APITokenRecord, by actor: AuditActor) async throws {
        let postgres = dialect == .postgres
        try await withTransaction { db in
            try await db.insert(into: "api_tokens")
                .columns("id", "token_hash", "user_id", "agency_id", "role", "created_at", "last_used", "revoked")
                .values(
                    SQLBind(t.id), SQLBind(t.tokenHash), SQLBind(t.userID), SQLBind(t.agencyID),
                    SQLBind(t.roles.map(\.rawValue).sorted().joined(separator: ",")),
                    SQLBind(Self.millis(t.createdAt)), SQLBind(t.lastUsed.map(Self.millis)), SQLBind(t.revoked ? 1 : 0)
                ).run()
            try await Self.appendAudit(db, actor, .create, "api_token", t.id, nil, postgres: postgres)
        }
    }

    static func decodeToken(_ r: any SQLRow) throws -> APITokenRecord {
        APITokenRecord(
            id: try r.decode(column: "id", as: String.self), tokenHash: try r.decode(column: "token_hash", as: String.self),
            userID: try r.decode(column: "user_id", as: String.self), agencyID: try r.decode(column: "agency_id", as: String.self),
            roles: Set(try r.decode(column: "role", as: String.self).split(separator: ",").compactMap { Role(rawValue: String($0)) }),
            createdAt: date(millis: try r.decode(column: "created_at", as: Int64.self)),
            lastUsed: try r.decode(column: "last_used", as: Int64?.self).map { date(millis: $0) },
            revoked: try r.decode(column: "revoked", as: Int.self) != 0)
    }

    static let tokenColumns = ["id", "token_hash", "user_id", "agency_id", "role", "created_at", "last_used", "revoked"]

    public func token(hash: String) async throws -> APITokenRecord? {
        try await withReader { db in
            try await db.select().columns(Self.tokenColumns.map { SQLIdentifier($0) }).from("api_tokens")
                .where("token_hash", .equal, hash).first().map(Self.decodeToken)
        }
    }

    public func tokens(userID: String?) async throws -> [APITokenRecord] {
        try await withReader { db in
            var q = db.select().columns(Self.tokenColumns.map { SQLIdentifier($0) }).from("api_tokens")
            if let userID { q = q.where("user_id", .equal, userID) }
            return try await q.orderBy("created_at").all().map(Self.decodeToken)
        }
    }

    public func revokeToken(id: String, by actor: AuditActor) async throws -> Bool {
        let postgres = dialect == .postgres
        return try await withTransaction { db in
            guard try await db.select().column("id").from("api_tokens").where("id", .equal, id).first() != nil else { return false }
            try await db.update("api_tokens").set("revoked", to: 1).where("id", .equal, id).run()
            try await Self.appendAudit(db, actor, .revoke, "api_token", id, nil, postgres: postgres)
            return true
        }
    }

    public func touchToken(id: String, at: Date) async throws {
        try await withDatabase { db in
            try await db.update("api_tokens").set("last_used", to: Self.millis(at)).where("id", .equal, id).run()
        }
    }
}
