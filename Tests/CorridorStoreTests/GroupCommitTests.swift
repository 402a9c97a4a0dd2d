import CorridorAccess
import CorridorCore
import CorridorStore
import CorridorTestSupport
import Foundation
import Testing

/// Concurrent writes share commits (SQLite) or a pool (PostgreSQL); either way each is stored
/// once, the audit chain stays whole, and one writer's refusal is its own. Kept to a few dozen
/// writers: the suite runs beside the others, which share the PostgreSQL pool.
@Suite struct GroupCommitTests {
    @Test(arguments: TestBackend.available)
    func concurrentWritersAreEachStoredOnceInAWholeChain(backend: TestBackend) async throws {
        try await TestDatabase.withStore(backend) { (store: SQLStore) async throws in
            // All at once on SQLite, where they group; eight at a time on PostgreSQL, whose
            // writers queue on the audit chain's lock within the pool's lease wait.
            let width = backend == .sqlite ? 48 : 8
            var outcomes: [SaveOutcome] = []
            for wave in stride(from: 0, to: 48, by: width) {
                outcomes += try await withThrowingTaskGroup(of: SaveOutcome.self) { group in
                    for i in wave..<min(wave + width, 48) {
                        group.addTask {
                            let actor = AuditActor(name: "writer\(i % 8)", agency: "agency\(i % 8)")
                            // Every fourth writer repeats its neighbour's event: one of the two is unchanged.
                            let ref = "concurrent-\(i % 4 == 3 ? i - 1 : i)"
                            return try await store.save(event: Fixtures.event(ref: ref), by: actor).0
                        }
                    }
                    return try await group.reduce(into: [SaveOutcome]()) { $0.append($1) }
                }
            }
            #expect(outcomes.count == 48)
            #expect(outcomes.filter { $0 == .unchanged }.count == 12)
            let stored = try await store.eventCount()
            #expect(stored == 36)
            #expect(outcomes.filter { $0 == .inserted }.count == stored)
            let verified = try await store.verifyAuditChain(pageSize: 64)
            #expect(verified.firstBreak == nil)
            #expect(verified.checked == stored + outcomes.filter { $0 == .updated }.count)
        }
    }

    /// An agency may not overwrite another's report: that refusal, amid a crowd of good writes,
    /// fails alone and takes none of the others with it.
    @Test(arguments: TestBackend.available)
    func oneRefusalInAGroupFailsAlone(backend: TestBackend) async throws {
        try await TestDatabase.withStore(backend) { (store: SQLStore) async throws in
            let owner = AuditActor(name: "owner", agency: "balochistan-police")
            var report = Fixtures.event(ref: "owned")
            report.originAgency = "balochistan-police"
            _ = try await store.save(
                event: report, by: owner, reportedBy: Principal(userID: "owner", agencyID: "balochistan-police", roles: [.analyst]))
            let owned = report
            // As above: all at once on SQLite, eight at a time on PostgreSQL.
            let width = backend == .sqlite ? 30 : 8
            var results: [Int: Bool] = [:]
            for wave in stride(from: 0, to: 30, by: width) {
                results.merge(
                    await withTaskGroup(of: (Int, Bool).self) { group in
                        for i in wave..<min(wave + width, 30) {
                            group.addTask {
                                do {
                                    if i == 15 {
                                        var taken = owned
                                        taken.severity = 5
                                        _ = try await store.save(
                                            event: taken, by: AuditActor(name: "other", agency: "sindh-police"),
                                            reportedBy: Principal(userID: "other", agencyID: "sindh-police", roles: [.analyst]))
                                    } else {
                                        _ = try await store.save(event: Fixtures.event(ref: "good-\(i)"), by: owner)
                                    }
                                    return (i, true)
                                } catch {
                                    return (i, false)
                                }
                            }
                        }
                        return await group.reduce(into: [Int: Bool]()) { $0[$1.0] = $1.1 }
                    }
                ) { a, _ in a }
            }
            #expect(results.filter { !$0.value }.map(\.key) == [15])
            #expect(try await store.eventCount() == 30)
            #expect(try await store.event(id: owned.id)?.severity == owned.severity)
            #expect(try await store.verifyAuditChain().firstBreak == nil)
        }
    }
}
