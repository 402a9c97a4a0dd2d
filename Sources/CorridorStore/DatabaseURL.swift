import Foundation

/// Where the data lives: `sqlite:PATH` (or `sqlite::memory:`) or
/// `postgres://user:pass@host:port/db` (also `postgresql://`).
///
/// ```swift
/// let url = try DatabaseURL("postgres://postgres@127.0.0.1:54329/postgres")
/// ```
public enum DatabaseURL: Sendable, Equatable, CustomStringConvertible {
    case sqlite(path: String)
    case sqliteMemory
    case postgres(host: String, port: Int, username: String, password: String?, database: String?)

    public init(_ text: String) throws(StoreError) {
        if text.hasPrefix("sqlite:") {
            var path = String(text.dropFirst("sqlite:".count))
            if path.hasPrefix("//") { path.removeFirst(2) }
            if path == ":memory:" {
                self = .sqliteMemory
                return
            }
            guard !path.isEmpty else { throw .invalidURL(text, "sqlite: needs a file path, e.g. sqlite:./corridorwatch.sqlite") }
            self = .sqlite(path: path)
            return
        }
        guard text.hasPrefix("postgres://") || text.hasPrefix("postgresql://"), let url = URL(string: text),
            let host = url.host, !host.isEmpty
        else {
            throw .invalidURL(text, "expected sqlite:PATH or postgres://user:pass@host:port/db")
        }
        guard let user = url.user, !user.isEmpty else { throw .invalidURL(text, "the PostgreSQL URL names no user") }
        let db = url.path.split(separator: "/").first.map(String.init)
        self = .postgres(
            host: host, port: url.port ?? 5432, username: user.removingPercentEncoding ?? user,
            password: url.password.map { $0.removingPercentEncoding ?? $0 }, database: db)
    }

    /// The URL with any password hidden, for logs.
    public var description: String {
        switch self {
        case .sqlite(let path): "sqlite:\(path)"
        case .sqliteMemory: "sqlite::memory:"
        case .postgres(let host, let port, let user, let password, let db):
            "postgres://\(user)\(password == nil ? "" : ":***")@\(host):\(port)/\(db ?? "")"
        }
    }
}
