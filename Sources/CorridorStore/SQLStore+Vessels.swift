import CorridorCore
import Foundation
import Logging
import NIOCore
import PostgresNIO
import SQLKit
import SQLiteNIO

/// The vessel registry and position history (migration 5).
///
/// Positions arrive in batches from the AIS feed: each batch is one transaction of
/// multi-row inserts, so a feed pays one commit per batch, not per position.
extension SQLStore {
    /// Rows per INSERT statement (sqlite-nio raises the bind limit to 250,000; PostgreSQL uses arrays).
    static let positionRowsPerStatement = 3000

    @discardableResult
    public func save(positions: [VesselPosition], flags: [Int: String]) async throws -> Int {
        guard !positions.isEmpty else { return 0 }
        // The newest position of each vessel in the batch moves its last position forward.
        var latest: [Int: VesselPosition] = [:]
        for p in positions where latest[p.mmsi].map({ p.at > $0.at }) ?? true { latest[p.mmsi] = p }
        let newest = latest.values.sorted { $0.mmsi < $1.mmsi }
        // In key order, the clustered (mmsi, at_ms) B-tree is filled page by page instead of
        // jumping between vessels (180-196k positions/s against 159-179k unsorted, batch 50,000).
        let ordered = positions.sorted { ($0.mmsi, $0.at) < ($1.mmsi, $1.at) }
        if let inserted = try await withSQLiteTransaction({ conn in
            try await Self.insertPositions(ordered, newest: newest, flags: flags, conn)
        }) {
            return inserted
        }
        // A receiver pair can hear one report twice: keep the first of a (vessel, time), as the
        // insert would.
        var unique: [VesselPosition] = []
        unique.reserveCapacity(ordered.count)
        for p in ordered where unique.last.map({ $0.mmsi != p.mmsi || Self.millis($0.at) != Self.millis(p.at) }) ?? true {
            unique.append(p)
        }
        let batch = unique
        do {
            if let inserted = try await withPostgresTransaction({ [logger] conn in
                try await Self.copyPositions(batch, newest: newest, flags: flags, conn, logger: logger)
            }) {
                return inserted
            }
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23505" {
            // Another writer stored one of the "newer" positions meanwhile: check every row.
        }
        return try await withTransaction { db in
            try await Self.insertPositions(batch, newest: newest, flags: flags, postgres: db)
        }
    }

    /// PostgreSQL's fast path. Positions later than the newest stored for their vessel
    /// (`vessels.last_seen`) cannot collide with a stored one: they go in by `COPY`, as fast
    /// as PostgreSQL takes rows. The rest (late or repeated reports) go through
    /// `ON CONFLICT DO NOTHING`. A concurrent writer can still race a copied row: that raises a
    /// unique violation, the transaction rolls back, and the caller checks every row instead.
    static func copyPositions(
        _ positions: [VesselPosition], newest: [VesselPosition], flags: [Int: String], _ conn: PostgresConnection, logger: Logger
    ) async throws -> Int {
        let vessels = Array(Set(positions.map(\.mmsi)))
        var lastSeen: [Int: Int64] = [:]
        let rows = try await conn.query("SELECT mmsi, last_seen FROM vessels WHERE mmsi = ANY(\(vessels))", logger: logger)
        for try await (mmsi, seen) in rows.decode((Int, Int64?).self) { if let seen { lastSeen[mmsi] = seen } }
        var fresh: [VesselPosition] = []
        var checked: [VesselPosition] = []
        fresh.reserveCapacity(positions.count)
        for p in positions {
            if let seen = lastSeen[p.mmsi], millis(p.at) <= seen { checked.append(p) } else { fresh.append(p) }
        }
        try await conn.copyFrom(
            table: "vessel_positions", columns: ["mmsi", "at_ms", "lat", "lon", "speed", "course", "heading", "status", "type", "source"],
            logger: logger
        ) { writer in
            var buffer = ByteBuffer()
            buffer.reserveCapacity(1 << 17)
            for p in fresh {
                PositionCopyText.append(p, to: &buffer)
                if buffer.readableBytes >= 1 << 16 {
                    try await writer.write(buffer)
                    buffer.clear()
                }
            }
            if buffer.readableBytes > 0 { try await writer.write(buffer) }
        }
        let sql = conn.sql(queryLogLevel: .trace)
        var inserted = fresh.count
        if !checked.isEmpty {
            inserted += try await insertPositions(checked, newest: [], flags: flags, postgres: sql)
        }
        _ = try await insertPositions([], newest: newest, flags: flags, postgres: sql)
        return inserted
    }

    /// Updates a vessel's last position only when the new one is newer.
    static let lastPositionUpsert = """
         ON CONFLICT (mmsi) DO UPDATE SET last_seen = excluded.last_seen, last_lat = excluded.last_lat,
          last_lon = excluded.last_lon, last_speed = excluded.last_speed, last_course = excluded.last_course,
          last_heading = excluded.last_heading, last_status = excluded.last_status, last_type = excluded.last_type,
          last_source = excluded.last_source, flag = COALESCE(vessels.flag, excluded.flag)
         WHERE vessels.last_seen IS NULL OR excluded.last_seen > vessels.last_seen
        """

    /// SQLite: multi-row inserts with values bound as SQLite values.
    static func insertPositions(
        _ positions: [VesselPosition], newest: [VesselPosition], flags: [Int: String], _ conn: SQLiteConnection
    ) async throws -> Int {
        // OR IGNORE rather than ON CONFLICT: a statement that cannot abort needs no statement
        // journal, which was a tenth of the insert time.
        let inserted = try await insertRows(
            positions, columns: 10,
            head: "INSERT OR IGNORE INTO vessel_positions (mmsi, at_ms, lat, lon, speed, course, heading, status, type, source) VALUES ",
            conn
        ) { p in
            [
                .integer(p.mmsi), .integer(Int(millis(p.at))), .float(p.latitude), .float(p.longitude), .real(p.speed), .real(p.course),
                .integer(p.heading), .integer(p.status), .integer(p.messageType), .text(p.source),
            ]
        }
        _ = try await insertRows(
            newest, columns: 11,
            head:
                "INSERT INTO vessels (mmsi, flag, last_seen, last_lat, last_lon, last_speed, last_course, last_heading, last_status, last_type, last_source) VALUES ",
            tail: lastPositionUpsert, conn
        ) { p in
            [
                .integer(p.mmsi), .text(flags[p.mmsi]), .integer(Int(millis(p.at))), .float(p.latitude), .float(p.longitude),
                .real(p.speed), .real(p.course), .integer(p.heading), .integer(p.status), .integer(p.messageType), .text(p.source),
            ]
        }
        return inserted
    }

    /// Inserts rows with statements of at most ``positionRowsPerStatement`` rows each,
    /// `head (?,…),(?,…) tail`, values bound; returns the number of rows changed.
    static func insertRows<Row>(
        _ rows: [Row], columns: Int, head: String, tail: String = "", _ conn: SQLiteConnection, values: (Row) -> [SQLiteData]
    ) async throws -> Int {
        let row = "(" + Array(repeating: "?", count: columns).joined(separator: ",") + ")"
        var changed = 0
        for start in stride(from: 0, to: rows.count, by: positionRowsPerStatement) {
            let chunk = rows[start..<min(start + positionRowsPerStatement, rows.count)]
            var binds: [SQLiteData] = []
            binds.reserveCapacity(chunk.count * columns)
            for r in chunk { binds += values(r) }
            _ = try await conn.query(head + Array(repeating: row, count: chunk.count).joined(separator: ",") + tail, binds)
            changed += try await conn.query("SELECT changes() AS n").first?.column("n")?.integer ?? 0
        }
        return changed
    }

    /// PostgreSQL, every row checked: one statement per table, the batch passed as arrays and
    /// expanded with `unnest`. Absent values travel as NaN, -1 or '' and become NULL again.
    static func insertPositions(
        _ positions: [VesselPosition], newest: [VesselPosition], flags: [Int: String], postgres db: any SQLDatabase
    ) async throws -> Int {
        func columns(_ rows: [VesselPosition]) -> [any Encodable & Sendable] {
            [
                rows.map(\.mmsi), rows.map { millis($0.at) }, rows.map(\.latitude), rows.map(\.longitude),
                rows.map { $0.speed ?? .nan }, rows.map { $0.course ?? .nan }, rows.map { $0.heading ?? -1 }, rows.map { $0.status ?? -1 },
                rows.map(\.messageType), rows.map { $0.source ?? "" },
            ]
        }
        var inserted = 0
        if !positions.isEmpty {
            let c = columns(positions)
            // Counted in the database: RETURNING a row per position would send a batch's worth back.
            inserted =
                try await db.raw(
                    """
                    WITH inserted AS (
                      INSERT INTO vessel_positions (mmsi, at_ms, lat, lon, speed, course, heading, status, type, source)
                      SELECT m, t, la, lo, NULLIF(sp, 'NaN'), NULLIF(co, 'NaN'), NULLIF(h, -1), NULLIF(st, -1), ty, NULLIF(so, '')
                      FROM unnest(\(bind: c[0])::bigint[], \(bind: c[1])::bigint[], \(bind: c[2])::float8[], \(bind: c[3])::float8[],
                        \(bind: c[4])::float8[], \(bind: c[5])::float8[], \(bind: c[6])::int[], \(bind: c[7])::int[], \(bind: c[8])::int[],
                        \(bind: c[9])::text[]) AS u(m, t, la, lo, sp, co, h, st, ty, so)
                      ON CONFLICT (mmsi, at_ms) DO NOTHING RETURNING 1)
                    SELECT COUNT(*) AS n FROM inserted
                    """
                ).first()?.decode(column: "n", as: Int.self) ?? 0
        }
        guard !newest.isEmpty else { return inserted }
        let v = columns(newest)
        let flagColumn = newest.map { flags[$0.mmsi] ?? "" }
        try await db.raw(
            """
            INSERT INTO vessels (mmsi, flag, last_seen, last_lat, last_lon, last_speed, last_course, last_heading, last_status,
              last_type, last_source)
            SELECT m, NULLIF(f, ''), t, la, lo, NULLIF(sp, 'NaN'), NULLIF(co, 'NaN'), NULLIF(h, -1), NULLIF(st, -1), ty, NULLIF(so, '')
            FROM unnest(\(bind: v[0])::bigint[], \(bind: flagColumn)::text[], \(bind: v[1])::bigint[], \(bind: v[2])::float8[],
              \(bind: v[3])::float8[], \(bind: v[4])::float8[], \(bind: v[5])::float8[], \(bind: v[6])::int[], \(bind: v[7])::int[],
              \(bind: v[8])::int[], \(bind: v[9])::text[]) AS u(m, f, t, la, lo, sp, co, h, st, ty, so)
            \(unsafeRaw: lastPositionUpsert)
            """
        ).run()
        return inserted
    }

    public func save(vesselStatics: [Vessel]) async throws {
        guard !vesselStatics.isEmpty else { return }
        var byMMSI: [Int: Vessel] = [:]
        for v in vesselStatics { byMMSI[v.mmsi] = v } // the last report of a vessel in the batch wins
        let rows = byMMSI.values.sorted { $0.mmsi < $1.mmsi }
        let upsert = """
             ON CONFLICT (mmsi) DO UPDATE SET imo = COALESCE(excluded.imo, vessels.imo),
              name = COALESCE(excluded.name, vessels.name), callsign = COALESCE(excluded.callsign, vessels.callsign),
              ship_type = COALESCE(excluded.ship_type, vessels.ship_type), to_bow = COALESCE(excluded.to_bow, vessels.to_bow),
              to_stern = COALESCE(excluded.to_stern, vessels.to_stern), to_port = COALESCE(excluded.to_port, vessels.to_port),
              to_starboard = COALESCE(excluded.to_starboard, vessels.to_starboard),
              destination = COALESCE(excluded.destination, vessels.destination),
              mothership_mmsi = COALESCE(excluded.mothership_mmsi, vessels.mothership_mmsi),
              flag = COALESCE(vessels.flag, excluded.flag)
            """
        let columns =
            "INSERT INTO vessels (mmsi, imo, name, callsign, ship_type, to_bow, to_stern, to_port, to_starboard, destination, mothership_mmsi, flag) VALUES "
        @Sendable func values(_ v: Vessel) -> [any Encodable & Sendable] {
            [
                v.mmsi, v.imo, v.name, v.callsign, v.shipType, v.toBow, v.toStern, v.toPort, v.toStarboard, v.destination, v.mothershipMMSI,
                v.flag,
            ]
        }
        let done = try await withSQLiteTransaction { conn in
            try await Self.insertRows(rows, columns: 12, head: columns, tail: upsert, conn) { v in
                [
                    .integer(v.mmsi), .integer(v.imo), .text(v.name), .text(v.callsign), .integer(v.shipType), .integer(v.toBow),
                    .integer(v.toStern), .integer(v.toPort), .integer(v.toStarboard), .text(v.destination), .integer(v.mothershipMMSI),
                    .text(v.flag),
                ]
            }
        }
        guard done == nil else { return }
        try await withTransaction { db in
            for start in stride(from: 0, to: rows.count, by: 1000) {
                var sql = SQLQueryString(columns)
                for (i, v) in rows[start..<min(start + 1000, rows.count)].enumerated() {
                    sql.appendLiteral(i == 0 ? "(" : ", (")
                    sql.appendInterpolation(binds: values(v))
                    sql.appendLiteral(")")
                }
                sql.appendLiteral(upsert)
                try await db.raw(sql).run()
            }
        }
    }

    public func vessel(mmsi: Int) async throws -> Vessel? {
        try await withDatabase { db in
            try await db.select().column("*").from("vessels").where("mmsi", .equal, mmsi).first().map(Self.decodeVessel)
        }
    }

    public func vessels(_ query: VesselQuery) async throws -> [Vessel] {
        try await withDatabase { db in
            var q = db.select().column("*").from("vessels").where("last_seen", .isNot, SQLLiteral.null)
            if let box = query.boundingBox {
                q = q.where("last_lat", .greaterThanOrEqual, box.minLatitude).where("last_lat", .lessThanOrEqual, box.maxLatitude)
                    .where("last_lon", .greaterThanOrEqual, box.minLongitude).where("last_lon", .lessThanOrEqual, box.maxLongitude)
            }
            if let since = query.seenSince { q = q.where("last_seen", .greaterThanOrEqual, Self.millis(since)) }
            return try await q.orderBy("last_seen", .descending).orderBy("mmsi").limit(max(1, min(query.limit, 10_000))).all()
                .map(Self.decodeVessel)
        }
    }

    public func track(mmsi: Int, from: Date?, to: Date?, limit: Int) async throws -> [VesselPosition] {
        try await withDatabase { db in
            var q = db.select().column("*").from("vessel_positions").where("mmsi", .equal, mmsi)
            if let from { q = q.where("at_ms", .greaterThanOrEqual, Self.millis(from)) }
            if let to { q = q.where("at_ms", .lessThanOrEqual, Self.millis(to)) }
            return try await q.orderBy("at_ms").limit(max(1, min(limit, 100_000))).all().map(Self.decodePosition)
        }
    }

    /// Deletes vessel by vessel: each is a range of the (mmsi, at_ms) key, so no index on time is needed.
    public func prunePositions(before: Date) async throws -> Int {
        let cut = Self.millis(before)
        let dialect = dialect
        let vessels = try await withDatabase { db in
            try await db.raw("SELECT mmsi FROM vessels").all().map { try $0.decode(column: "mmsi", as: Int.self) }
        }
        var removed = 0
        for chunk in stride(from: 0, to: vessels.count, by: 500).map({ vessels[$0..<min($0 + 500, vessels.count)] }) {
            removed += try await withTransaction { db in
                var n = 0
                for mmsi in chunk {
                    n += try await Self.changedRows(
                        db, "DELETE FROM vessel_positions WHERE mmsi = \(bind: mmsi) AND at_ms < \(bind: cut)", dialect: dialect)
                }
                return n
            }
        }
        return removed
    }

    public func positionCount() async throws -> Int {
        try await withDatabase { db in
            try await db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("vessel_positions").first()?
                .decode(column: "n", as: Int.self) ?? 0
        }
    }

    /// Runs a write and returns the rows it changed, on either backend.
    static func changedRows(_ db: any SQLDatabase, _ sql: SQLQueryString, dialect: Dialect) async throws -> Int {
        if dialect == .sqlite {
            try await db.raw(sql).run()
            return try await db.raw("SELECT changes() AS n").first()?.decode(column: "n", as: Int.self) ?? 0
        }
        var counted = sql
        counted.appendLiteral(" RETURNING 1 AS n")
        return try await db.raw(counted).all().count
    }

    static func decodePosition(_ r: any SQLRow) throws -> VesselPosition {
        VesselPosition(
            mmsi: try r.decode(column: "mmsi", as: Int.self), at: date(millis: try r.decode(column: "at_ms", as: Int64.self)),
            latitude: try r.decode(column: "lat", as: Double.self), longitude: try r.decode(column: "lon", as: Double.self),
            speed: try r.decode(column: "speed", as: Double?.self), course: try r.decode(column: "course", as: Double?.self),
            heading: try r.decode(column: "heading", as: Int?.self), status: try r.decode(column: "status", as: Int?.self),
            messageType: try r.decode(column: "type", as: Int.self), source: try r.decode(column: "source", as: String?.self))
    }

    static func decodeVessel(_ r: any SQLRow) throws -> Vessel {
        let mmsi = try r.decode(column: "mmsi", as: Int.self)
        var last: VesselPosition?
        let seen = try r.decode(column: "last_seen", as: Int64?.self)
        if let seen, let lat = try r.decode(column: "last_lat", as: Double?.self),
            let lon = try r.decode(column: "last_lon", as: Double?.self)
        {
            last = VesselPosition(
                mmsi: mmsi, at: date(millis: seen), latitude: lat, longitude: lon,
                speed: try r.decode(column: "last_speed", as: Double?.self),
                course: try r.decode(column: "last_course", as: Double?.self), heading: try r.decode(column: "last_heading", as: Int?.self),
                status: try r.decode(column: "last_status", as: Int?.self),
                messageType: try r.decode(column: "last_type", as: Int?.self) ?? 1,
                source: try r.decode(column: "last_source", as: String?.self))
        }
        return Vessel(
            mmsi: mmsi, imo: try r.decode(column: "imo", as: Int?.self), name: try r.decode(column: "name", as: String?.self),
            callsign: try r.decode(column: "callsign", as: String?.self), shipType: try r.decode(column: "ship_type", as: Int?.self),
            toBow: try r.decode(column: "to_bow", as: Int?.self), toStern: try r.decode(column: "to_stern", as: Int?.self),
            toPort: try r.decode(column: "to_port", as: Int?.self), toStarboard: try r.decode(column: "to_starboard", as: Int?.self),
            destination: try r.decode(column: "destination", as: String?.self),
            mothershipMMSI: try r.decode(column: "mothership_mmsi", as: Int?.self), flag: try r.decode(column: "flag", as: String?.self),
            lastSeen: seen.map(date(millis:)), lastPosition: last)
    }
}

extension SQLiteData {
    /// NULL for an absent value.
    static func integer(_ value: Int?) -> SQLiteData { value.map { .integer($0) } ?? .null }
    static func real(_ value: Double?) -> SQLiteData { value.map { .float($0) } ?? .null }
    static func text(_ value: String?) -> SQLiteData { value.map { .text($0) } ?? .null }
}

/// A vessel position as a line of PostgreSQL's `COPY` text format: tab-separated, `\N` for
/// absent values, and the one free text (the source) escaped.
enum PositionCopyText {
    static func append(_ p: VesselPosition, to buffer: inout ByteBuffer) {
        buffer.writeString(String(p.mmsi))
        buffer.writeInteger(UInt8(ascii: "\t"))
        buffer.writeString(String(SQLStore.millis(p.at)))
        func field(_ text: String?) {
            buffer.writeInteger(UInt8(ascii: "\t"))
            buffer.writeString(text ?? "\\N")
        }
        func field(_ value: Double?) { field(value.flatMap { $0.isFinite ? $0.description : nil }) }
        field(p.latitude)
        field(p.longitude)
        field(p.speed)
        field(p.course)
        field(p.heading.map { String($0) })
        field(p.status.map { String($0) })
        buffer.writeInteger(UInt8(ascii: "\t"))
        buffer.writeString(String(p.messageType))
        buffer.writeInteger(UInt8(ascii: "\t"))
        if let source = p.source, !source.isEmpty {
            for byte in source.utf8 {
                switch byte {
                case UInt8(ascii: "\\"): buffer.writeString("\\\\")
                case UInt8(ascii: "\t"): buffer.writeString("\\t")
                case UInt8(ascii: "\n"): buffer.writeString("\\n")
                case UInt8(ascii: "\r"): buffer.writeString("\\r")
                default: buffer.writeInteger(byte)
                }
            }
        } else {
            buffer.writeString("\\N")
        }
        buffer.writeInteger(UInt8(ascii: "\n"))
    }
}
