import CorridorCore
import CorridorStore
import CorridorTestSupport
import Foundation
import SQLKit
import Testing

/// A full disk or a read-only database is named as such, loses nothing already acknowledged,
/// half-writes nothing, and stops mattering once the operator has fixed it.
@Suite struct StorageFaultTests {
    /// `max_page_count` makes SQLite answer exactly as on a full disk (`SQLITE_FULL`), without
    /// filling the machine's: the file may not grow past the pages it has.
    @Test func aFullSQLiteDiskRefusesWritesWholeAndRecovers() async throws {
        try await TestDatabase.withStore(.sqlite) { (store: SQLStore) async throws in
            _ = try await store.save(event: Fixtures.event(ref: "before"))
            try await StorageFaults.capSQLitePages(store, atMost: nil)
            var acknowledged = ["before"]
            var refusal: (any Error)?
            for i in 0..<5_000 {
                do {
                    _ = try await store.save(event: Fixtures.event(ref: "while-full-\(i)"))
                    acknowledged.append("while-full-\(i)")
                } catch {
                    refusal = error
                    break
                }
            }
            #expect(refusal as? StoreError == .storageFull)
            // Every acknowledged write is there, the refused one is not, and the audit chain
            // has no entry for a write that did not happen.
            #expect(try await store.eventCount() == acknowledged.count)
            #expect(try await store.verifyAuditChain().firstBreak == nil)
            let audited = try await store.withSQL { db in
                try await db.raw("SELECT count(*) AS n FROM audit_log WHERE object_type = 'event'").first()?.decode(
                    column: "n", as: Int.self)
            }
            #expect(audited == acknowledged.count)

            try await StorageFaults.capSQLitePages(store, atMost: 1_000_000)
            _ = try await store.save(event: Fixtures.event(ref: "after"))
            #expect(try await store.eventCount() == acknowledged.count + 1)
            #expect(try await store.verifyAuditChain().firstBreak == nil)
        }
    }

    @Test(arguments: TestBackend.available)
    func aReadOnlyDatabaseIsNamedAndWritesNothing(backend: TestBackend) async throws {
        try await TestDatabase.withStore(backend) { (store: SQLStore) async throws in
            let error = await #expect(throws: StoreError.self) {
                try await StorageFaults.refusingWrites(store) { db in
                    try await db.raw("INSERT INTO agencies (id, name, kind, body) VALUES ('ro', 'Read only', 'x', '{}')").run()
                }
            }
            #expect(error == .readOnly)
            #expect(try await store.agencies().contains { $0.id == "ro" } == false)
            // The same connection writes again once the database does.
            _ = try await store.save(event: Fixtures.event(ref: "after"))
            #expect(try await store.eventCount() == 1)
        }
    }
}
