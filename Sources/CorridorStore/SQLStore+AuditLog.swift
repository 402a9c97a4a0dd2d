import CorridorAccess
import CorridorAlerts
import CorridorCoordination
import CorridorCore
import CorridorGeo
import Foundation
import SQLKit

/// ``AuditLog`` over SQL: the hash chain is extended inside each change's transaction.
extension SQLStore {
    static let auditColumns = [
        "seq", "at_ms", "actor", "agency", "action", "object_type", "object_id", "state_hash", "client", "previous_hash", "hash",
    ]

    /// Appends the next entry inside the caller's transaction. PostgreSQL takes a table
    /// lock so concurrent writers chain one after another; SQLite's writer is already
    /// exclusive (BEGIN IMMEDIATE behind the store's mutex).
    @discardableResult
    static func appendAudit(
        _ db: any SQLDatabase, _ actor: AuditActor, _ action: AuditAction, _ objectType: String, _ objectID: String?,
        _ stateHash: String?, postgres: Bool
    ) async throws -> AuditEntry {
        if postgres { try await db.raw("LOCK TABLE audit_log IN EXCLUSIVE MODE").run() }
        let last = try await db.select().columns(auditColumns.map { SQLIdentifier($0) }).from("audit_log")
            .orderBy("seq", .descending).limit(1).first().map(decodeAudit)
        let entry = AuditChain.entry(
            after: last, at: Date(), actor: actor, action: action.rawValue, objectType: objectType, objectID: objectID,
            stateHash: stateHash)
        try await db.insert(into: "audit_log").columns(auditColumns)
            .values(
                SQLBind(entry.seq), SQLBind(entry.atMillis), SQLBind(entry.actor), SQLBind(entry.agency), SQLBind(entry.action),
                SQLBind(entry.objectType), SQLBind(entry.objectID), SQLBind(entry.stateHash), SQLBind(entry.client),
                SQLBind(entry.previousHash), SQLBind(entry.hash)
            ).run()
        return entry
    }

    static func decodeAudit(_ row: any SQLRow) throws -> AuditEntry {
        AuditEntry(
            seq: try row.decode(column: "seq", as: Int.self), atMillis: try row.decode(column: "at_ms", as: Int64.self),
            actor: try row.decode(column: "actor", as: String.self), agency: try row.decode(column: "agency", as: String?.self),
            action: try row.decode(column: "action", as: String.self),
            objectType: try row.decode(column: "object_type", as: String.self),
            objectID: try row.decode(column: "object_id", as: String?.self),
            stateHash: try row.decode(column: "state_hash", as: String?.self),
            client: try row.decode(column: "client", as: String?.self),
            previousHash: try row.decode(column: "previous_hash", as: String.self),
            hash: try row.decode(column: "hash", as: String.self))
    }

    @discardableResult
    public func appendAudit(
        _ actor: AuditActor, action: AuditAction, objectType: String, objectID: String?, stateHash: String?
    ) async throws -> AuditEntry {
        let postgres = dialect == .postgres
        return try await withTransaction { db in
            try await Self.appendAudit(db, actor, action, objectType, objectID, stateHash, postgres: postgres)
        }
    }

    public func auditChain(afterSeq: Int, limit: Int) async throws -> [AuditEntry] {
        try await withDatabase { db in
            try await db.select().columns(Self.auditColumns.map { SQLIdentifier($0) }).from("audit_log")
                .where("seq", .greaterThan, afterSeq).orderBy("seq").limit(max(1, limit)).all().map(Self.decodeAudit)
        }
    }

    public func auditLog(_ query: AuditQuery) async throws -> [AuditEntry] {
        try await withDatabase { db in
            var q = db.select().columns(Self.auditColumns.map { SQLIdentifier($0) }).from("audit_log")
            if let v = query.actor { q = q.where("actor", .equal, v) }
            if let v = query.action { q = q.where("action", .equal, v) }
            if let v = query.objectType { q = q.where("object_type", .equal, v) }
            if let v = query.objectID { q = q.where("object_id", .equal, v) }
            if let v = query.beforeSeq { q = q.where("seq", .lessThan, v) }
            return try await q.orderBy("seq", .descending).limit(max(1, min(query.limit, 1000))).all().map(Self.decodeAudit)
        }
    }

    /// Walks the whole chain in pages and returns the first broken link, or nil.
    public func verifyAuditChain(pageSize: Int = 5000) async throws -> (checked: Int, firstBreak: AuditChain.Break?) {
        var previous: AuditEntry?
        var checked = 0
        while true {
            let page = try await auditChain(afterSeq: previous?.seq ?? 0, limit: pageSize)
            if page.isEmpty { return (checked, nil) }
            if let broken = AuditChain.verify(page, after: previous) { return (checked, broken) }
            checked += page.count
            previous = page.last
        }
    }
}
