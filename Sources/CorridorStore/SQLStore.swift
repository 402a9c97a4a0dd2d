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
    /// The migrations this build knows: the platform's and any a capability registered.
    public let migrations: MigrationRegistry
    private let sqliteMutex = AsyncMutex()
    /// SQLite's write transactions, committed in groups (unused on PostgreSQL).
    private let groupCommit: GroupCommit?
    private let clientTask: Task<Void, Never>?
    /// SQLite files only: read-only connections, so reads run beside each other and beside
    /// the writer (WAL gives each a consistent snapshot of the last commit).
    private let sqliteReaders: [SQLiteConnection]
    private let nextReader = Atomic<UInt>(0)
    private let eventWrites = Atomic<UInt64>(0)

    public var eventGeneration: UInt64 { eventWrites.load(ordering: .acquiring) }

    /// Called after a transaction that wrote events committed.
    func eventsChanged() { eventWrites.wrappingAdd(1, ordering: .releasing) }

    public var dialect: Dialect {
        switch connection {
        case .sqlite: .sqlite
        case .postgres: .postgres
        }
    }

    private init(
        connection: Connection, clientTask: Task<Void, Never>?, sqliteReaders: [SQLiteConnection] = [], logger: Logger,
        migrations: MigrationRegistry, connectionWait: Duration = .seconds(3)
    ) {
        self.migrations = migrations
        self.postgresLeaseWait = connectionWait
        self.connection = connection
        self.clientTask = clientTask
        self.sqliteReaders = sqliteReaders
        self.logger = logger
        if case .sqlite(let conn) = connection {
            groupCommit = GroupCommit(lock: sqliteMutex, database: conn.sql(queryLogLevel: .trace))
        } else {
            groupCommit = nil
        }
    }

    /// How many read connections a SQLite file gets.
    static let sqliteReaderCount = 4

    /// Opens the database. SQLite files are created if missing and put in WAL mode with
    /// `synchronous=FULL`, so a commit that returned is on disk (docs/operations.md).
    ///
    /// - Parameters:
    ///   - migrations: the schema this build expects: the platform's own, plus those a
    ///     capability registers (``MigrationRegistry/registering(module:_:)``).
    ///   - connectionWait: on PostgreSQL, how long an operation waits for a pooled connection
    ///     before it fails with ``StoreError/unavailable(waited:)`` (a 503 with Retry-After).
    public static func open(
        _ url: DatabaseURL, logger: Logger, migrations: MigrationRegistry = .corridor, connectionWait: Duration = .seconds(3)
    ) async throws -> SQLStore {
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
            return SQLStore(
                connection: .sqlite(conn), clientTask: nil, sqliteReaders: readers, logger: logger, migrations: migrations)
        case .postgres(let host, let port, let username, let password, let database):
            let config = PostgresClient.Configuration(
                host: host, port: port, username: username, password: password, database: database, tls: .disable)
            let client = PostgresClient(configuration: config, backgroundLogger: logger)
            let task = Task { await client.run() }
            let store = SQLStore(
                connection: .postgres(client), clientTask: task, logger: logger, migrations: migrations, connectionWait: connectionWait)
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
        do {
            switch connection {
            case .sqlite(let conn):
                return try await sqliteMutex.withLock { try await body(conn.sql(queryLogLevel: .trace)) }
            case .postgres(let client):
                return try await Self.leasing(client, within: postgresLeaseWait) { conn in try await body(conn.sql(queryLogLevel: .trace)) }
            }
        } catch {
            throw StoreError.storageFault(error)
        }
    }

    /// How long a PostgreSQL operation waits for a connection before ``StoreError/unavailable(waited:)``.
    /// The pool keeps reconnecting on its own; without a bound, every request would hang
    /// for as long as the database is away.
    let postgresLeaseWait: Duration

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
        do {
            switch connection {
            case .sqlite(let conn):
                guard let groupCommit else {
                    return try await sqliteMutex.withLock { try await run(conn.sql(queryLogLevel: .trace), begin: "BEGIN IMMEDIATE") }
                }
                let value = try await groupCommit.run { db in try await body(db) }
                guard let result = value as? T else { throw StoreError.invalidRecord("a grouped transaction returned \(type(of: value))") }
                return result
            case .postgres(let client):
                return try await Self.leasing(client, within: postgresLeaseWait) { conn in
                    try await run(conn.sql(queryLogLevel: .trace), begin: "BEGIN")
                }
            }
        } catch {
            throw StoreError.storageFault(error)
        }
    }

    /// SQLite only (nil for PostgreSQL): runs `body` on the raw connection in one IMMEDIATE
    /// transaction, under the store's lock. For bulk writes where SQLKit's per-value encoding
    /// is the bottleneck (vessel positions); values are still bound, never spliced into SQL.
    func withSQLiteTransaction<T: Sendable>(_ body: @Sendable (SQLiteConnection) async throws -> T) async throws -> T? {
        guard case .sqlite(let conn) = connection else { return nil }
        return try await sqliteMutex.withLock {
            do {
                _ = try await conn.query("BEGIN IMMEDIATE")
            } catch {
                throw StoreError.storageFault(error)
            }
            do {
                let result = try await body(conn)
                _ = try await conn.query("COMMIT")
                return result
            } catch {
                _ = try? await conn.query("ROLLBACK")
                throw StoreError.storageFault(error)
            }
        }
    }

    /// PostgreSQL only (nil for SQLite): runs `body` on a leased connection in one
    /// transaction. For what SQLKit cannot express: `COPY … FROM STDIN` (vessel positions).
    func withPostgresTransaction<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T? {
        guard case .postgres(let client) = connection else { return nil }
        let logger = logger
        return try await Self.leasing(client, within: postgresLeaseWait) { conn in
            do {
                _ = try await conn.query("BEGIN", logger: logger)
            } catch {
                throw StoreError.storageFault(error)
            }
            do {
                let result = try await body(conn)
                _ = try await conn.query("COMMIT", logger: logger)
                return result
            } catch {
                _ = try? await conn.query("ROLLBACK", logger: logger)
                throw StoreError.storageFault(error)
            }
        }
    }

    // MARK: Schema

    public func migrate() async throws -> [Int] { try await migrate(through: migrations.latest) }

    /// Applies the registry's migrations the database lacks, in order, up to and including
    /// `position` (for tests of upgrades from older schemas); returns their positions.
    public func migrate(through position: Int) async throws -> [Int] {
        try await adoptVersionedSchema()
        let applied = try await appliedMigrations()
        if let unknown = applied.first(where: { migrations.entry(module: $0.module, name: $0.name) == nil }) {
            logger.error(
                "the database has a migration this build does not know", metadata: ["migration": "\(unknown.module)/\(unknown.name)"])
            throw StoreError.schemaTooNew(database: applied.count, known: migrations.latest)
        }
        let done = Set(applied.map { "\($0.module)/\($0.name)" })
        let dialect = dialect
        var ran: [Int] = []
        for entry in migrations.entries where entry.position <= position && !done.contains("\(entry.module)/\(entry.migration.name)") {
            try await withTransaction { db in
                for statement in entry.migration.statements {
                    try await db.raw(SQLQueryString(statement.text(for: dialect))).run()
                }
                try await Self.record(entry, in: db)
            }
            logger.info(
                "applied migration",
                metadata: ["position": "\(entry.position)", "module": "\(entry.module)", "name": "\(entry.migration.summary)"])
            ran.append(entry.position)
        }
        return ran
    }

    /// How many migrations the database has applied (the schema version it is at).
    public func schemaVersion() async throws -> Int {
        if try await tableExists("schema_migrations_applied") { return try await appliedMigrations().count }
        // A database from before the registry, until `migrate` carries it over.
        guard try await tableExists("schema_migrations") else { return 0 }
        return try await withDatabase { db in
            try await db.raw("SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations").first()?.decode(column: "v", as: Int.self) ?? 0
        }
    }

    public func verifySchema() async throws {
        let known = migrations.latest
        guard try await tableExists("schema_migrations_applied") else {
            throw StoreError.schemaBehind(database: try await schemaVersion(), known: known)
        }
        let applied = try await appliedMigrations()
        if applied.contains(where: { migrations.entry(module: $0.module, name: $0.name) == nil }) {
            throw StoreError.schemaTooNew(database: applied.count, known: known)
        }
        if applied.count < known { throw StoreError.schemaBehind(database: applied.count, known: known) }
    }

    private func tableExists(_ name: String) async throws -> Bool {
        try await withDatabase { db in
            switch self.connection {
            case .sqlite:
                try await db.raw("SELECT name FROM sqlite_master WHERE type = 'table' AND name = \(bind: name)").first() != nil
            case .postgres:
                try await db.raw("SELECT to_regclass(\(bind: name)) IS NOT NULL AS present").first()?
                    .decode(column: "present", as: Bool.self) ?? false
            }
        }
    }

    private func appliedMigrations() async throws -> [(module: String, name: String)] {
        guard try await tableExists("schema_migrations_applied") else { return [] }
        return try await withDatabase { db in
            try await db.raw("SELECT module, name FROM schema_migrations_applied ORDER BY position").all().map {
                (try $0.decode(column: "module", as: String.self), try $0.decode(column: "name", as: String.self))
            }
        }
    }

    private static func record(
        _ entry: MigrationRegistry.Entry, in db: any SQLDatabase, at time: String = DateFormats.format(Date())
    )
        async throws
    {
        try await db.insert(into: "schema_migrations_applied")
            .columns("module", "name", "position", "applied_at")
            .values(SQLBind(entry.module), SQLBind(entry.migration.name), SQLBind(entry.position), SQLBind(time))
            .run()
    }

    /// Creates the registry's table, carrying over a database made before it: version N of
    /// `schema_migrations` is the platform's N-th migration. The old table then gets a row of
    /// version 1000, so an older corridorwatch refuses the database instead of running against
    /// a schema it does not know.
    private func adoptVersionedSchema() async throws {
        guard try await !tableExists("schema_migrations_applied") else { return }
        let legacy = try await tableExists("schema_migrations")
        let platform = migrations.entries.filter { $0.module == CorridorMigrations.module }
        try await withTransaction { db in
            try await db.raw(
                """
                CREATE TABLE schema_migrations_applied (
                  module TEXT NOT NULL, name TEXT NOT NULL, position INTEGER NOT NULL, applied_at TEXT NOT NULL,
                  PRIMARY KEY (module, name))
                """
            ).run()
            guard legacy else { return }
            let rows = try await db.raw("SELECT version, applied_at FROM schema_migrations WHERE version < 1000 ORDER BY version").all()
            for row in rows {
                let version = try row.decode(column: "version", as: Int.self)
                guard version >= 1, version <= platform.count else {
                    throw StoreError.schemaTooNew(database: version, known: platform.count)
                }
                try await Self.record(platform[version - 1], in: db, at: try row.decode(column: "applied_at", as: String.self))
            }
            try await db.raw(
                """
                INSERT INTO schema_migrations (version, name, applied_at)
                  VALUES (1000, 'moved to schema_migrations_applied (the migration registry)', \(bind: DateFormats.format(Date())))
                """
            ).run()
        }
        if legacy { logger.info("carried the schema's version history over to the migration registry") }
    }

    public func ping() async throws {
        _ = try await withDatabase { db in try await db.raw("SELECT 1 AS one").first() }
    }

    // MARK: Helpers

    /// Milliseconds since 1970, clamped to ±(year 10000) so no date, however it was made,
    /// can overflow the integer (a trap); inputs are checked well inside that range.
    static func millis(_ d: Date) -> Int64 {
        let ms = (d.timeIntervalSince1970 * 1000).rounded(.down)
        guard ms.isFinite else { return 0 }
        return Int64(min(max(ms, -253_402_300_800_000), 253_402_300_800_000))
    }
    static func date(millis: Int64) -> Date { Date(timeIntervalSince1970: Double(millis) / 1000) }

    static func within(_ box: BoundingBox, _ q: SQLSelectBuilder) -> SQLSelectBuilder {
        q.where("lat", .greaterThanOrEqual, box.minLatitude).where("lat", .lessThanOrEqual, box.maxLatitude)
            .where("lon", .greaterThanOrEqual, box.minLongitude).where("lon", .lessThanOrEqual, box.maxLongitude)
    }

    /// Seconds since 1970, clamped as ``millis(_:)`` is.
    static func epoch(_ date: Date) -> Int64 {
        let seconds = date.timeIntervalSince1970.rounded(.down)
        guard seconds.isFinite else { return 0 }
        return Int64(min(max(seconds, -253_402_300_800), 253_402_300_800))
    }

    static func encode(_ value: some Encodable) throws -> String {
        String(decoding: try DateFormats.jsonEncoder().encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ body: String) throws -> T {
        do { return try DateFormats.jsonDecoder().decode(type, from: Data(body.utf8)) } catch {
            throw StoreError.invalidRecord("\(T.self): \(error)")
        }
    }
}
