import CorridorCore
import CorridorStore
import CorridorTestSupport
import Foundation
import SQLKit
import Testing

@Suite struct SQLiteDurabilityTests {
    @Test func fileIsInWALModeWithFullSynchronousCommits() async throws {
        try await TestDatabase.withStore(.sqlite) { (store: SQLStore) async throws in
            let (mode, sync) = try await store.withSQL { db in
                (
                    try await db.raw("PRAGMA journal_mode").first()?.decode(column: "journal_mode", as: String.self),
                    try await db.raw("PRAGMA synchronous").first()?.decode(column: "synchronous", as: Int.self)
                )
            }
            #expect(mode == "wal")
            // 2 is FULL: the WAL is fsynced at every commit, so an acknowledged write survives power loss.
            #expect(sync == 2)
        }
    }

    @Test func committedDataSurvivesReopening() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cw-reopen-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = DatabaseURL.sqlite(path: dir.appendingPathComponent("db.sqlite").path)
        let first = try await SQLStore.open(url, logger: TestDatabase.logger)
        _ = try await first.migrate()
        _ = try await first.save(event: Fixtures.event(ref: "kept"))
        await first.close()
        let second = try await SQLStore.open(url, logger: TestDatabase.logger)
        try await second.verifySchema()
        #expect(try await second.events(EventQuery()).items.map(\.sourceRef) == ["kept"])
        await second.close()
    }

    @Test func databaseURLsParseAndHidePasswords() throws {
        #expect(try DatabaseURL("sqlite:./x.sqlite") == .sqlite(path: "./x.sqlite"))
        #expect(try DatabaseURL("sqlite::memory:") == .sqliteMemory)
        let pg = try DatabaseURL("postgres://cw:s%40cret@db.local:6543/corridor")
        #expect(pg == .postgres(host: "db.local", port: 6543, username: "cw", password: "s@cret", database: "corridor"))
        #expect(pg.description == "postgres://cw:***@db.local:6543/corridor")
        #expect(throws: StoreError.self) { try DatabaseURL("mysql://x@y/z") }
        #expect(throws: StoreError.self) { try DatabaseURL("sqlite:") }
    }
}
