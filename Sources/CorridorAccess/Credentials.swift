import CorridorCore
import Foundation

/// A signed-in browser session, as stored: the session id only as its SHA-256.
public struct SessionRecord: Sendable, Hashable, Codable {
    public var tokenHash: String
    public var userID: String
    /// The session's CSRF token, required on every state-changing form and request.
    public var csrf: String
    public var createdAt: Date
    public var lastSeen: Date

    public init(tokenHash: String, userID: String, csrf: String, createdAt: Date, lastSeen: Date) {
        self.tokenHash = tokenHash
        self.userID = userID
        self.csrf = csrf
        self.createdAt = createdAt
        self.lastSeen = lastSeen
    }

    /// Sessions end after 30 minutes without use and 12 hours after sign-in, whichever first.
    public static let idleTimeout: TimeInterval = 30 * 60
    public static let absoluteTimeout: TimeInterval = 12 * 3600

    public func isValid(at now: Date) -> Bool {
        now.timeIntervalSince(lastSeen) < Self.idleTimeout && now.timeIntervalSince(createdAt) < Self.absoluteTimeout
    }
}

/// An API token for machine clients, scoped to one agency and to roles the user holds
/// (usually one); shown once, stored as its SHA-256, revocable.
public struct APITokenRecord: Sendable, Hashable, Codable {
    public var id: String
    public var tokenHash: String
    public var userID: String
    public var agencyID: String
    public var roles: Set<Role>
    public var createdAt: Date
    public var lastUsed: Date?
    public var revoked: Bool

    public init(
        id: String, tokenHash: String, userID: String, agencyID: String, roles: Set<Role>, createdAt: Date, lastUsed: Date? = nil,
        revoked: Bool = false
    ) {
        self.id = id
        self.tokenHash = tokenHash
        self.userID = userID
        self.agencyID = agencyID
        self.roles = roles
        self.createdAt = createdAt
        self.lastUsed = lastUsed
        self.revoked = revoked
    }

    enum CodingKeys: String, CodingKey {
        case id, userID = "user_id", agencyID = "agency_id", roles, createdAt = "created_at", lastUsed = "last_used", revoked
        case tokenHash = "token_hash"
    }
}
