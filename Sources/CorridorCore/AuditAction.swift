/// What an audit entry records, as the audit log spells it (`create`, `case.open`, ...).
///
/// A struct rather than a closed enum: each capability names its own actions
/// (`intel.import`, `grievance.close`) without changing this module, and the log keeps the
/// plain string. The actions the platform writes are the constants below; write those, not
/// string literals.
///
/// ```swift
/// try await store.appendAudit(actor, action: .export, objectType: "events", objectID: nil, stateHash: hash)
/// ```
public struct AuditAction: RawRepresentable, Hashable, Sendable, Codable, ExpressibleByStringLiteral, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { rawValue = value }

    public var description: String { rawValue }

    // Records.
    public static let create: AuditAction = "create"
    public static let update: AuditAction = "update"
    /// An event withdrawn as not having happened (a detection later reports disproved).
    public static let withdraw: AuditAction = "withdraw"
    public static let delete: AuditAction = "delete"
    // Access.
    public static let login: AuditAction = "login"
    public static let loginFailed: AuditAction = "login_failed"
    public static let logout: AuditAction = "logout"
    public static let revoke: AuditAction = "revoke"
    /// A user's roles or agency changed.
    public static let permissionChange: AuditAction = "permission_change"
    // Data leaving or entering in bulk.
    public static let export: AuditAction = "export"
    public static let aisIngest: AuditAction = "ais.ingest"
    public static let aisPrune: AuditAction = "ais.prune"
    public static let mandatesImport: AuditAction = "mandates.import"
    public static let playbooksReplace: AuditAction = "playbooks.replace"
    /// A dead webhook delivery made pending again.
    public static let retry: AuditAction = "retry"
    // Crisis cases.
    public static let caseOpen: AuditAction = "case.open"
    public static let caseTransition: AuditAction = "case.transition"
    public static let caseReopen: AuditAction = "case.reopen"
    public static let caseNote: AuditAction = "case.note"
    public static let caseLink: AuditAction = "case.link"
    public static let caseReassign: AuditAction = "case.reassign"
    public static let caseTask: AuditAction = "case.task"
    public static let casePlaybook: AuditAction = "case.playbook"
    public static let caseEscalate: AuditAction = "case.escalate"
}
