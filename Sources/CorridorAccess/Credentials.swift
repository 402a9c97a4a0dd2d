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

    /// How long a token lives: machine clients renew it at least every 90 days.
    public static let lifetime: TimeInterval = 90 * 86_400

    public var expiresAt: Date { createdAt.addingTimeInterval(Self.lifetime) }

    public func isLive(at time: Date) -> Bool { !revoked && time < expiresAt }

    /// What the API shows of a token: never its hash.
    enum CodingKeys: String, CodingKey {
        case id, userID = "user_id", agencyID = "agency_id", roles, createdAt = "created_at", lastUsed = "last_used", revoked
        case expiresAt = "expires_at"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try c.decode(String.self, forKey: .id), tokenHash: "", userID: try c.decode(String.self, forKey: .userID),
            agencyID: try c.decode(String.self, forKey: .agencyID), roles: try c.decode(Set<Role>.self, forKey: .roles),
            createdAt: try c.decode(Date.self, forKey: .createdAt), lastUsed: try c.decodeIfPresent(Date.self, forKey: .lastUsed),
            revoked: try c.decode(Bool.self, forKey: .revoked))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(userID, forKey: .userID)
        try c.encode(agencyID, forKey: .agencyID)
        try c.encode(roles.sorted { $0.rawValue < $1.rawValue }, forKey: .roles)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encodeIfPresent(lastUsed, forKey: .lastUsed)
        try c.encode(revoked, forKey: .revoked)
        try c.encode(expiresAt, forKey: .expiresAt)
    }
}
