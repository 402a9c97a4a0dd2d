/// Errors of the storage layer, each saying what to do about it.
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalidURL(String, String)
    /// The database was migrated by a newer CorridorWatch than this one.
    case schemaTooNew(database: Int, known: Int)
    /// The database has not been migrated (or only partly).
    case schemaBehind(database: Int, known: Int)
    case invalidRecord(String)
    case invalidCursor

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
        }
    }
}
