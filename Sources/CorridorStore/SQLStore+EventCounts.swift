import CorridorAccess
import CorridorCore
import Foundation
import SQLKit

/// Counts of events by day, domain, province, label and origin agency (`event_counts`, kept in
/// the transaction of every event write), so the dashboard's and `/api/v1/stats`' numbers
/// never count a million rows.
extension SQLStore {
    static let secondsPerDay: Int64 = 86_400

    /// The day number of an epoch second, rounding down for times before 1970 too.
    static func day(_ epochSeconds: Int64) -> Int64 {
        let (quotient, remainder) = epochSeconds.quotientAndRemainder(dividingBy: secondsPerDay)
        return remainder < 0 ? quotient - 1 : quotient
    }

    /// Adds `delta` to the count of `event`'s group.
    static func count(_ event: Event, by delta: Int, _ db: any SQLDatabase) async throws {
        try await db.raw(
            """
            INSERT INTO event_counts (domain, province, tlp, origin_agency, day, n)
            VALUES (\(bind: event.domain.rawValue), \(bind: event.province?.rawValue ?? ""), \(bind: event.tlp.rawValue),
                    \(bind: event.originAgency ?? ""), \(bind: day(epoch(event.occurredAt))), \(bind: delta))
            ON CONFLICT (day, domain, province, tlp, origin_agency) DO UPDATE SET n = event_counts.n + excluded.n
            """
        ).run()
    }

    private struct Group: Hashable {
        var domain: String
        var province: String?
    }

    public func eventTally(since: Date?, recentFrom: Date?, access: ReadAccess) async throws -> EventCounts {
        let all = try await counts(from: since, access: access)
        var recent: [Group: Int] = [:]
        if let recentFrom {
            let from = since.map { max($0, recentFrom) } ?? recentFrom
            recent = try await counts(from: from, access: access)
        }
        func tallies(_ counts: [Group: Int]) throws -> [EventTally] {
            try counts.filter { $0.value > 0 }.sorted { ($0.key.domain, $0.key.province ?? "") < ($1.key.domain, $1.key.province ?? "") }
                .map { group, n in
                    // A value this build does not know is a record it cannot read; say so rather than miscount.
                    guard let domain = Domain(rawValue: group.domain) else {
                        throw StoreError.invalidRecord("event domain \(group.domain)")
                    }
                    let province = try group.province.map {
                        guard let p = Province(rawValue: $0) else { throw StoreError.invalidRecord("event province \($0)") }
                        return p
                    }
                    return EventTally(domain: domain, province: province, count: n)
                }
        }
        return EventCounts(all: try tallies(all), recent: try tallies(recent))
    }

    /// Events `access` may read that occurred at or after `from`, by domain and province.
    ///
    /// Whole days after `from`'s day come from `event_counts`: CLEAR and GREEN for any
    /// signed-in reader, AMBER and AMBER+STRICT of the reader's own agency. The rest is read
    /// from `events`: the part of `from`'s own day from `from` on, and the events shared
    /// with the reader's agency or naming the reader, which are few.
    private func counts(from: Date?, access: ReadAccess) async throws -> [Group: Int] {
        let fromSecond = from.map { Self.epoch($0) }
        // The first whole day counted from event_counts.
        let firstDay = fromSecond.map { second in Self.day(second) + (second % Self.secondsPerDay == 0 ? 0 : 1) }
        let rows: [(String, String, Int)] = try await withReader { db in
            // Each part counts by domain and province; a NULL province and a NULL sum read as "" and 0.
            @Sendable func grouped(_ query: SQLSelectBuilder) async throws -> [(String, String, Int)] {
                try await query.groupBy("domain").groupBy("province").all().map { row in
                    (
                        try row.decode(column: "domain", as: String.self),
                        try row.decode(column: "province", as: String?.self) ?? "", try row.decode(column: "n", as: Int?.self) ?? 0
                    )
                }
            }
            var result: [(String, String, Int)] = []
            var buckets = db.select().column("domain").column("province")
                .column(SQLQueryString("CAST(SUM(n) AS BIGINT)"), as: "n").from("event_counts")
            if let firstDay { buckets = buckets.where("day", .greaterThanOrEqual, firstDay) }
            switch access {
            case .unrestricted: break
            case .reader(nil): buckets = buckets.where("tlp", .equal, TLP.clear.rawValue)
            case .reader(let reader?):
                buckets = buckets.where(
                    SQLQueryString(
                        """
                        (tlp IN (\(bind: TLP.clear.rawValue), \(bind: TLP.green.rawValue))
                         OR (tlp IN (\(bind: TLP.amber.rawValue), \(bind: TLP.amberStrict.rawValue)) AND origin_agency = \(bind: reader.agencyID)))
                        """))
            }
            result += try await grouped(buckets)
            // The part of the first day before a whole day begins.
            if let fromSecond, let firstDay, fromSecond < firstDay * Self.secondsPerDay {
                var head = db.select().column("domain").column("province").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
                    .from("events").where("occurred_at", .greaterThanOrEqual, fromSecond)
                    .where("occurred_at", .lessThan, firstDay * Self.secondsPerDay)
                if let readable = self.readable(access) { head = head.where(readable) }
                result += try await grouped(head)
            }
            // Shared with the reader's agency (not its own) or naming the reader, in whole days.
            if case .reader(let reader?) = access {
                var shared = db.select().column("domain").column("province").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
                    .from("events")
                    .where(
                        SQLQueryString(
                            """
                            ((tlp = \(bind: TLP.amber.rawValue) AND (origin_agency IS NULL OR origin_agency <> \(bind: reader.agencyID))
                              AND id IN (SELECT event_id FROM event_readers WHERE kind = 'agency' AND reader = \(bind: reader.agencyID)))
                             OR (tlp = \(bind: TLP.red.rawValue)
                              AND id IN (SELECT event_id FROM event_readers WHERE kind = 'user' AND reader = \(bind: reader.userID))))
                            """))
                if let firstDay { shared = shared.where("occurred_at", .greaterThanOrEqual, firstDay * Self.secondsPerDay) }
                result += try await grouped(shared)
            }
            return result
        }
        var counts: [Group: Int] = [:]
        for (domain, province, n) in rows {
            counts[Group(domain: domain, province: province.isEmpty ? nil : province), default: 0] += n
        }
        return counts
    }
}
