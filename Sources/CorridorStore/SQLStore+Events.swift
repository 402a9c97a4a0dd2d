import CorridorAccess
import CorridorAlerts
import CorridorCoordination
import CorridorCore
import CorridorGeo
import Foundation
import PostgresNIO
import SQLKit

/// ``EventStore`` over SQL: events, who may read them, and the evidence of detections.
extension SQLStore {
    public func save(event: Event, by actor: AuditActor) async throws -> (SaveOutcome, Event) {
        try await save(event: event, by: actor, requiringOrigin: nil)
    }

    public func save(event: Event, by actor: AuditActor, reportedBy reporter: Principal) async throws -> (SaveOutcome, Event) {
        try await save(event: event, by: actor, requiringOrigin: reporter)
    }

    /// `requiringOrigin` nil: any existing record may be updated (imports, detectors); set:
    /// only one this reporter's agency originated and this reporter may read.
    private func save(event: Event, by actor: AuditActor, requiringOrigin: Principal?) async throws -> (SaveOutcome, Event) {
        let postgres = dialect == .postgres
        let save: @Sendable (any SQLDatabase) async throws -> (SaveOutcome, Event) = { db in
            var event = event
            // Locked to commit on PostgreSQL, so two writers of one event cannot both move its count
            // from the same old group (SQLite's writer holds the database already).
            let existing = try await db.select().column("body").from("events")
                .where("source", .equal, event.source).where("source_ref", .equal, event.sourceRef).for(.update).first()
            if let existing {
                let oldBody = try existing.decode(column: "body", as: String.self)
                let old = try Self.decode(Event.self, oldBody)
                if let reporter = requiringOrigin,
                    old.originAgency == nil || old.originAgency != reporter.agencyID || !old.isReadable(by: reporter)
                {
                    throw StoreError.notOriginator(origin: old.originAgency)
                }
                event.id = old.id
                // A re-import does not move the first time the platform heard of the event.
                event.reportedAt = old.reportedAt
                // Compare stored forms: timestamps are kept to the second.
                let body = try Self.encode(event)
                if body == oldBody { return (.unchanged, old) }
                try await db.update("events")
                    .set("occurred_at", to: Self.epoch(event.occurredAt)).set("domain", to: event.domain.rawValue)
                    .set("type", to: event.type).set("province", to: event.province?.rawValue)
                    .set("lat", to: event.location.latitude).set("lon", to: event.location.longitude)
                    .set("severity", to: event.severity).set("tlp", to: event.tlp.rawValue)
                    .set("origin_agency", to: event.originAgency).set("body", to: body)
                    .where("id", .equal, event.id).run()
                try await db.delete(from: "event_sites").where("event_id", .equal, event.id).run()
                try await db.delete(from: "event_readers").where("event_id", .equal, event.id).run()
                try await Self.linkSites(event, db)
                try await Self.linkReaders(event, db)
                try await Self.count(old, by: -1, db)
                try await Self.count(event, by: 1, db)
                try await Self.appendAudit(db, actor, .update, "event", event.id, AuditChain.sha256Hex(body), postgres: postgres)
                return (.updated, try Self.decode(Event.self, body))
            }
            let body = try Self.encode(event)
            try await db.insert(into: "events")
                .columns(
                    "id", "source", "source_ref", "occurred_at", "domain", "type", "province", "lat", "lon", "severity",
                    "tlp", "origin_agency", "body"
                )
                .values(
                    SQLBind(event.id), SQLBind(event.source), SQLBind(event.sourceRef),
                    SQLBind(Self.epoch(event.occurredAt)), SQLBind(event.domain.rawValue), SQLBind(event.type),
                    SQLBind(event.province?.rawValue), SQLBind(event.location.latitude),
                    SQLBind(event.location.longitude), SQLBind(event.severity), SQLBind(event.tlp.rawValue),
                    SQLBind(event.originAgency), SQLBind(body)
                ).run()
            try await Self.linkSites(event, db)
            try await Self.linkReaders(event, db)
            try await Self.count(event, by: 1, db)
            try await Self.appendAudit(db, actor, .create, "event", event.id, AuditChain.sha256Hex(body), postgres: postgres)
            return (SaveOutcome.inserted, try Self.decode(Event.self, body))
        }
        let result: (SaveOutcome, Event)
        do {
            result = try await withTransaction(save)
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23505" {
            // Two writers of a new report at once on PostgreSQL: both found no row to lock, and
            // the second insert hit the unique key. Run again, it now finds the first one's row.
            result = try await withTransaction(save)
        }
        if result.0 != .unchanged { eventsChanged() }
        return result
    }

    private static func linkSites(_ event: Event, _ db: any SQLDatabase) async throws {
        for siteID in Set(event.siteIDs).sorted() {
            try await db.insert(into: "event_sites").columns("event_id", "site_id")
                .values(SQLBind(event.id), SQLBind(siteID)).run()
        }
    }

    /// ``AccessPolicy`` for events, as a SQL predicate over `events` (nil: no restriction).
    ///
    /// Someone not signed in reads CLEAR alone, straight from `events_tlp_time` in time order.
    /// A signed-in reader may read nearly everything, so the fastest plan walks `events_time`
    /// and filters; on SQLite the unary `+` keeps the planner from an OR of index searches
    /// followed by a sort of every readable row. The shared-with lists come from
    /// `event_readers_reader`. docs/architecture.md ("TLP in SQL") shows the plans.
    func readable(_ access: ReadAccess) -> SQLQueryString? {
        guard case .reader(let reader) = access else { return nil }
        guard let reader else { return SQLQueryString("tlp = \(bind: TLP.clear.rawValue)") }
        let noIndex = dialect == .sqlite ? "+" : ""
        let tlp = SQLQueryString(noIndex + "tlp")
        let origin = SQLQueryString(noIndex + "origin_agency")
        return SQLQueryString(
            """
            (\(tlp) IN (\(bind: TLP.clear.rawValue), \(bind: TLP.green.rawValue))
             OR (\(tlp) IN (\(bind: TLP.amber.rawValue), \(bind: TLP.amberStrict.rawValue)) AND \(origin) = \(bind: reader.agencyID))
             OR (\(tlp) = \(bind: TLP.amber.rawValue) AND id IN
                 (SELECT event_id FROM event_readers WHERE kind = 'agency' AND reader = \(bind: reader.agencyID)))
             OR (\(tlp) = \(bind: TLP.red.rawValue) AND id IN
                 (SELECT event_id FROM event_readers WHERE kind = 'user' AND reader = \(bind: reader.userID))))
            """)
    }

    /// The agencies and users an event is shared with, as rows, so TLP filters in SQL
    /// (``ReadAccess``). Written in the same transaction as the event's body.
    private static func linkReaders(_ event: Event, _ db: any SQLDatabase) async throws {
        for (kind, readers) in [("agency", event.sharedWithAgencies), ("user", event.sharedWithUsers)] {
            for reader in Set(readers).sorted() {
                try await db.insert(into: "event_readers").columns("event_id", "kind", "reader")
                    .values(SQLBind(event.id), SQLBind(kind), SQLBind(reader)).run()
            }
        }
    }

    public func event(id: String) async throws -> Event? {
        let body = try await withReader { db in
            try await db.select().column("body").from("events").where("id", .equal, id).first()?
                .decode(column: "body", as: String.self)
        }
        return try body.map { try Self.decode(Event.self, $0) }
    }

    public func eventCount() async throws -> Int {
        try await withReader { db in
            try await db.raw("SELECT COUNT(*) AS n FROM events").first()?.decode(column: "n", as: Int.self) ?? 0
        }
    }

    public func events(_ query: EventQuery) async throws -> Page<Event> {
        let limit = max(1, min(query.limit, 1000))
        var cursor = try query.cursor.map { try EventCursor(token: $0) }
        var matched: [Event] = []
        // The radius test is exact only in Swift; rows are read in batches until the page
        // is full, so a sparse `near` filter still returns complete pages. TLP is in SQL.
        let batchSize = query.near == nil ? limit + 1 : max(limit + 1, 500)
        while matched.count <= limit {
            let rows = try await eventRows(query, after: cursor, limit: batchSize)
            for row in rows {
                let e = try Self.decode(Event.self, row.body)
                if let near = query.near, Geodesy.distanceKm(e.location, near.center) > near.radiusKm { continue }
                if case .reader(let reader) = query.access, !e.isReadable(by: reader) {
                    // The SQL rule and AccessPolicy disagree: never serve the record, and say so.
                    self.logger.error("TLP filter mismatch", metadata: ["event": "\(e.id)", "tlp": "\(e.tlp.rawValue)"])
                    continue
                }
                matched.append(e)
            }
            guard rows.count == batchSize, let last = rows.last else { break }
            cursor = last.position
        }
        if matched.count > limit {
            let items = Array(matched.prefix(limit))
            let lastItem = items[items.count - 1]
            return Page(items: items, nextCursor: EventCursor(occurredAt: Self.epoch(lastItem.occurredAt), id: lastItem.id).token)
        }
        return Page(items: matched, nextCursor: nil)
    }

    public func eventDocuments(_ query: EventQuery) async throws -> Page<String> {
        // Distance is exact only on decoded events; that filter takes the decoding path.
        guard query.near == nil else {
            let page = try await events(query)
            return Page(items: try page.items.map { try Self.encode($0) }, nextCursor: page.nextCursor)
        }
        let limit = max(1, min(query.limit, 1000))
        let rows = try await eventRows(query, after: try query.cursor.map { try EventCursor(token: $0) }, limit: limit + 1)
        guard rows.count > limit else { return Page(items: rows.map(\.body), nextCursor: nil) }
        let items = rows.prefix(limit)
        return Page(items: items.map(\.body), nextCursor: items.last?.position.token)
    }

    private struct EventRow: Sendable {
        var body: String
        var position: EventCursor
    }

    /// Up to `limit` rows matching everything in `query` SQL can test, newest first, after `after`.
    private func eventRows(_ query: EventQuery, after position: EventCursor?, limit: Int) async throws -> [EventRow] {
        try await withReader { db in
            var q = db.select().column("body").column("occurred_at").column("id").from("events")
            if let d = query.domain { q = q.where("domain", .equal, d.rawValue) }
            if let t = query.type { q = q.where("type", .equal, t) }
            if let source = query.source { q = q.where("source", .equal, source) }
            if let p = query.province { q = q.where("province", .equal, p.rawValue) }
            if let from = query.from { q = q.where("occurred_at", .greaterThanOrEqual, Self.epoch(from)) }
            if let to = query.to { q = q.where("occurred_at", .lessThanOrEqual, Self.epoch(to)) }
            if let s = query.minimumSeverity { q = q.where("severity", .greaterThanOrEqual, s) }
            if let box = query.boundingBox { q = Self.within(box, q) }
            if let near = query.near { q = Self.within(Geodesy.boundingBox(around: near.center, radiusKm: near.radiusKm), q) }
            if let site = query.siteID {
                q = q.where(SQLQueryString("id IN (SELECT event_id FROM event_sites WHERE site_id = \(bind: site))"))
            }
            if let readable = self.readable(query.access) { q = q.where(readable) }
            if let position {
                q = q.where(group: { g in
                    g.where("occurred_at", .lessThan, position.occurredAt).orWhere(group: { h in
                        h.where("occurred_at", .equal, position.occurredAt).where("id", .lessThan, position.id)
                    })
                })
            }
            return try await q.orderBy("occurred_at", .descending).orderBy("id", .descending).limit(limit).all().map {
                EventRow(
                    body: try $0.decode(column: "body", as: String.self),
                    position: EventCursor(
                        occurredAt: try $0.decode(column: "occurred_at", as: Int64.self), id: try $0.decode(column: "id", as: String.self)))
            }
        }
    }

    // Evidence and withdrawal of automated detections.

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
        let postgres = dialect == .postgres
        let withdrawn = try await withTransaction { db in
            guard let row = try await db.select().column("body").from("events").where("id", .equal, eventID).for(.update).first() else {
                return false
            }
            try await Self.count(try Self.decode(Event.self, try row.decode(column: "body", as: String.self)), by: -1, db)
            try await db.delete(from: "event_evidence").where("event_id", .equal, eventID).run()
            try await db.delete(from: "event_sites").where("event_id", .equal, eventID).run()
            try await db.delete(from: "event_readers").where("event_id", .equal, eventID).run()
            try await db.delete(from: "events").where("id", .equal, eventID).run()
            try await Self.appendAudit(db, actor, .withdraw, "event", eventID, AuditChain.sha256Hex(reason), postgres: postgres)
            return true
        }
        if withdrawn { eventsChanged() }
        return withdrawn
    }
}
