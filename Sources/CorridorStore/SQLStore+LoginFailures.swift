import CorridorAccess
import Foundation
import SQLKit

/// The sign-in throttle's failures, in the database: every `serve` instance on it counts the
/// same ones. Rows older than the throttle's window are deleted as new failures arrive, so the
/// table holds at most one window's failures: per client address (an IPv6 /64) at most ten
/// times the account limit, two rows each, and keys of at most 80 bytes (usernames) or an
/// address, so a row stays small.
extension SQLStore {
    public func failures(keys: [String], since: Date) async throws -> [String: Int] {
        guard !keys.isEmpty else { return [:] }
        let cutoff = Self.millis(since)
        return try await withDatabase { db in
            let rows = try await db.select().column("key").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
                .from("login_failures").where("key", .in, keys).where("at_ms", .greaterThan, cutoff).groupBy("key").all()
            var counts: [String: Int] = [:]
            for row in rows { counts[try row.decode(column: "key", as: String.self)] = try row.decode(column: "n", as: Int.self) }
            return counts
        }
    }

    public func recordFailure(keys: [String], at: Date, forgettingBefore cutoff: Date) async throws {
        let time = Self.millis(at)
        let forget = Self.millis(cutoff)
        try await withTransaction { db in
            try await db.delete(from: "login_failures").where("at_ms", .lessThanOrEqual, forget).run()
            guard !keys.isEmpty else { return }
            var insert = db.insert(into: "login_failures").columns("key", "at_ms")
            for key in keys { insert = insert.values(SQLBind(key), SQLBind(time)) }
            try await insert.run()
        }
    }

    public func clearFailures(key: String) async throws {
        try await withTransaction { db in try await db.delete(from: "login_failures").where("key", .equal, key).run() }
    }
}
