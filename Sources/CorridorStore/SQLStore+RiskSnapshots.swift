import CorridorAccess
import CorridorAlerts
import CorridorCoordination
import CorridorCore
import CorridorGeo
import Foundation
import SQLKit

/// ``RiskSnapshotStore`` over SQL.
extension SQLStore {
    public func save(snapshots: [RiskSnapshot]) async throws {
        let rows = try snapshots.map { ($0, try Self.encode($0)) }
        try await withTransaction { db in
            for (snapshot, body) in rows {
                try await db.delete(from: "risk_snapshots").where("site_id", .equal, snapshot.siteID)
                    .where("day", .equal, snapshot.day).run()
                try await db.insert(into: "risk_snapshots").columns("site_id", "day", "risk", "class", "body")
                    .values(
                        SQLBind(snapshot.siteID), SQLBind(snapshot.day), SQLBind(snapshot.risk),
                        SQLBind(snapshot.riskClass.rawValue), SQLBind(body)
                    ).run()
            }
        }
    }

    public func riskHistory(siteID: String, fromDay: String?) async throws -> [RiskSnapshot] {
        let bodies = try await withReader { db in
            var q = db.select().column("body").from("risk_snapshots").where("site_id", .equal, siteID)
            if let fromDay { q = q.where("day", .greaterThanOrEqual, fromDay) }
            return try await q.orderBy("day").all().map { try $0.decode(column: "body", as: String.self) }
        }
        return try bodies.map { try Self.decode(RiskSnapshot.self, $0) }
    }

    public func latestSnapshots(before day: String) async throws -> [RiskSnapshot] {
        let bodies = try await withReader { db in
            try await db.raw(
                """
                SELECT s.body FROM risk_snapshots s
                JOIN (SELECT site_id, MAX(day) AS day FROM risk_snapshots WHERE day < \(bind: day) GROUP BY site_id) latest
                  ON latest.site_id = s.site_id AND latest.day = s.day
                ORDER BY s.site_id
                """
            ).all().map { try $0.decode(column: "body", as: String.self) }
        }
        return try bodies.map { try Self.decode(RiskSnapshot.self, $0) }
    }
}
