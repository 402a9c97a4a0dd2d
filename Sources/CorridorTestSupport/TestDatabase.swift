import CorridorStore
import Foundation
import Logging
import PostgresNIO

/// The storage backends a test runs against.
///
/// SQLite always runs. PostgreSQL runs when `CORRIDORWATCH_TEST_POSTGRES_URL` names a server
/// (`.ci/run` starts one); under `CI=true` it is always listed, so a missing server fails
/// the tests instead of silently skipping them.
public enum TestBackend: String, Sendable, CaseIterable {
    case sqlite, postgres

    public static var available: [TestBackend] {
        let env = ProcessInfo.processInfo.environment
        if env["CORRIDORWATCH_TEST_POSTGRES_URL"] != nil || env["CI"] == "true" { return [.sqlite, .postgres] }
        return [.sqlite]
    }
}

public enum TestDatabaseError: Error, CustomStringConvertible {
    case postgresNotConfigured
    public var description: String {
        "CI=true but CORRIDORWATCH_TEST_POSTGRES_URL is not set: PostgreSQL tests must run in CI (see .ci/run)"
    }
}

/// A fresh, migrated, empty store per test: a temporary SQLite file, or a new PostgreSQL
/// database created for the test and dropped after it.
public enum TestDatabase {
    public static var logger: Logger {
        var l = Logger(label: "test")
        l.logLevel = .warning
        return l
    }

    /// Calls `body` with a new store, then removes it whether `body` threw or not.
    public static func withStore<T: Sendable>(
        _ backend: TestBackend, migrate: Bool = true, migrations: MigrationRegistry = .corridor,
        _ body: (SQLStore) async throws -> T
    ) async throws -> T {
        switch backend {
        case .sqlite:
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cw-test-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: dir) }
            let store = try await SQLStore.open(
                .sqlite(path: dir.appendingPathComponent("test.sqlite").path), logger: logger, migrations: migrations)
            do {
                if migrate { _ = try await store.migrate() }
                let result = try await body(store)
                await store.close()
                return result
            } catch {
                await store.close()
                throw error
            }
        case .postgres:
            guard let text = ProcessInfo.processInfo.environment["CORRIDORWATCH_TEST_POSTGRES_URL"] else {
                throw TestDatabaseError.postgresNotConfigured
            }
            guard case .postgres(let host, let port, let user, let password, _) = try DatabaseURL(text) else {
                throw StoreError.invalidURL(text, "CORRIDORWATCH_TEST_POSTGRES_URL must be a postgres:// URL")
            }
            let name = "cw_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
            try await admin(host: host, port: port, user: user, password: password, "CREATE DATABASE \(name)")
            let store = try await SQLStore.open(
                .postgres(host: host, port: port, username: user, password: password, database: name), logger: logger,
                migrations: migrations, connectionWait: .seconds(30))
            do {
                if migrate { _ = try await store.migrate() }
                let result = try await body(store)
                await store.close()
                try await admin(host: host, port: port, user: user, password: password, "DROP DATABASE \(name)")
                return result
            } catch {
                await store.close()
                try? await admin(host: host, port: port, user: user, password: password, "DROP DATABASE \(name)")
                throw error
            }
        }
    }

    /// Runs one statement on the server's `postgres` database (names come from this file only).
    static func admin(host: String, port: Int, user: String, password: String?, _ sql: String) async throws {
        let client = PostgresClient(
            configuration: .init(host: host, port: port, username: user, password: password, database: "postgres", tls: .disable),
            backgroundLogger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            try await client.query(PostgresQuery(unsafeSQL: sql))
        }
    }
}
