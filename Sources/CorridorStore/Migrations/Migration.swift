/// One named change to the schema, written once for both dialects.
///
/// Statements use PostgreSQL's type names (`BIGINT`, `DOUBLE PRECISION`); on SQLite they
/// read as `INTEGER` and `REAL`, which is what SQLite stores them as anyway. Only where the
/// meaning differs (JSON functions, `WITHOUT ROWID`) does a statement give each dialect its own
/// text.
///
/// ```swift
/// Migration(
///     "sightings", "cyber sightings by site",
///     "CREATE TABLE sightings (id TEXT PRIMARY KEY, site_id TEXT, seen_at BIGINT NOT NULL, body TEXT NOT NULL)",
///     .dialects(
///         sqlite: "CREATE INDEX sightings_site ON sightings (site_id, json_extract(body, '$.count'))",
///         postgres: "CREATE INDEX sightings_site ON sightings (site_id, ((body::json->>'count')::int))"))
/// ```
public struct Migration: Sendable {
    /// A statement of a migration.
    public enum Statement: Sendable, ExpressibleByStringLiteral {
        /// The same for both dialects, type names mapped.
        case portable(String)
        /// Different text for each dialect.
        case dialects(sqlite: String, postgres: String)

        public init(stringLiteral value: String) { self = .portable(value) }

        /// The text to run on `dialect`.
        public func text(for dialect: Dialect) -> String {
            switch (self, dialect) {
            case (.portable(let text), .postgres): text
            case (.portable(let text), .sqlite): Self.sqliteTypes(text)
            case (.dialects(let sqlite, _), .sqlite): sqlite
            case (.dialects(_, let postgres), .postgres): postgres
            }
        }

        /// PostgreSQL's type names as SQLite spells them: `INTEGER PRIMARY KEY` must stay the
        /// rowid alias it always was, so `BIGINT` becomes `INTEGER`, not SQLite's `BIGINT`.
        static func sqliteTypes(_ text: String) -> String {
            text.replacingOccurrences(of: "DOUBLE PRECISION", with: "REAL")
                .replacingOccurrences(of: "BIGINT", with: "INTEGER")
        }
    }

    /// Stable and unique within its module: the registry records it as applied by this name.
    public let name: String
    /// What it does, for the log and `corridorwatch migrate`.
    public let summary: String
    public let statements: [Statement]

    public init(_ name: String, _ summary: String, _ statements: Statement...) {
        self.name = name
        self.summary = summary
        self.statements = statements
    }

    public init(_ name: String, _ summary: String, statements: [Statement]) {
        self.name = name
        self.summary = summary
        self.statements = statements
    }
}

/// Every module's migrations, in the order they apply. A module registers its own ordered
/// list under its name; the store applies what a database lacks and records each by
/// (module, name) in `schema_migrations_applied`.
///
/// ```swift
/// let registry = MigrationRegistry.corridor.registering(module: "cyber", CyberMigrations.all)
/// let store = try await SQLStore.open(url, logger: logger, migrations: registry)
/// ```
public struct MigrationRegistry: Sendable {
    /// A migration with the module that registered it and its position in the registry (from 1).
    public struct Entry: Sendable {
        public let module: String
        public let migration: Migration
        public let position: Int
    }

    public private(set) var entries: [Entry] = []

    public init() {}

    /// This registry with `migrations` appended under `module`.
    public func registering(module: String, _ migrations: [Migration]) -> MigrationRegistry {
        var copy = self
        for migration in migrations {
            copy.entries.append(Entry(module: module, migration: migration, position: copy.entries.count + 1))
        }
        return copy
    }

    /// The position of the last migration (the schema version a current database has).
    public var latest: Int { entries.count }

    func entry(module: String, name: String) -> Entry? {
        entries.first { $0.module == module && $0.migration.name == name }
    }
}
