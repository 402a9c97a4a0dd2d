import CorridorStore
import Foundation

/// The newest alert sequence number, shared by every open stream of this server: one small
/// query (`MAX(seq)`) per poll interval however many streams are open, instead of one per
/// stream. A stream reads alerts only when this says there are new ones.
public actor AlertFeed {
    let store: any CorridorStore
    let interval: Duration
    private var latest = 0
    private var checkedAt: ContinuousClock.Instant?
    private var inFlight: Task<Int, any Error>?

    public init(store: any CorridorStore, interval: Duration) {
        self.store = store
        self.interval = interval
    }

    /// The newest seq, at most one poll interval old.
    public func latestSeq() async throws -> Int {
        let now = ContinuousClock.now
        if let checkedAt, checkedAt.duration(to: now) < interval { return latest }
        if let inFlight { return try await inFlight.value }
        let task = Task { [store] in try await store.latestAlertSeq() }
        inFlight = task
        defer { inFlight = nil }
        let value = try await task.value
        latest = max(latest, value)
        checkedAt = now
        return latest
    }
}
