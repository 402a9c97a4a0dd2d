/// The SQL a database speaks. Statements are written once where both agree; where they differ
/// (upserts, types, locking, index hints) the code switches on this, never on a name.
///
/// ```swift
/// let insert = store.dialect == .postgres ? "... RETURNING seq" : "..."
/// ```
public enum Dialect: String, Sendable, CaseIterable {
    case sqlite
    case postgres
}

extension StoreLifecycle {
    /// `sqlite` or `postgres`, for messages.
    public var backendName: String { dialect.rawValue }
}
