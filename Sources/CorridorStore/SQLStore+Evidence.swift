import CorridorAccess
import CorridorCore
import Foundation
import SQLKit

extension SQLStore {
    public func save(evidence geoJSON: String, forEvent id: String) async throws {
        try await withTransaction { db in
            try await db.delete(from: "event_evidence").where("event_id", .equal, id).run()
            try await db.insert(into: "event_evidence").columns("event_id", "geojson").values(SQLBind(id), SQLBind(geoJSON)).run()
        }
    }

    public func evidence(forEvent id: String) async throws -> String? {
        try await withDatabase { db in
            try await db.select().column("geojson").from("event_evidence").where("event_id", .equal, id).first()?
                .decode(column: "geojson", as: String.self)
        }
    }

    public func withdraw(eventID: String, reason: String, by actor: AuditActor) async throws -> Bool {
        let postgres = backendName == "postgres"
        let withdrawn = try await withTransaction { db in
            guard let row = try await db.select().column("body").from("events").where("id", .equal, eventID).for(.update).first() else {
                return false
            }
            try await Self.count(try Self.decode(Event.self, try row.decode(column: "body", as: String.self)), by: -1, db)
            try await db.delete(from: "event_evidence").where("event_id", .equal, eventID).run()
            try await db.delete(from: "event_sites").where("event_id", .equal, eventID).run()
            try await db.delete(from: "event_readers").where("event_id", .equal, eventID).run()
            try await db.delete(from: "events").where("id", .equal, eventID).run()
            try await Self.appendAudit(db, actor, "withdraw", "event", eventID, AuditChain.sha256Hex(reason), postgres: postgres)
            return true
        }
        if withdrawn { eventsChanged() }
        return withdrawn
    }
}
