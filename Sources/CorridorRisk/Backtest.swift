import CorridorCore
import CorridorGeo
import Foundation

/// How well risk computed at a cut date ranks the sites that then had events.
///
/// A site is *positive* when an event occurred within the horizon after the cut and
/// reached it (within the event domain's radius, or linked to it). Risk is computed as of
/// the cut, from events known by then only.
public struct BacktestResult: Sendable, Codable {
    public var cut: Date
    public var horizonDays: Double
    /// Events the risk at the cut rests on (occurred and reported by then).
    public var eventsBeforeCut: Int
    /// Events in the horizon that reached at least one site.
    public var eventsInHorizon: Int
    public var sites: Int
    public var positives: Int
    /// Area under the ROC curve (0.5 = no better than chance); nil without both classes.
    public var rocAUC: Double?
    public var k: Int
    public var precisionAtK: Double?
    /// Share of positives among all sites: what precision at k would be by chance.
    public var baseRate: Double
    /// Plain warnings, e.g. when the numbers are too small to mean anything.
    public var warnings: [String]

    enum CodingKeys: String, CodingKey {
        case cut, horizonDays = "horizon_days", eventsBeforeCut = "events_before_cut", eventsInHorizon = "events_in_horizon"
        case sites, positives, rocAUC = "roc_auc", k, precisionAtK = "precision_at_k", baseRate = "base_rate", warnings
    }
}

public enum Backtest {
    public static func run(
        sites: [Site], events: [Event], agencies: [Agency] = [], cut: Date, horizonDays: Double, k: Int = 10,
        configuration: RiskConfiguration = .default
    ) -> BacktestResult {
        let engine = RiskEngine(sites: sites, events: events, agencies: agencies, asOf: cut, configuration: configuration)
        let known = events.filter { $0.occurredAt <= cut && $0.reportedAt <= cut }.count
        let end = cut.addingTimeInterval(horizonDays * 86_400)
        let future = events.filter { $0.occurredAt > cut && $0.occurredAt <= end }
        var positive = Set<String>()
        var reaching = 0
        for e in future {
            let radius = configuration.settings(e.domain).radiusKm
            let hit = sites.filter { s in
                e.siteIDs.contains(s.id)
                    || (e.geoPrecision != .region && Geodesy.distanceKm(s.location, e.location) < radius)
            }
            if !hit.isEmpty { reaching += 1 }
            positive.formUnion(hit.map(\.id))
        }
        let scored = engine.results.map { ($0.risk, positive.contains($0.siteID)) }
        let auc = rocAUC(scored)
        let ranked = engine.results.sorted { ($0.risk, $1.siteID) > ($1.risk, $0.siteID) }
        let kk = min(k, ranked.count)
        let precision = kk > 0 ? Double(ranked.prefix(kk).filter { positive.contains($0.siteID) }.count) / Double(kk) : nil
        var warnings: [String] = []
        if positive.count < 5 || sites.count - positive.count < 5 {
            warnings.append(
                "only \(positive.count) of \(sites.count) sites had events in the horizon: too few in one class for ROC AUC or precision to mean anything")
        }
        if known < 30 { warnings.append("the risk at the cut rests on only \(known) events: too few to mean anything") }
        if reaching < 20 { warnings.append("only \(reaching) events in the horizon reached a site: too few to mean anything") }
        return BacktestResult(
            cut: cut, horizonDays: horizonDays, eventsBeforeCut: known, eventsInHorizon: reaching, sites: sites.count,
            positives: positive.count, rocAUC: auc, k: kk, precisionAtK: precision,
            baseRate: sites.isEmpty ? 0 : Double(positive.count) / Double(sites.count), warnings: warnings)
    }

    /// ROC AUC by the Mann–Whitney statistic, ties counted as half.
    public static func rocAUC(_ scored: [(score: Double, positive: Bool)]) -> Double? {
        let pos = scored.filter(\.positive).map(\.score)
        let neg = scored.filter { !$0.positive }.map(\.score)
        guard !pos.isEmpty, !neg.isEmpty else { return nil }
        // Rank-sum: sort all, average ranks over ties.
        let sorted = scored.enumerated().sorted { $0.element.score < $1.element.score }
        var ranks = Array(repeating: 0.0, count: scored.count)
        var i = 0
        while i < sorted.count {
            var j = i
            while j + 1 < sorted.count, sorted[j + 1].element.score == sorted[i].element.score { j += 1 }
            let rank = Double(i + j + 2) / 2
            for t in i...j { ranks[sorted[t].offset] = rank }
            i = j + 1
        }
        let rankSum = scored.indices.filter { scored[$0].positive }.reduce(0.0) { $0 + ranks[$1] }
        let n1 = Double(pos.count), n0 = Double(neg.count)
        return (rankSum - n1 * (n1 + 1) / 2) / (n1 * n0)
    }
}
