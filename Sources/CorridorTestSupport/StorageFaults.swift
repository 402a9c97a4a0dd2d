import CorridorStore
import SQLKit

/// Storage faults made on purpose, for the tests that show what a full disk or a read-only
/// database does to a write (docs/operations.md, "Durability").
public enum StorageFaults {
    /// Caps a SQLite file at its current size (`nil`) or at `pages`: SQLite then answers
    /// `SQLITE_FULL` exactly as on a full disk, without filling the machine's.
    public static func capSQLitePages(_ store: SQLStore, atMost pages: Int?) async throws {
        try await store.withSQL { db in
            var limit = pages ?? 0
            if pages == nil {
                limit = try await db.raw("PRAGMA page_count").first()?.decode(column: "page_count", as: Int.self) ?? 0
            }
            try await db.raw(SQLQueryString("PRAGMA max_page_count=\(unsafeRaw: String(limit))")).run()
        }
    }

    /// Runs `body` on one connection that refuses writes as a read-only database does
    /// (SQLite `query_only`, as a read-only file; a PostgreSQL read-only transaction, as a
    /// standby), then lets that connection write again, whatever `body` did.
    public static func refusingWrites(_ store: SQLStore, _ body: @escaping @Sendable (any SQLDatabase) async throws -> Void) async throws {
        let (enter, leave) =
            switch store.dialect {
            case .sqlite: ("PRAGMA query_only=1", "PRAGMA query_only=0")
            case .postgres: ("BEGIN READ ONLY", "ROLLBACK")
            }
        try await store.withSQL { db in
            try await db.raw(SQLQueryString(enter)).run()
            do {
                try await body(db)
            } catch {
                try await db.raw(SQLQueryString(leave)).run()
                throw error
            }
            try await db.raw(SQLQueryString(leave)).run()
        }
    }
}
