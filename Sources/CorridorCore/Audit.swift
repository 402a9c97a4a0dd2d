import Foundation

/// Who made a change: a signed-in user, an API token, or a named command-line run.
public struct AuditActor: Sendable, Hashable, Codable {
    /// Username, `token:ID`, or `cli:NAME` / `system:NAME` for work not done through a session.
    public var name: String
    public var agency: String?
    /// Client address for HTTP requests.
    public var client: String?

    public init(name: String, agency: String? = nil, client: String? = nil) {
        self.name = name
        self.agency = agency
        self.client = client
    }

    /// Work done by the platform itself or a command, e.g. `.system("demo-seed")`.
    public static func system(_ what: String) -> AuditActor { AuditActor(name: "system:\(what)") }
}

/// One link of the tamper-evident audit log.
public struct AuditEntry: Sendable, Hashable, Codable {
    public var seq: Int
    /// Milliseconds since 1970, as stored and hashed.
    public var atMillis: Int64
    public var actor: String
    public var agency: String?
    /// `create`, `update`, `delete`, `login`, `login_failed`, `logout`, `permission_change`, `export`, ...
    public var action: String
    public var objectType: String
    public var objectID: String?
    /// SHA-256 (hex) of the record's new state, when there is one.
    public var stateHash: String?
    public var client: String?
    /// `hash` of the entry before (64 zeros for the first).
    public var previousHash: String
    /// SHA-256 (hex) over all the fields above.
    public var hash: String

    public init(
        seq: Int, atMillis: Int64, actor: String, agency: String?, action: String, objectType: String, objectID: String?,
        stateHash: String?, client: String?, previousHash: String, hash: String
    ) {
        self.seq = seq
        self.atMillis = atMillis
        self.actor = actor
        self.agency = agency
        self.action = action
        self.objectType = objectType
        self.objectID = objectID
        self.stateHash = stateHash
        self.client = client
        self.previousHash = previousHash
        self.hash = hash
    }

    public var at: Date { Date(timeIntervalSince1970: Double(atMillis) / 1000) }

    enum CodingKeys: String, CodingKey {
        case seq, atMillis = "at_ms", actor, agency, action, objectType = "object_type", objectID = "object_id"
        case stateHash = "state_hash", client, previousHash = "previous_hash", hash
    }
}
