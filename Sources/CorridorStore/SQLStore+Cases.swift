import CorridorAccess
import CorridorCoordination
import CorridorCore
import Foundation
import SQLKit

extension SQLStore {
    public func save(crisisCase c: CrisisCase, action: AuditAction, by actor: AuditActor, alerts: [AlertRecord]) async throws {
        let postgres = dialect == .postgres
        let body = try Self.encode(c)
        let alertRows = try Self.alertRows(alerts)
        try await withTransaction { db in
            if try await db.select().column("id").from("crisis_cases").where("id", .equal, c.id).first() != nil {
                try await db.update("crisis_cases").set("status", to: c.status.rawValue).set("body", to: body).where("id", .equal, c.id)
                    .run()
            } else {
                try await db.insert(into: "crisis_cases").columns("id", "status", "opened_at", "body")
                    .values(SQLBind(c.id), SQLBind(c.status.rawValue), SQLBind(Self.epoch(c.openedAt)), SQLBind(body)).run()
            }
            try await Self.appendAudit(db, actor, action, "case", c.id, AuditChain.sha256Hex(body), postgres: postgres)
            _ = try await Self.insert(alerts: alertRows, db, postgres: postgres)
        }
    }

    public func crisisCase(id: String) async throws -> CrisisCase? {
        try await withDatabase { db in
            try await db.select().column("body").from("crisis_cases").where("id", .equal, id).first()
                .map { try Self.decode(CrisisCase.self, try $0.decode(column: "body", as: String.self)) }
        }
    }

    public func crisisCases(openOnly: Bool, limit: Int) async throws -> [CrisisCase] {
        try await withDatabase { db in
            var q = db.select().column("body").from("crisis_cases")
            if openOnly { q = q.where("status", .notEqual, CrisisCase.Status.closed.rawValue) }
            return try await q.orderBy("opened_at", .descending).orderBy("id").limit(max(1, min(limit, 1000))).all()
                .map { try Self.decode(CrisisCase.self, try $0.decode(column: "body", as: String.self)) }
        }
    }

    public func crisisCases(holdingEvent eventID: String) async throws -> [CrisisCase] {
        // The body holds the id as JSON writes it, in quotes: the pattern is that text with
        // LIKE's own characters escaped, so it narrows the rows read, and the decoded list decides.
        let quoted = try Self.encode(eventID)
        guard quoted.utf8.count <= 1_000 else {
            return try await allCrisisCases(openOnly: false).filter { $0.eventIDs.contains(eventID) }
        }
        var pattern = "%"
        for ch in quoted {
            if ch == "!" || ch == "%" || ch == "_" { pattern.append("!") }
            pattern.append(ch)
        }
        pattern.append("%")
        let like = pattern
        return try await withDatabase { db in
            try await db.select().column("body").from("crisis_cases")
                .where(SQLQueryString("body LIKE \(bind: like) ESCAPE '!'")).orderBy("opened_at").orderBy("id")
                .all()
                .map { try Self.decode(CrisisCase.self, try $0.decode(column: "body", as: String.self)) }
        }.filter { $0.eventIDs.contains(eventID) }
    }

    public func allCrisisCases(openOnly: Bool) async throws -> [CrisisCase] {
        var all: [CrisisCase] = []
        var after: (Int64, String)?
        while true {
            let from = after
            let page = try await withDatabase { db in
                var q = db.select().columns("id", "opened_at", "body").from("crisis_cases")
                if openOnly { q = q.where("status", .notEqual, CrisisCase.Status.closed.rawValue) }
                if let (at, id) = from {
                    q = q.where { w in
                        w.where("opened_at", .greaterThan, at).orWhere { w2 in
                            w2.where("opened_at", .equal, at).where("id", .greaterThan, id)
                        }
                    }
                }
                return try await q.orderBy("opened_at").orderBy("id").limit(500).all().map { row in
                    (
                        try row.decode(column: "opened_at", as: Int64.self), try row.decode(column: "id", as: String.self),
                        try Self.decode(CrisisCase.self, try row.decode(column: "body", as: String.self))
                    )
                }
            }
            all += page.map(\.2)
            guard page.count == 500, let last = page.last else { return all }
            after = (last.0, last.1)
        }
    }

    public func replace(
        crisisCase c: CrisisCase, expected: CrisisCase, action: AuditAction, by actor: AuditActor, alerts: [AlertRecord]
    ) async throws -> Bool {
        let postgres = dialect == .postgres
        let body = try Self.encode(c)
        let old = try Self.encode(expected)
        let alertRows = try Self.alertRows(alerts)
        return try await withTransaction { db in
            // Bodies are encoded with sorted keys, so equal cases have equal bodies.
            let rows = try await db.update("crisis_cases").set("status", to: c.status.rawValue).set("body", to: body)
                .where("id", .equal, c.id).where("body", .equal, old).returning("id").all()
            guard !rows.isEmpty else { return false }
            try await Self.appendAudit(db, actor, action, "case", c.id, AuditChain.sha256Hex(body), postgres: postgres)
            _ = try await Self.insert(alerts: alertRows, db, postgres: postgres)
            return true
        }
    }

    // Playbooks: the task templates a case takes.

    public func save(playbooks: [String: [TaskTemplate]], by actor: AuditActor) async throws {
        let postgres = dialect == .postgres
        let rows = try playbooks.sorted { $0.key < $1.key }.map { ($0.key, try Self.encode($0.value)) }
        try await withTransaction { db in
            try await db.delete(from: "playbooks").run()
            for (type, body) in rows {
                try await db.insert(into: "playbooks").columns("event_type", "body").values(SQLBind(type), SQLBind(body)).run()
            }
            let state = AuditChain.sha256Hex(rows.map { "\($0.0)=\($0.1)" }.joined(separator: "\n"))
            try await Self.appendAudit(db, actor, .playbooksReplace, "playbooks", nil, state, postgres: postgres)
        }
    }

    public func playbooks() async throws -> [String: [TaskTemplate]] {
        try await withDatabase { db in
            var out: [String: [TaskTemplate]] = [:]
            for row in try await db.select().columns("event_type", "body").from("playbooks").all() {
                out[try row.decode(column: "event_type", as: String.self)] = try Self.decode(
                    [TaskTemplate].self, try row.decode(column: "body", as: String.self))
            }
            return out
        }
    }
}
