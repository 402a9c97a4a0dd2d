import CorridorAccess
import CorridorCoordination
import CorridorCore
import Foundation
import SQLKit

extension SQLStore {
    public func save(mandateRules rules: [MandateRule], replacing: Bool, by actor: AuditActor) async throws -> MandateImport {
        let postgres = dialect == .postgres
        let bodies = try rules.map { ($0.id, try Self.encode($0)) }
        return try await withTransaction { db in
            var result = MandateImport()
            let existing = try await db.select().columns("id", "body").from("mandate_rules").all()
            var stored: [String: String] = [:]
            for row in existing { stored[try row.decode(column: "id", as: String.self)] = try row.decode(column: "body", as: String.self) }
            for (id, body) in bodies {
                switch stored[id] {
                case body?: result.unchanged += 1
                case nil:
                    try await db.insert(into: "mandate_rules").columns("id", "body").values(SQLBind(id), SQLBind(body)).run()
                    result.inserted += 1
                case _?:
                    try await db.update("mandate_rules").set("body", to: body).where("id", .equal, id).run()
                    result.updated += 1
                }
            }
            if replacing {
                let keep = Set(bodies.map(\.0))
                for id in stored.keys where !keep.contains(id) {
                    try await db.delete(from: "mandate_rules").where("id", .equal, id).run()
                    result.removed += 1
                }
            }
            let state = AuditChain.sha256Hex(bodies.map { "\($0.0)=\($0.1)" }.sorted().joined(separator: "\n"))
            try await Self.appendAudit(db, actor, .mandatesImport, "mandates", nil, state, postgres: postgres)
            return result
        }
    }

    public func mandateRules() async throws -> [MandateRule] {
        try await withDatabase { db in
            try await db.select().column("body").from("mandate_rules").orderBy("id").all().map {
                try Self.decode(MandateRule.self, try $0.decode(column: "body", as: String.self))
            }
        }
    }
}
