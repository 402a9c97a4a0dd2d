import CorridorCore
import CorridorStore
import Foundation

/// The dashboard's and `/api/v1/stats`' view of the events one reader may see: counts by
/// domain and province made in the database, and the newest events for the map.
///
/// Views are kept per reader in ``FreshViews``: without them every dashboard view counted
/// every readable event.
public final class EventViews: Sendable {
    /// What a reader may see: counts that reveal no hidden record, how many are recent, and
    /// the newest events for the map.
    public struct Visible: Sendable {
        public var tally: [EventTally]
        public var recent: Int
        /// The tally of events occurred since `recentFrom` alone.
        public var recentTally: [EventTally]
        /// The newest events, only from `recentFrom` on when it is given: history is never
        /// shown as the current picture.
        public var latest: [Event]
    }

    private struct Key: Hashable {
        var reader: Principal?
        var since: Date?
        var recentFrom: Date?
        var keepLatest: Int
    }

    let store: any CorridorStore
    private let cache: FreshViews<Key, Visible>

    public init(store: any CorridorStore, maximumAge: Duration = .seconds(2)) {
        self.store = store
        self.cache = FreshViews(maximumAge: maximumAge)
    }

    public func visible(to reader: Principal?, since: Date?, recentFrom: Date? = nil, keepLatest: Int = 0) async throws -> Visible {
        let key = Key(reader: reader, since: since, recentFrom: recentFrom, keepLatest: keepLatest)
        return try await cache.value(for: key, generation: store.eventGeneration) {
            try await self.make(reader: reader, since: since, recentFrom: recentFrom, keepLatest: keepLatest)
        }
    }

    private func make(reader: Principal?, since: Date?, recentFrom: Date?, keepLatest: Int) async throws -> Visible {
        let access = ReadAccess.reader(reader)
        let counts = try await store.eventTally(since: since, recentFrom: recentFrom, access: access)
        var latest: [Event] = []
        if keepLatest > 0 {
            let from = [since, recentFrom].compactMap { $0 }.max()
            latest = try await store.events(EventQuery(from: from, limit: min(keepLatest, 1000), access: access)).items
        }
        let recent = recentFrom == nil ? [] : counts.recent
        return Visible(tally: counts.all, recent: recent.reduce(0) { $0 + $1.count }, recentTally: recent, latest: latest)
    }
}
