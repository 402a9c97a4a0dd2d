import CorridorAccess
import CorridorCore
import CorridorGeo
import Foundation
import Logging
import PostgresKit
import PostgresNIO
import SQLKit
import SQLiteKit
import SQLiteNIO
import Synchronization

/// The ``CorridorStore`` over SQLKit, for both SQLite and PostgreSQL.
///
/// Queries are written once against `SQLDatabase`; the dialects differ only in the
/// migrations (``Migrations``) and in how a connection is obtained.
///
/// ```swift
/// let store = try await SQLStore.open(try DatabaseURL("sqlite:./cw.sqlite"), logger: logger)
/// _ = try await store.migrate()
/// ```
public final class SQLStore: CorridorStore {
    enum Connection: Sendable {
        case sqlite(SQLiteConnection)
        case postgres(PostgresClient)
    }

    let connection: Connection
    let logger: Logger
    private let sqliteMutex = AsyncMutex()
    private let clientTask: Task<Void, Never>?
    /// SQLite files only: read-only connections, so reads run beside each other and beside
    /// the writer (WAL gives each a consistent snapshot of the last commit).
    private let sqliteReaders: [SQLiteConnection]
    private let nextReader = Atomic<UInt>(0)
    private let eventWrites = Atomic<UInt64>(0)

    public var eventGeneration: UInt64 { eventWrites.load(ordering: .acquiring) }

    /// Called after a transaction that wrote events committed.
    func eventsChanged() { eventWrites.wrappingAdd(1, ordering: .releasing) }

    public var backendName: String {
        switch connection {
        case .sqlite: "sqlite"
        case .postgres: "postgres"
        }
    }

    private init(
        connection: Connection, clientTask: Task<Void, Never>?, sqliteReaders: [SQLiteConnection] = [], logger: Logger
    ) {
        self.connection = connection
        self.clientTask = clientTask
        self.sqliteReaders = sqliteReaders
        self.logger = logger
    }

    /// How many read connections a SQLite file gets.
    static let sqliteReaderCount = 4

    /// Opens the database. SQLite files are created if missing and put in WAL mode with
    /// `synchronous=FULL`, so a commit that returned is on disk (docs/operations.md).
    public static func open(_ url: DatabaseURL, logger: Logger) async throws -> SQLStore {
        switch url {
        case .sqlite, .sqliteMemory:
            let storage: SQLiteConnection.Storage
            if case .sqlite(let path) = url { storage = .file(path: path) } else { storage = .memory }
            let conn = try await SQLiteConnection.open(storage: storage, logger: logger).get()
            let db = conn.sql()
            // Large pages make bulk position inserts touch fewer pages; this only takes effect
            // when the file is created (before WAL mode is set).
            for pragma in [
                "PRAGMA page_size=65536",
                "PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", "PRAGMA foreign_keys=ON",
                "PRAGMA busy_timeout=5000", "PRAGMA cache_size=-65536", "PRAGMA temp_store=MEMORY",
            ] {
                try await db.raw(SQLQueryString(pragma)).run()
            }
            var readers: [SQLiteConnection] = []
            if case .sqlite(let path) = url {
                do {
                    for _ in 0..<sqliteReaderCount {
                        let reader = try await SQLiteConnection.open(storage: .file(path: path), logger: logger).get()
                        readers.append(reader)
                        for pragma in ["PRAGMA query_only=1", "PRAGMA busy_timeout=5000", "PRAGMA cache_size=-16384"] {
                            try await reader.sql().raw(SQLQueryString(pragma)).run()
                        }
                    }
                } catch {
                    for reader in readers { try? await reader.close().get() }
                    try? await conn.close().get()
                    throw error
                }
            }
            return SQLStore(connection: .sqlite(conn), clientTask: nil, sqliteReaders: readers, logger: logger)
        case .postgres(let host, let port, let username, let password, let database):
            let config = PostgresClient.Configuration(
                host: host, port: port, username: username, password: password, database: database, tls: .disable)
            let client = PostgresClient(configuration: config, backgroundLogger: logger)
            let task = Task { await client.run() }
            let store = SQLStore(connection: .postgres(client), clientTask: task, logger: logger)
            do {
                try await store.ping()
            } catch {
                task.cancel()
                throw error
            }
            return store
        }
    }

    public func close() async {
        switch connection {
        case .sqlite(let conn):
            for reader in sqliteReaders { try? await reader.close().get() }
            try? await conn.close().get()
        case .postgres:
            clientTask?.cancel()
            await clientTask?.value
        }
    }

    // MARK: Connections

    /// Runs SQL the interface has no method for, on one connection. For modules that add
    /// their own tables and for tests; callers must bind every value (`\(bind:)`).
    public func withSQL<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await withDatabase(body)
    }

    func withDatabase<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        switch connection {
        case .sqlite(let conn):
            return try await sqliteMutex.withLock { try await body(conn.sql(queryLogLevel: .trace)) }
        case .postgres(let client):
            return try await Self.leasing(client, within: postgresLeaseWait) { conn in try await body(conn.sql(queryLogLevel: .trace)) }
        }
    }

    /// How long a PostgreSQL operation waits for a connection before ``StoreError/unavailable(waited:)``.
    /// The pool keeps reconnecting on its own; without a bound, every request would hang
    /// for as long as the database is away.
    let postgresLeaseWait: Duration = .seconds(3)

    /// `client.withConnection(body)`, failing with ``StoreError/unavailable(waited:)`` when no
    /// connection is leased within `wait`. Once `body` has its connection it runs unbounded.
    static func leasing<T: Sendable>(
        _ client: PostgresClient, within wait: Duration, _ body: @escaping @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        let leased = LeaseFlag()
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                try await client.withConnection { conn in
                    leased.set()
                    return try await body(conn)
                }
            }
            group.addTask {
                try await Task.sleep(for: wait)
                if leased.isSet { return nil }
                throw StoreError.unavailable(waited: wait)
            }
            while let result = try await group.next() {
                if let result {
                    group.cancelAll()
                    return result
                }
            }
            throw StoreError.unavailable(waited: wait)
        }
    }

    final class LeaseFlag: Sendable {
        private let value = Atomic<Bool>(false)
        func set() { value.store(true, ordering: .releasing) }
        var isSet: Bool { value.load(ordering: .acquiring) }
    }

    /// Runs a read-only `body`: on SQLite files on one of the read connections, beside the
    /// writer; elsewhere as ``withDatabase(_:)``. A read started after a commit returned sees it.
    func withReader<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        guard !sqliteReaders.isEmpty else { return try await withDatabase(body) }
        let turn = nextReader.wrappingAdd(1, ordering: .relaxed).oldValue
        let reader = sqliteReaders[Int(turn % UInt(sqliteReaders.count))]
        return try await body(reader.sql(queryLogLevel: .trace))
    }

    /// Runs `body` in one transaction: all of its writes commit together or none do.
    func withTransaction<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        @Sendable func run(_ db: any SQLDatabase, begin: String) async throws -> T {
            try await db.raw(SQLQueryString(begin)).run()
            do {
                let result = try await body(db)
                try await db.raw("COMMIT").run()
                return result
            } catch {
                try? await db.raw("ROLLBACK").run()
                throw error
            }
        }
        switch connection {
        case .sqlite(let conn):
            return try await sqliteMutex.withLock { try await run(conn.sql(queryLogLevel: .trace), begin: "BEGIN IMMEDIATE") }
        case .postgres(let client):
            return try await Self.leasing(client, within: postgresLeaseWait) { conn in
                try await run(conn.sql(queryLogLevel: .trace), begin: "BEGIN")
            }
        }
    }

    /// SQLite only (nil for PostgreSQL): runs `body` on the raw connection in one IMMEDIATE
    /// transaction, under the store's lock. For bulk writes where SQLKit's per-value encoding
    /// is the bottleneck (vessel positions); values are still bound, never spliced into SQL.
    func withSQLiteTransaction<T: Sendable>(_ body: @Sendable (SQLiteConnection) async throws -> T) async throws -> T? {
        guard case .sqlite(let conn) = connection else { return nil }
        return try await sqliteMutex.withLock {
            _ = try await conn.query("BEGIN IMMEDIATE")
            do {
                let result = try await body(conn)
                _ = try await conn.query("COMMIT")
                return result
            } catch {
                _ = try? await conn.query("ROLLBACK")
                throw error
            }
        }
    }

    // MARK: Schema

    public func migrate() async throws -> [Int] { try await migrate(through: Migrations.latest) }

    /// Applies the migrations up to and including `version` (for testing upgrades of older schemas).
    public func migrate(through version: Int) async throws -> [Int] {
        try await withDatabase { db in
            try await db.raw(
                "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
            ).run()
        }
        let current = try await schemaVersion()
        guard current <= Migrations.latest else { throw StoreError.schemaTooNew(database: current, known: Migrations.latest) }
        var applied: [Int] = []
        let isSQLite = backendName == "sqlite"
        for migration in Migrations.all where migration.version > current && migration.version <= version {
            try await withTransaction { db in
                for statement in isSQLite ? migration.sqlite : migration.postgres {
                    try await db.raw(SQLQueryString(statement)).run()
                }
                try await db.insert(into: "schema_migrations")
                    .columns("version", "name", "applied_at")
                    .values(SQLBind(migration.version), SQLBind(migration.name), SQLBind(DateFormats.format(Date())))
                    .run()
            }
            logger.info("applied migration", metadata: ["version": "\(migration.version)", "name": "\(migration.name)"])
            applied.append(migration.version)
        }
        return applied
    }

    public func schemaVersion() async throws -> Int {
        try await withDatabase { db in
            let exists: Bool
            switch self.connection {
            case .sqlite:
                exists = try await db.raw(
                    "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"
                ).first() != nil
            case .postgres:
                exists = try await db.raw("SELECT to_regclass('schema_migrations') IS NOT NULL AS present").first()?
                    .decode(column: "present", as: Bool.self) ?? false
            }
            guard exists else { return 0 }
            let row = try await db.raw("SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations").first()
            return try row?.decode(column: "v", as: Int.self) ?? 0
        }
    }

    public func verifySchema() async throws {
        let version = try await schemaVersion()
        if version > Migrations.latest { throw StoreError.schemaTooNew(database: version, known: Migrations.latest) }
        if version < Migrations.latest { throw StoreError.schemaBehind(database: version, known: Migrations.latest) }
    }

    public func ping() async throws {
        _ = try await withDatabase { db in try await db.raw("SELECT 1 AS one").first() }
    }

    // MARK: Sites

    public func save(site: Site, by actor: AuditActor) async throws -> SaveOutcome {
        let body = try Self.encode(site)
        let postgres = backendName == "postgres"
        return try await withTransaction { db in
            let existing = try await db.select().column("body").from("sites").where("id", .equal, site.id).first()
            if let existing {
                if try existing.decode(column: "body", as: String.self) == body { return .unchanged }
                try await db.update("sites")
                    .set("name", to: site.name).set("kind", to: site.kind.rawValue)
                    .set("province", to: site.province?.rawValue)
                    .set("lat", to: site.location.latitude).set("lon", to: site.location.longitude)
                    .set("criticality", to: site.criticality).set("body", to: body)
                    .where("id", .equal, site.id).run()
                try await Self.appendAudit(db, actor, "update", "site", site.id, AuditChain.sha256Hex(body), postgres: postgres)
                return .updated
            }
            try await db.insert(into: "sites")
                .columns("id", "name", "kind", "province", "lat", "lon", "criticality", "body")
                .values(
                    SQLBind(site.id), SQLBind(site.name), SQLBind(site.kind.rawValue), SQLBind(site.province?.rawValue),
                    SQLBind(site.location.latitude), SQLBind(site.location.longitude), SQLBind(site.criticality),
                    SQLBind(body)
                ).run()
            try await Self.appendAudit(db, actor, "create", "site", site.id, AuditChain.sha256Hex(body), postgres: postgres)
            return .inserted
        }
    }

    public func site(id: String) async throws -> Site? {
        let body = try await withReader { db in
            try await db.select().column("body").from("sites").where("id", .equal, id).first()?
                .decode(column: "body", as: String.self)
        }
        return try body.map { try Self.decode(Site.self, $0) }
    }

    public func sites(_ query: SiteQuery) async throws -> [Site] {
        let bodies = try await withReader { db in
            var q = db.select().column("body").from("sites")
            if let kind = query.kind { q = q.where("kind", .equal, kind.rawValue) }
            if let province = query.province { q = q.where("province", .equal, province.rawValue) }
            if let box = query.boundingBox { q = Self.within(box, q) }
            if let center = query.near, let r = query.radiusKm {
                q = Self.within(Geodesy.boundingBox(around: center, radiusKm: r), q)
            }
            return try await q.orderBy("id").all().map { try $0.decode(column: "body", as: String.self) }
        }
        var sites = try bodies.map { try Self.decode(Site.self, $0) }
        if let center = query.near, let r = query.radiusKm {
            sites = sites.filter { Geodesy.distanceKm($0.location, center) <= r }
        }
        return sites
    }

    // MARK: Events

    public func save(event: Event, by actor: AuditActor) async throws -> (SaveOutcome, Event) {
        try await save(event: event, by: actor, requiringOrigin: nil)
    }

    public func save(event: Event, by actor: AuditActor, originatedBy agency: String) async throws -> (SaveOutcome, Event) {
        try await save(event: event, by: actor, requiringOrigin: .some(agency))
    }

    /// `requiringOrigin` nil: any existing record may be updated (imports, detectors); set:
    /// only one whose origin agency is that value.
    private func save(event: Event, by actor: AuditActor, requiringOrigin: String??) async throws -> (SaveOutcome, Event) {
        let postgres = backendName == "postgres"
        let result: (SaveOutcome, Event) = try await withTransaction { db in
            var event = event
            // Locked to commit on PostgreSQL, so two writers of one event cannot both move its count
            // from the same old group (SQLite's writer holds the database already).
            let existing = try await db.select().column("body").from("events")
                .where("source", .equal, event.source).where("source_ref", .equal, event.sourceRef).for(.update).first()
            if let existing {
                let oldBody = try existing.decode(column: "body", as: String.self)
                let old = try Self.decode(Event.self, oldBody)
                if let required = requiringOrigin, old.originAgency == nil || old.originAgency != required {
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
                try await Self.appendAudit(db, actor, "update", "event", event.id, AuditChain.sha256Hex(body), postgres: postgres)
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
            try await Self.appendAudit(db, actor, "create", "event", event.id, AuditChain.sha256Hex(body), postgres: postgres)
            return (SaveOutcome.inserted, try Self.decode(Event.self, body))
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
        let noIndex = backendName == "sqlite" ? "+" : ""
        let tlp = SQLQueryString(noIndex + "tlp"), origin = SQLQueryString(noIndex + "origin_agency")
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

    public func siteCount() async throws -> Int {
        try await withReader { db in
            try await db.raw("SELECT COUNT(*) AS n FROM sites").first()?.decode(column: "n", as: Int.self) ?? 0
        }
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

    // MARK: Agencies

    public func save(agency: Agency, by actor: AuditActor) async throws -> SaveOutcome {
        let body = try Self.encode(agency)
        let postgres = backendName == "postgres"
        return try await withTransaction { db in
            if let row = try await db.select().column("body").from("agencies").where("id", .equal, agency.id).first() {
                if try row.decode(column: "body", as: String.self) == body { return .unchanged }
                try await db.update("agencies").set("name", to: agency.name).set("kind", to: agency.kind.rawValue)
                    .set("body", to: body).where("id", .equal, agency.id).run()
                try await Self.appendAudit(db, actor, "update", "agency", agency.id, AuditChain.sha256Hex(body), postgres: postgres)
                return .updated
            }
            try await db.insert(into: "agencies").columns("id", "name", "kind", "body")
                .values(SQLBind(agency.id), SQLBind(agency.name), SQLBind(agency.kind.rawValue), SQLBind(body)).run()
            try await Self.appendAudit(db, actor, "create", "agency", agency.id, AuditChain.sha256Hex(body), postgres: postgres)
            return .inserted
        }
    }

    public func agencies() async throws -> [Agency] {
        let bodies = try await withReader { db in
            try await db.select().column("body").from("agencies").orderBy("id").all()
                .map { try $0.decode(column: "body", as: String.self) }
        }
        return try bodies.map { try Self.decode(Agency.self, $0) }
    }

    // MARK: Risk snapshots and alerts

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

    // MARK: Users, sessions, tokens

    public func save(user: User, passwordHash: String?, by actor: AuditActor) async throws -> SaveOutcome {
        let body = try Self.encode(user)
        let postgres = backendName == "postgres"
        return try await withTransaction { db in
            if let row = try await db.select().columns("body", "password_hash").from("users").where("id", .equal, user.id).first() {
                let oldBody = try row.decode(column: "body", as: String.self)
                let oldHash = try row.decode(column: "password_hash", as: String.self)
                let newHash = passwordHash ?? oldHash
                if oldBody == body && newHash == oldHash { return .unchanged }
                let old = try Self.decode(User.self, oldBody)
                try await db.update("users").set("agency_id", to: user.agencyID).set("password_hash", to: newHash)
                    .set("body", to: body).where("id", .equal, user.id).run()
                let action = old.roles != user.roles || old.agencyID != user.agencyID ? "permission_change" : "update"
                try await Self.appendAudit(db, actor, action, "user", user.id, AuditChain.sha256Hex(body), postgres: postgres)
                // A new password, a move to another agency or a disabled account ends every
                // session and token the user had: none may outlive the credentials or the
                // agency it was issued under.
                if newHash != oldHash || old.agencyID != user.agencyID || (user.disabled && !old.disabled) {
                    try await db.delete(from: "sessions").where("user_id", .equal, user.id).run()
                    let live = try await db.select().column("id").from("api_tokens").where("user_id", .equal, user.id)
                        .where("revoked", .equal, 0).all().map { try $0.decode(column: "id", as: String.self) }
                    for id in live {
                        try await db.update("api_tokens").set("revoked", to: 1).where("id", .equal, id).run()
                        try await Self.appendAudit(db, actor, "revoke", "api_token", id, nil, postgres: postgres)
                    }
                }
                return .updated
            }
            guard let passwordHash else { throw StoreError.invalidRecord("a new user needs a password") }
            try await db.insert(into: "users").columns("id", "agency_id", "password_hash", "body")
                .values(SQLBind(user.id), SQLBind(user.agencyID), SQLBind(passwordHash), SQLBind(body)).run()
            try await Self.appendAudit(db, actor, "create", "user", user.id, AuditChain.sha256Hex(body), postgres: postgres)
            return .inserted
        }
    }

    public func user(id: String) async throws -> (User, passwordHash: String)? {
        let row: (String, String)? = try await withReader { db in
            guard let r = try await db.select().columns("body", "password_hash").from("users").where("id", .equal, id).first() else {
                return nil
            }
            return (try r.decode(column: "body", as: String.self), try r.decode(column: "password_hash", as: String.self))
        }
        guard let row else { return nil }
        return (try Self.decode(User.self, row.0), row.1)
    }

    public func users() async throws -> [User] {
        let bodies = try await withReader { db in
            try await db.select().column("body").from("users").orderBy("id").all().map { try $0.decode(column: "body", as: String.self) }
        }
        return try bodies.map { try Self.decode(User.self, $0) }
    }

    public func createSession(_ s: SessionRecord) async throws {
        try await withDatabase { db in
            try await db.insert(into: "sessions").columns("token_hash", "user_id", "csrf", "created_at", "last_seen")
                .values(SQLBind(s.tokenHash), SQLBind(s.userID), SQLBind(s.csrf), SQLBind(Self.millis(s.createdAt)), SQLBind(Self.millis(s.lastSeen)))
                .run()
        }
    }

    public func session(tokenHash: String) async throws -> SessionRecord? {
        try await withReader { db in
            guard let r = try await db.select().columns("token_hash", "user_id", "csrf", "created_at", "last_seen").from("sessions")
                .where("token_hash", .equal, tokenHash).first()
            else { return nil }
            return SessionRecord(
                tokenHash: try r.decode(column: "token_hash", as: String.self), userID: try r.decode(column: "user_id", as: String.self),
                csrf: try r.decode(column: "csrf", as: String.self),
                createdAt: Self.date(millis: try r.decode(column: "created_at", as: Int64.self)),
                lastSeen: Self.date(millis: try r.decode(column: "last_seen", as: Int64.self)))
        }
    }

    public func touchSession(tokenHash: String, at: Date) async throws {
        try await withDatabase { db in
            try await db.update("sessions").set("last_seen", to: Self.millis(at)).where("token_hash", .equal, tokenHash).run()
        }
    }

    public func deleteSession(tokenHash: String) async throws {
        try await withDatabase { db in try await db.delete(from: "sessions").where("token_hash", .equal, tokenHash).run() }
    }

    public func createToken(_ t: APITokenRecord, by actor: AuditActor) async throws {
        let postgres = backendName == "postgres"
        try await withTransaction { db in
            try await db.insert(into: "api_tokens")
                .columns("id", "token_hash", "user_id", "agency_id", "role", "created_at", "last_used", "revoked")
                .values(
                    SQLBind(t.id), SQLBind(t.tokenHash), SQLBind(t.userID), SQLBind(t.agencyID), SQLBind(t.roles.map(\.rawValue).sorted().joined(separator: ",")),
                    SQLBind(Self.millis(t.createdAt)), SQLBind(t.lastUsed.map(Self.millis)), SQLBind(t.revoked ? 1 : 0)
                ).run()
            try await Self.appendAudit(db, actor, "create", "api_token", t.id, nil, postgres: postgres)
        }
    }

    static func decodeToken(_ r: any SQLRow) throws -> APITokenRecord {
        APITokenRecord(
            id: try r.decode(column: "id", as: String.self), tokenHash: try r.decode(column: "token_hash", as: String.self),
            userID: try r.decode(column: "user_id", as: String.self), agencyID: try r.decode(column: "agency_id", as: String.self),
            roles: Set(try r.decode(column: "role", as: String.self).split(separator: ",").compactMap { Role(rawValue: String($0)) }),
            createdAt: date(millis: try r.decode(column: "created_at", as: Int64.self)),
            lastUsed: try r.decode(column: "last_used", as: Int64?.self).map { date(millis: $0) },
            revoked: try r.decode(column: "revoked", as: Int.self) != 0)
    }

    static let tokenColumns = ["id", "token_hash", "user_id", "agency_id", "role", "created_at", "last_used", "revoked"]

    public func token(hash: String) async throws -> APITokenRecord? {
        try await withReader { db in
            try await db.select().columns(Self.tokenColumns.map { SQLIdentifier($0) }).from("api_tokens")
                .where("token_hash", .equal, hash).first().map(Self.decodeToken)
        }
    }

    public func tokens(userID: String?) async throws -> [APITokenRecord] {
        try await withReader { db in
            var q = db.select().columns(Self.tokenColumns.map { SQLIdentifier($0) }).from("api_tokens")
            if let userID { q = q.where("user_id", .equal, userID) }
            return try await q.orderBy("created_at").all().map(Self.decodeToken)
        }
    }

    public func revokeToken(id: String, by actor: AuditActor) async throws -> Bool {
        let postgres = backendName == "postgres"
        return try await withTransaction { db in
            guard try await db.select().column("id").from("api_tokens").where("id", .equal, id).first() != nil else { return false }
            try await db.update("api_tokens").set("revoked", to: 1).where("id", .equal, id).run()
            try await Self.appendAudit(db, actor, "revoke", "api_token", id, nil, postgres: postgres)
            return true
        }
    }

    public func touchToken(id: String, at: Date) async throws {
        try await withDatabase { db in
            try await db.update("api_tokens").set("last_used", to: Self.millis(at)).where("id", .equal, id).run()
        }
    }

    static func millis(_ d: Date) -> Int64 { Int64((d.timeIntervalSince1970 * 1000).rounded(.down)) }
    static func date(millis: Int64) -> Date { Date(timeIntervalSince1970: Double(millis) / 1000) }

    // MARK: Audit log

    static let auditColumns = [
        "seq", "at_ms", "actor", "agency", "action", "object_type", "object_id", "state_hash", "client", "previous_hash", "hash",
    ]

    /// Appends the next entry inside the caller's transaction. PostgreSQL takes a table
    /// lock so concurrent writers chain one after another; SQLite's writer is already
    /// exclusive (BEGIN IMMEDIATE behind the store's mutex).
    @discardableResult
    static func appendAudit(
        _ db: any SQLDatabase, _ actor: AuditActor, _ action: String, _ objectType: String, _ objectID: String?,
        _ stateHash: String?, postgres: Bool
    ) async throws -> AuditEntry {
        if postgres { try await db.raw("LOCK TABLE audit_log IN EXCLUSIVE MODE").run() }
        let last = try await db.select().columns(auditColumns.map { SQLIdentifier($0) }).from("audit_log")
            .orderBy("seq", .descending).limit(1).first().map(decodeAudit)
        let entry = AuditChain.entry(
            after: last, at: Date(), actor: actor, action: action, objectType: objectType, objectID: objectID,
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
        _ actor: AuditActor, action: String, objectType: String, objectID: String?, stateHash: String?
    ) async throws -> AuditEntry {
        let postgres = backendName == "postgres"
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

    // MARK: Helpers

    static func within(_ box: BoundingBox, _ q: SQLSelectBuilder) -> SQLSelectBuilder {
        q.where("lat", .greaterThanOrEqual, box.minLatitude).where("lat", .lessThanOrEqual, box.maxLatitude)
            .where("lon", .greaterThanOrEqual, box.minLongitude).where("lon", .lessThanOrEqual, box.maxLongitude)
    }

    static func epoch(_ date: Date) -> Int64 { Int64(date.timeIntervalSince1970.rounded(.down)) }

    static func encode(_ value: some Encodable) throws -> String {
        String(decoding: try DateFormats.jsonEncoder().encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ body: String) throws -> T {
        do { return try DateFormats.jsonDecoder().decode(type, from: Data(body.utf8)) } catch {
            throw StoreError.invalidRecord("\(T.self): \(error)")
        }
    }
}
