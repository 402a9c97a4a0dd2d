import CorridorAccess
import CorridorAlerts
import CorridorCoordination
import CorridorCore
import CorridorGeo
import Foundation
import SQLKit

/// ``AgencyStore`` over SQL.
extension SQLStore {
    public func save(agency: Agency, by actor: AuditActor) async throws -> SaveOutcome {
        let dialect = dialect
        return try await withTransaction { db in try await Self.upsert(agency, by: actor, in: db, dialect: dialect) }
    }

    public func agencies() async throws -> [Agency] {
        let bodies = try await withReader { db in
            try await db.select().column("body").from("agencies").orderBy("id").all()
                .map { try $0.decode(column: "body", as: String.self) }
        }
        return try bodies.map { try Self.decode(Agency.self, $0) }
    }
}
