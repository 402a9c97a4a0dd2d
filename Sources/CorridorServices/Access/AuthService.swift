import CorridorAccess
import CorridorCore
import CorridorStore
import Foundation

/// Sign-in, sessions and API tokens.
public struct AuthService: Sendable {
    public static let sessionCookie = "cw_session"

    let store: any CorridorStore
    let hasher: PasswordHasher
    let throttle: LoginThrottle
    let gate = AccountGate()
    let now: @Sendable () -> Date
    /// A hash checked when the username is unknown, so timing does not reveal which names exist.
    let decoyHash: String

    public init(
        store: any CorridorStore, hasher: PasswordHasher = .production, throttle: LoginThrottle? = nil,
        now: @escaping @Sendable () -> Date
    ) {
        self.store = store
        self.hasher = hasher
        // The store's ledger: every server on one database counts the same failures.
        self.throttle = throttle ?? LoginThrottle(ledger: store, now: now)
        self.now = now
        decoyHash = hasher.hash(Secrets.token())
    }

    public enum LoginError: Error, Equatable { case wrongCredentials, throttled }

    /// Checks the password; on success creates a session and returns its id (for the cookie)
    /// and CSRF token. Both outcomes are audited; failures count towards throttling.
    public func login(username: String, password: String, address: String?) async throws -> (session: String, csrf: String, user: User) {
        let name = username.trimmingCharacters(in: .whitespaces).lowercased()
        // No account has a longer name: refuse without touching the store or the audit log.
        // Bytes, not characters: one character can carry any number of combining marks.
        guard name.utf8.count <= User.maximumIDLength, password.utf8.count <= 1024 else {
            throw LoginError.wrongCredentials
        }
        // One attempt per account at a time, so each sees the failures of those before it.
        let user = try await gate.withAccount(name) { () async throws -> User in
            // Throttled attempts are refused without an audit row each: a flood of them must not
            // grow the permanent log (the first failures that led here are audited).
            guard try await throttle.allows(account: name, address: address) else { throw LoginError.throttled }
            let found = try await store.user(id: name)
            let ok = hasher.verify(password, hash: found?.passwordHash ?? decoyHash) && found != nil && found?.0.disabled == false
            guard ok, let (user, _) = found else {
                try await throttle.recordFailure(account: name, address: address)
                try await store.appendAudit(
                    AuditActor(name: name, client: address), action: .loginFailed, objectType: "session", objectID: nil, stateHash: nil)
                throw LoginError.wrongCredentials
            }
            try await throttle.recordSuccess(account: name)
            return user
        }
        let session = Secrets.token()
        let csrf = Secrets.token()
        let time = now()
        try await store.createSession(
            SessionRecord(tokenHash: Secrets.storedHash(session), userID: user.id, csrf: csrf, createdAt: time, lastSeen: time))
        try await store.appendAudit(
            AuditActor(name: user.id, agency: user.agencyID, client: address), action: .login, objectType: "session", objectID: nil,
            stateHash: nil)
        return (session, csrf, user)
    }

    /// How stale a session's last-seen or a token's last-used time may get. Writing it on every
    /// request made every read a durable write (an fsync on SQLite); a minute is well inside
    /// the idle timeout.
    static let touchInterval: TimeInterval = 60

    /// The principal behind a session id, if the session is live; refreshes its idle time
    /// (at most once per ``touchInterval``).
    public func principal(session token: String) async throws -> (Principal, csrf: String, hash: String)? {
        let hash = Secrets.storedHash(token)
        guard let s = try await store.session(tokenHash: hash) else { return nil }
        let time = now()
        guard s.isValid(at: time) else {
            try await store.deleteSession(tokenHash: hash)
            return nil
        }
        guard let (user, _) = try await store.user(id: s.userID), !user.disabled else { return nil }
        if time.timeIntervalSince(s.lastSeen) >= Self.touchInterval { try await store.touchSession(tokenHash: hash, at: time) }
        return (Principal(userID: user.id, agencyID: user.agencyID, roles: user.roles), s.csrf, hash)
    }

    /// The principal behind an API token: its agency and the token's roles (never more than
    /// the user holds now); nil once it is revoked, expired, or the user was moved or disabled.
    public func principal(bearer token: String) async throws -> Principal? {
        guard let t = try await store.token(hash: Secrets.storedHash(token)), !t.revoked, t.isLive(at: now()),
            let (user, _) = try await store.user(id: t.userID), !user.disabled,
            // A token speaks for the agency it was issued in, and only while the user is there.
            t.agencyID == user.agencyID
        else { return nil }
        let time = now()
        if t.lastUsed.map({ time.timeIntervalSince($0) >= Self.touchInterval }) ?? true {
            try await store.touchToken(id: t.id, at: time)
        }
        return Principal(userID: user.id, agencyID: t.agencyID, roles: t.roles.intersection(user.roles))
    }

    public func logout(sessionHash: String, actor: AuditActor) async throws {
        try await store.deleteSession(tokenHash: sessionHash)
        try await store.appendAudit(actor, action: .logout, objectType: "session", objectID: nil, stateHash: nil)
    }

    /// Creates an API token for `user`, scoped to roles the user holds; returns the token
    /// text, shown once.
    public func createToken(
        for user: Principal, roles: Set<Role>, actor: AuditActor
    ) async throws -> (token: String, record: APITokenRecord) {
        let token = Secrets.token()
        let record = APITokenRecord(
            id: "tok-" + String(Secrets.token().prefix(12)), tokenHash: Secrets.storedHash(token), userID: user.userID,
            agencyID: user.agencyID, roles: roles, createdAt: now())
        try await store.createToken(record, by: actor)
        return (token, record)
    }
}
