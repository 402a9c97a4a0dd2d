import CorridorCore
import CorridorServices
import CorridorStore
import Foundation
import Hummingbird

/// `/api/v1/agencies` and `/api/v1/stats`: reference lists and the dashboard's numbers.
struct StatsController {
    let store: any CorridorStore
    let views: EventViews
    let now: @Sendable () -> Date

    func register(on routes: Routes) {
        routes.get("agencies", .signedIn, use: agencies)
        routes.get("stats", .signedIn, use: stats)
    }

    @Sendable func agencies(_ request: Request, context: CorridorRequestContext) async throws -> JSONDocument<ListBody<Agency>> {
        let list = try await store.agencies()
        return JSONDocument(ListBody(items: list, nextCursor: nil))
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
    @Sendable func stats(_ request: Request, context: CorridorRequestContext) async throws -> JSONDocument<Stats> {
        let q = try QueryParameters(request)
        let since = try q.date("from")
        let visible = try await views.visible(to: context.principal, since: since)
        let sites = try await store.siteCount()
        return JSONDocument(Self.summarise(visible.tally, sites: sites, since: since))
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
