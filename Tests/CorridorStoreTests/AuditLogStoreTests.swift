import CorridorAccess
import CorridorCore
import CorridorStore
import CorridorTestSupport
import Foundation
import SQLKit
import Testing

/// The audit log on both backends: every change is chained, and rows edited, deleted or
/// reordered directly in the database are detected.
@Suite struct AuditLogStoreTests {
    let analyst = AuditActor(name: "analyst1", agency: "balochistan-police", client: "127.0.0.1")

    func fill(_ store: SQLStore) async throws {
        _ = try await store.save(site: Fixtures.site(), by: analyst)
        _ = try await store.save(event: Fixtures.event(ref: "a"), by: analyst)
        _ = try await store.save(event: Fixtures.event(ref: "a"), by: analyst) // unchanged: no entry
        var revised = Fixtures.event(ref: "a")
        revised.severity = 5
        _ = try await store.save(event: revised, by: analyst)
        try await store.appendAudit(analyst, action: "export", objectType: "events", objectID: nil, stateHash: nil)
    }

    @Test(arguments: TestBackend.available)
    func changesAreChainedWithActorAndStateHash(backend: TestBackend) async throws {
        try await TestDatabase.withStore(backend) { (store: SQLStore) async throws in
            try await fill(store)
            let log = try await store.auditLog(AuditQuery())
            #expect(log.map(\.action) == ["export", "update", "create", "create"])
            #expect(log.map(\.seq) == [4, 3, 2, 1])
            #expect(log.allSatisfy { $0.actor == "analyst1" && $0.agency == "balochistan-police" && $0.client == "127.0.0.1" })
            let stored = try #require(try await store.event(id: Event.stableID(source: "test", sourceRef: "a")))
            let body = String(decoding: try DateFormats.jsonEncoder().encode(stored), as: UTF8.self)
            #expect(log[1].stateHash == AuditChain.sha256Hex(body))
            #expect(try await store.auditLog(AuditQuery(objectType: "site")).map(\.objectID) == ["gwadar-port"])
            let verified = try await store.verifyAuditChain(pageSize: 2)
            #expect(verified.checked == 4 && verified.firstBreak == nil)
        }
    }

    @Test(arguments: TestBackend.available)
    func anEditedRowIsDetected(backend: TestBackend) async throws {
        try await TestDatabase.withStore(backend) { (store: SQLStore) async throws in
            try await fill(store)
            try await store.withSQL { db in try await db.raw("UPDATE audit_log SET actor = \(bind: "admin") WHERE seq = \(bind: 2)").run() }
            #expect(try await store.verifyAuditChain().firstBreak?.seq == 2)
        }
    }

    @Test(arguments: TestBackend.available)
    func aDeletedRowIsDetected(backend: TestBackend) async throws {
        try await TestDatabase.withStore(backend) { (store: SQLStore) async throws in
            try await fill(store)
            try await store.withSQL { db in try await db.raw("DELETE FROM audit_log WHERE seq = \(bind: 2)").run() }
            let broken = try await store.verifyAuditChain().firstBreak
            #expect(broken?.seq == 3)
            #expect(broken?.reason.contains("deleted or reordered") == true)
        }
    }

    @Test(arguments: TestBackend.available)
    func reorderedRowsAreDetected(backend: TestBackend) async throws {
        try await TestDatabase.withStore(backend) { (store: SQLStore) async throws in
            try await fill(store)
            // Swap two rows' sequence numbers, as an attacker reordering history would.
            try await store.withSQL { db in
                try await db.raw("UPDATE audit_log SET seq = \(bind: 100) WHERE seq = \(bind: 2)").run()
                try await db.raw("UPDATE audit_log SET seq = \(bind: 2) WHERE seq = \(bind: 3)").run()
                try await db.raw("UPDATE audit_log SET seq = \(bind: 3) WHERE seq = \(bind: 100)").run()
            }
            #expect(try await store.verifyAuditChain().firstBreak?.seq == 2)
        }
    }
}
