import CorridorCore
import CorridorStore
import Foundation
import Hummingbird

/// `/api/v1/agencies` and `/api/v1/stats`: reference lists and the dashboard's numbers.
struct StatsController {
    let store: any CorridorStore
    let now: @Sendable () -> Date

    func register(on group: RouterGroup<CorridorRequestContext>) {
        group.get("agencies", use: agencies)
        group.get("stats", use: stats)
    }

    @Sendable func agencies(_ request: Request, context: CorridorRequestContext) async throws -> Response {
        let list = try await store.agencies()
        return try JSONBody.response(ListBody(items: list, nextCursor: nil))
    }

    struct Stats: Encodable, Sendable {
        let sites: Int
        let events: Int
        let since: Date?
        let byDomain: [String: Int]
        let byProvince: [String: Int]
        enum CodingKeys: String, CodingKey {
            case sites, events, since, byDomain = "by_domain", byProvince = "by_province"
        }
    }

    /// Counts of sites and of events by domain and province, optionally `from` a date.
    @Sendable func stats(_ request: Request, context: CorridorRequestContext) async throws -> Response {
        let q = try QueryParameters(request)
        let since = try q.date("from")
        let visible = try await Self.visibleEvents(store, context: context, since: since)
        let sites = try await store.siteCount()
        return try JSONBody.response(Self.summarise(visible.tally, sites: sites, since: since))
    }

    /// What one pass over the events a reader may see gives: counts that reveal no hidden
    /// record, how many are recent, and the newest ones for the map.
    struct VisibleEvents {
        var tally: [EventTally]
        var recent: Int
        /// The tally of events occurred since `recentFrom` alone.
        var recentTally: [EventTally]
        /// The newest events, only from `recentFrom` on when it is given: history is never
        /// shown as the current picture.
        var latest: [Event]
    }

    static func visibleEvents(
        _ store: any CorridorStore, context: CorridorRequestContext, since: Date?, recentFrom: Date? = nil, keepLatest: Int = 0
    ) async throws -> VisibleEvents {
        var counts: [String: EventTally] = [:]
        var recentCounts: [String: EventTally] = [:]
        var recent = 0
        var latest: [Event] = []
        var query = EventQuery(from: since, limit: 1000, visible: WebController.visibility(context))
        while true {
            let page = try await store.events(query)
            for e in page.items {
                let key = e.domain.rawValue + "|" + (e.province?.rawValue ?? "")
                counts[key, default: EventTally(domain: e.domain, province: e.province, count: 0)].count += 1
                let isRecent = recentFrom.map { e.occurredAt >= $0 } ?? true
                if let recentFrom, e.occurredAt >= recentFrom {
                    recent += 1
                    recentCounts[key, default: EventTally(domain: e.domain, province: e.province, count: 0)].count += 1
                }
                if isRecent, latest.count < keepLatest { latest.append(e) }
            }
            guard let next = page.nextCursor else { break }
            query.cursor = next
        }
        return VisibleEvents(tally: Array(counts.values), recent: recent, recentTally: Array(recentCounts.values), latest: latest)
    }

    static func summarise(_ tally: [EventTally], sites: Int, since: Date?) -> Stats {
        var byDomain: [String: Int] = [:]
        var byProvince: [String: Int] = [:]
        for t in tally {
            byDomain[t.domain.rawValue, default: 0] += t.count
            byProvince[t.province?.rawValue ?? "unknown", default: 0] += t.count
        }
        return Stats(sites: sites, events: tally.reduce(0) { $0 + $1.count }, since: since, byDomain: byDomain, byProvince: byProvince)
    }
}
