import SQLKit
import Synchronization

/// Write transactions on SQLite's one connection, committed in groups.
///
/// Each transaction used to pay its own `COMMIT`, and with `synchronous=FULL` a commit is an
/// fsync of the WAL: at 64 concurrent writers the disk, not the work, set the pace. Here
/// transactions that arrive while a commit is under way queue up; the next group runs them
/// one after another inside a single transaction and commits once. A caller hears back only after the commit that holds its writes, so an acknowledged
/// write is as durable as before.
///
/// One transaction's failure is its own: the group is rolled back and run again one
/// transaction at a time, so the others still commit and the failing one fails alone. The
/// transactions are database work only (every side effect waits for the commit), so running
/// one again is safe.
final class GroupCommit: Sendable {
    typealias Work = @Sendable (any SQLDatabase) async throws -> any Sendable

    private struct Job: Sendable {
        let work: Work
        let done: CheckedContinuation<any Sendable, any Error>
    }

    private struct Queue: Sendable {
        var pending: [Job] = []
        var draining = false
    }

    /// Transactions per group at most: bounds how long the first of a group waits.
    static let maximumGroup = 256

    private let queue = Mutex(Queue())
    private let lock: AsyncMutex
    private let database: any SQLDatabase

    /// `lock` is held for each group, so other users of the connection take turns with it.
    init(lock: AsyncMutex, database: any SQLDatabase) {
        self.lock = lock
        self.database = database
    }

    /// Runs `work` in a transaction, shared with others that arrive meanwhile; returns once
    /// that transaction has committed.
    func run(_ work: @escaping Work) async throws -> any Sendable {
        try await withCheckedThrowingContinuation { done in
            let start = queue.withLock { q in
                q.pending.append(Job(work: work, done: done))
                if q.draining { return false }
                q.draining = true
                return true
            }
            if start { Task { await self.drain() } }
        }
    }

    private func drain() async {
        while true {
            let group = queue.withLock { q -> [Job] in
                guard !q.pending.isEmpty else {
                    q.draining = false
                    return []
                }
                let group = Array(q.pending.prefix(Self.maximumGroup))
                q.pending.removeFirst(group.count)
                return group
            }
            if group.isEmpty { return }
            // `commit` answers every job itself and never throws.
            _ = try? await lock.withLock { await self.commit(group) }
        }
    }

    /// Runs the group in one transaction, optimistically: no savepoint per job (with 64 KiB
    /// pages a savepoint journals whole pages). If a job fails, the group is rolled back and
    /// its jobs run again one transaction each, so the failure stays that job's own.
    private func commit(_ group: [Job]) async {
        if group.count > 1 {
            switch await transaction(group.map(\.work)) {
            case .success(let values):
                for (job, value) in zip(group, values) { job.done.resume(returning: value) }
                return
            case .failure:
                break
            }
        }
        for job in group {
            switch await transaction([job.work]) {
            case .success(let values):
                if let value = values.first { job.done.resume(returning: value) } else { job.done.resume(throwing: GroupLost()) }
            case .failure(let error):
                job.done.resume(throwing: error)
            }
        }
    }

    /// Runs `works` in order in one transaction; their values once it has committed.
    private func transaction(_ works: [Work]) async -> Result<[any Sendable], any Error> {
        do {
            try await database.raw("BEGIN IMMEDIATE").run()
        } catch {
            return .failure(error)
        }
        do {
            var values: [any Sendable] = []
            for work in works { values.append(try await work(database)) }
            try await database.raw("COMMIT").run()
            return .success(values)
        } catch {
            try? await database.raw("ROLLBACK").run()
            return .failure(error)
        }
    }

    /// Not expected: a one-job transaction that committed without a value.
    struct GroupLost: Error {}
}
