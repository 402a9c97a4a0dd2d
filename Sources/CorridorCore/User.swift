/// What a user may do. Roles are additive: a user holds one or more.
public enum Role: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// Reads what TLP allows.
    case viewer
    /// Creates and edits events.
    case analyst
    /// Works crisis tasks.
    case responder
    /// Runs crisis cases, approves journeys.
    case coordinator
    /// Manages users, agencies and configuration.
    case admin

    private var rank: Int { Self.allCases.firstIndex(of: self) ?? 0 }
    public static func < (a: Role, b: Role) -> Bool { a.rank < b.rank }
}

/// A person with an account, in one agency.
public struct User: Sendable, Hashable, Codable, Identifiable {
    /// No username is longer (usernames are slugs of at most 80 characters).
    public static let maximumIDLength = 80

    /// The username, a slug.
    public var id: String
    public var displayName: String
    public var agencyID: String
    public var roles: Set<Role>
    public var disabled: Bool

    public init(id: String, displayName: String, agencyID: String, roles: Set<Role>, disabled: Bool = false) {
        self.id = id
        self.displayName = displayName
        self.agencyID = agencyID
        self.roles = roles
        self.disabled = disabled
    }

    enum CodingKeys: String, CodingKey {
        case id, displayName = "display_name", agencyID = "agency_id", roles, disabled
    }
}

/// Who is asking: a signed-in user (through a session or an API token).
public struct Principal: Sendable, Hashable {
    public var userID: String
    public var agencyID: String
    public var roles: Set<Role>

    public init(userID: String, agencyID: String, roles: Set<Role>) {
        self.userID = userID
        self.agencyID = agencyID
        self.roles = roles
    }

    public func has(_ role: Role) -> Bool { roles.contains(role) }
}
