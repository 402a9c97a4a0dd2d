import CorridorAccess
import CorridorCore
import SQLKit

/// A record kept as its JSON body beside the columns that queries filter on, saved by one
/// audited upsert: unchanged bodies write nothing, a change updates the columns and body,
/// and either is audited (`create` or `update`, with the body's hash) in the same transaction.
///
/// ```swift
/// extension Agency: AuditedRecord {
///     static let table = "agencies"
///     static let objectType = "agency"
///     var recordID: String { id }
///     var columns: [(String, any Encodable & Sendable)] { [("name", name), ("kind", kind.rawValue)] }
/// }
/// ```
protocol AuditedRecord: Encodable, Sendable {
    /// The table, with `id` and `body` columns beside ``columns``.
    static var table: String { get }
    /// The audit log's `object_type`.
    static var objectType: String { get }
    var recordID: String { get }
    /// The queried columns and their values, in the order they are written.
    var columns: [(String, any Encodable & Sendable)] { get }
}

extension SQLStore {
    /// Inserts or updates `record` inside `db`'s transaction and audits the change.
    static func upsert<Record: AuditedRecord>(
        _ record: Record, by actor: AuditActor, in db: any SQLDatabase, dialect: Dialect
    ) async throws -> SaveOutcome {
        let body = try encode(record)
        let postgres = dialect == .postgres
        let existing = try await db.select().column("body").from(Record.table).where("id", .equal, record.recordID).first()
        if let existing {
            if try existing.decode(column: "body", as: String.self) == body { return .unchanged }
            var update = db.update(Record.table)
            for (column, value) in record.columns { update = update.set(SQLIdentifier(column), to: value) }
            try await update.set("body", to: body).where("id", .equal, record.recordID).run()
            try await appendAudit(db, actor, .update, Record.objectType, record.recordID, AuditChain.sha256Hex(body), postgres: postgres)
            return .updated
        }
        let columns = record.columns
        try await db.insert(into: Record.table)
            .columns(["id"] + columns.map(\.0) + ["body"])
            .values([SQLBind(record.recordID)] + columns.map { SQLBind($0.1) } + [SQLBind(body)])
            .run()
        try await appendAudit(db, actor, .create, Record.objectType, record.recordID, AuditChain.sha256Hex(body), postgres: postgres)
        return .inserted
    }
}

extension Site: AuditedRecord {
    static let table = "sites"
    static let objectType = "site"
    var recordID: String { id }
    var columns: [(String, any Encodable & Sendable)] {
        [
            ("name", name), ("kind", kind.rawValue), ("province", province?.rawValue), ("lat", location.latitude),
            ("lon", location.longitude), ("criticality", criticality),
        ]
    }
}

extension Agency: AuditedRecord {
    static let table = "agencies"
    static let objectType = "agency"
    var recordID: String { id }
    var columns: [(String, any Encodable & Sendable)] { [("name", name), ("kind", kind.rawValue)] }
}
