/// Errors of the storage layer, each saying what to do about it.
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalidURL(String, String)
    /// The database was migrated by a newer CorridorWatch than this one.
    case schemaTooNew(database: Int, known: Int)
    /// The database has not been migrated (or only partly).
    case schemaBehind(database: Int, known: Int)
    case invalidRecord(String)
    case invalidCursor
    /// A report with this (source, source_ref) exists and another agency (or, for imported
    /// public data, no agency) originated it: only its originator may change it.
    case notOriginator(origin: String?)
    /// No database connection could be had within the wait allowed (the server is down or
    /// unreachable); try again shortly.
    case unavailable(waited: Duration)
    /// The disk holding the database is full (SQLite `SQLITE_FULL`, PostgreSQL `53100`). The
    /// transaction was rolled back whole; writes succeed again once space is freed.
    case storageFull
    /// The database refuses writes: a read-only file or file system (SQLite `SQLITE_READONLY`),
    /// or a PostgreSQL standby or read-only transaction (`25006`). Nothing was written.
    case readOnly

    public var description: String {
        switch self {
        case .invalidURL(let url, let why): "invalid database URL \"\(url)\": \(why)"
        case .schemaTooNew(let db, let known):
            "the database schema is version \(db), newer than this corridorwatch knows (\(known)); "
                + "upgrade corridorwatch instead of running an older one against it"
        case .schemaBehind(let db, let known):
            "the database schema is version \(db) but this corridorwatch needs \(known); run `corridorwatch migrate`"
        case .invalidRecord(let why): "stored record cannot be read: \(why)"
        case .invalidCursor: "the cursor is not one this server issued"
        case .notOriginator(let origin):
            origin.map { "only \($0), which reported this event, may change it" }
                ?? "imported public records change only by re-import"
        case .unavailable(let waited): "no database connection within \(waited); the database is down or unreachable"
        case .storageFull: "the database's disk is full; nothing was written, and writes resume once space is freed"
        case .readOnly: "the database is read-only (file permissions, a read-only file system or a standby); nothing was written"
        }
    }
}
