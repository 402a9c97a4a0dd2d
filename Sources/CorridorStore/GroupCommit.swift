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
/// One transaction's failure is its own: the group is rolled back, the failing one is
/// answered with its error, and the others run again as a group. The transactions are
/// database work only (every side effect waits for the commit), so running one again is safe.
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
    /// pages a savepoint journals whole pages). If a job fails, the group is rolled back, that
    /// job is answered with its error, and the others run again as a group. The failing job
    /// decided on the state the jobs before it left, and those run again from the same state
    /// and write the same, so its answer holds at that place in the commit order; it wrote
    /// nothing. A refusal costs one rerun, not one per job.
    private func commit(_ group: [Job]) async {
        var group = group
        var failures = 0
        while !group.isEmpty {
            // Failing again and again (a full disk fails every job): one transaction each, so
            // the reruns stay linear.
            let batch = failures < 3 ? group : [group[0]]
            switch await transaction(batch.map(\.work)) {
            case .committed(let values):
                for (job, value) in zip(batch, values) { job.done.resume(returning: value) }
                group.removeFirst(batch.count)
                if failures < 3 { return }
            case .failed(let index, let error):
                failures += 1
                group.remove(at: index).done.resume(throwing: error)
            case .lost(let error):
                for job in batch { job.done.resume(throwing: error) }
                group.removeFirst(batch.count)
                if failures < 3 { return }
            }
        }
    }

    private enum Outcome {
        case committed([any Sendable])
        /// Job `index` threw; the transaction was rolled back.
        case failed(index: Int, error: any Error)
        /// The transaction could not begin or commit: none of it is stored.
        case lost(any Error)
    }

    /// Runs `works` in order in one transaction; their values once it has committed.
    private func transaction(_ works: [Work]) async -> Outcome {
        do {
            try await database.raw("BEGIN IMMEDIATE").run()
        } catch {
            return .lost(error)
        }
        var values: [any Sendable] = []
        for (index, work) in works.enumerated() {
            do {
                values.append(try await work(database))
            } catch {
                try? await database.raw("ROLLBACK").run()
                return .failed(index: index, error: error)
            }
        }
        do {
            try await database.raw("COMMIT").run()
            return .committed(values)
        } catch {
            try? await database.raw("ROLLBACK").run()
            return .lost(error)
        }
    }
}
