import CorridorAccess
import CorridorAlerts
import CorridorCoordination
import CorridorCore
import Foundation
import SQLKit

extension SQLStore {
    // MARK: Alerts in delivery order

    @discardableResult
    public func save(alerts: [AlertRecord]) async throws -> [AlertRecord] {
        guard !alerts.isEmpty else { return [] }
        let postgres = dialect == .postgres
        let rows = try Self.alertRows(alerts)
        return try await withTransaction { db in try await Self.insert(alerts: rows, db, postgres: postgres) }
    }

    /// Alerts with their stored body (without a seq: that is the column's).
    static func alertRows(_ alerts: [AlertRecord]) throws -> [(AlertRecord, String)] {
        try alerts.map { alert in
            var plain = alert
            plain.seq = nil
            return (plain, try encode(plain))
        }
    }

    /// Inserts the alerts not stored yet, numbering them, inside the caller's transaction.
    static func insert(alerts rows: [(AlertRecord, String)], _ db: any SQLDatabase, postgres: Bool) async throws -> [AlertRecord] {
        guard !rows.isEmpty else { return [] }
        // Held to commit: whoever takes seq N+1 waits until N is visible, so readers that
        // continue "after N" never skip an alert committed late.
        if postgres { try await db.raw("LOCK TABLE alerts IN EXCLUSIVE MODE").run() }
        var seq = try await latestSeq(db)
        var stored: [AlertRecord] = []
        for (alert, body) in rows {
            guard try await db.select().column("id").from("alerts").where("id", .equal, alert.id).first() == nil else {
                continue
            }
            seq += 1
            try await db.insert(into: "alerts").columns("id", "kind", "created_at", "site_id", "body", "seq", "tlp")
                .values(
                    SQLBind(alert.id), SQLBind(alert.kind), SQLBind(epoch(alert.createdAt)), SQLBind(alert.siteID),
                    SQLBind(body), SQLBind(seq), SQLBind(alert.tlp.rawValue)
                ).run()
            var numbered = alert
            numbered.seq = seq
            stored.append(numbered)
        }
        return stored
    }

    static func decodeAlert(_ row: any SQLRow) throws -> AlertRecord {
        var alert = try decode(AlertRecord.self, try row.decode(column: "body", as: String.self))
        alert.seq = try row.decode(column: "seq", as: Int?.self)
        return alert
    }

    public func alerts(kind: String?, limit: Int) async throws -> [AlertRecord] {
        try await withDatabase { db in
            var q = db.select().columns("body", "seq").from("alerts")
            if let kind { q = q.where("kind", .equal, kind) }
            return try await q.orderBy("seq", .descending).limit(max(1, min(limit, 1000))).all().map(Self.decodeAlert)
        }
    }

    public func alerts(tlp: TLP, limit: Int) async throws -> [AlertRecord] {
        try await withDatabase { db in
            try await db.select().columns("body", "seq").from("alerts").where("tlp", .equal, tlp.rawValue)
                .orderBy("seq", .descending).limit(max(1, min(limit, 1000))).all().map(Self.decodeAlert)
        }
    }

    public func alerts(afterSeq: Int, limit: Int) async throws -> [AlertRecord] {
        try await withDatabase { db in
            try await db.select().columns("body", "seq").from("alerts").where("seq", .greaterThan, afterSeq)
                .orderBy("seq").limit(max(1, min(limit, 1000))).all().map(Self.decodeAlert)
        }
    }

    public func alert(id: String) async throws -> AlertRecord? {
        try await withDatabase { db in
            try await db.select().columns("body", "seq").from("alerts").where("id", .equal, id).first().map(Self.decodeAlert)
        }
    }

    public func revise(alert: AlertRecord) async throws -> Bool {
        let (plain, body) = try Self.alertRows([alert])[0]
        return try await withTransaction { db in
            guard try await db.select().column("id").from("alerts").where("id", .equal, plain.id).first() != nil else { return false }
            try await db.update("alerts").set("body", to: body).set("tlp", to: plain.tlp.rawValue).set("site_id", to: plain.siteID)
                .where("id", .equal, plain.id).run()
            return true
        }
    }

    public func latestAlertSeq() async throws -> Int { try await withDatabase { db in try await Self.latestSeq(db) } }

    /// The highest alert seq (0 when none), inside the caller's connection or transaction.
    static func latestSeq(_ db: any SQLDatabase) async throws -> Int {
        try await db.select().column(
            SQLFunction("COALESCE", args: SQLFunction("MAX", args: SQLColumn("seq")), SQLLiteral.numeric("0")), as: "n"
        )
        .from("alerts").first()?.decode(column: "n", as: Int.self) ?? 0
    }
}
