import CorridorAccess
import CorridorCoordination
import CorridorCore
import Foundation
import SQLKit

extension SQLStore {
    public func save(crisisCase c: CrisisCase, action: String, by actor: AuditActor) async throws {
        let postgres = backendName == "postgres"
        let body = try Self.encode(c)
        try await withTransaction { db in
            if try await db.select().column("id").from("crisis_cases").where("id", .equal, c.id).first() != nil {
                try await db.update("crisis_cases").set("status", to: c.status.rawValue).set("body", to: body).where("id", .equal, c.id).run()
            } else {
                try await db.insert(into: "crisis_cases").columns("id", "status", "opened_at", "body")
                    .values(SQLBind(c.id), SQLBind(c.status.rawValue), SQLBind(Self.epoch(c.openedAt)), SQLBind(body)).run()
            }
            try await Self.appendAudit(db, actor, action, "case", c.id, AuditChain.sha256Hex(body), postgres: postgres)
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
}
