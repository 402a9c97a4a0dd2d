import CorridorAIS
import Foundation

/// Counts of one feed's work so far: what was read and decoded, stored, dropped.
public struct IngestCounts: Sendable, Equatable {
    public var bytes = 0
    /// The decoder's accounting of every line (sentences, messages by type, bad checksums,
    /// incomplete multi-part, rejected lines with reasons).
    public var decoder = AISDecoder.Summary()
    public var overlongLines = 0
    /// Position reports whose position is "not available"; counted, not stored.
    public var positionsWithoutFix = 0
    public var positionsStored = 0
    /// Positions already stored for the same vessel and millisecond (the same report heard twice).
    public var positionsDuplicate = 0
    public var staticReports = 0
    public var batchesStored = 0
    /// UDP only: batches (and their positions) dropped because the store fell behind.
    public var droppedBatches = 0
    public var droppedPositions = 0
    public var connections = 0
    /// Failed connection attempts and lost connections of a TCP feed.
    public var connectionFailures = 0
    /// The port a UDP feed listens on (useful with port 0).
    public var listeningPort: Int?
    /// Seconds between the newest receive time in the last stored batch and its storing.
    public var lagSeconds: Double?
    /// Time spent in store transactions.
    public var storeSeconds = 0.0
    /// Batches tried again because the database was away (down, full or read-only); the
    /// batch is kept and stored once it is back.
    public var storeRetries = 0

    public init() {}
}

/// Live statistics of a feed, readable while it runs, with waiting for a condition (for
/// tests and for the command line's progress) instead of polling.
public actor IngestStatistics {
    public private(set) var counts = IngestCounts()
    private var waiters: [(predicate: @Sendable (IngestCounts) -> Bool, continuation: CheckedContinuation<IngestCounts, Never>)] = []

    public init() {}

    func update(_ body: (inout IngestCounts) -> Void) {
        body(&counts)
        guard !waiters.isEmpty else { return }
        var still: [(predicate: @Sendable (IngestCounts) -> Bool, continuation: CheckedContinuation<IngestCounts, Never>)] = []
        for w in waiters {
            if w.predicate(counts) { w.continuation.resume(returning: counts) } else { still.append(w) }
        }
        waiters = still
    }

    /// Resumes every waiter with the final counts (the feed ended).
    func close() {
        for w in waiters { w.continuation.resume(returning: counts) }
        waiters.removeAll()
    }

    /// Returns once `predicate` holds for the counts (at once if it already does), or with the
    /// final counts when the feed ends first.
    public func wait(until predicate: @escaping @Sendable (IngestCounts) -> Bool) async -> IngestCounts {
        if predicate(counts) { return counts }
        return await withCheckedContinuation { waiters.append((predicate, $0)) }
    }
}
