import CorridorCore
import CorridorGeo
import Foundation

/// What a backtest asks: risk as of `cut`, scored against the outcome "an event of at least
/// `minSeverity` occurred within `radiusKm` of the site (or named it) during the horizon".
public struct BacktestQuestion: Sendable, Codable, Equatable {
    public var cut: Date
    public var horizonDays: Double
    public var radiusKm: Double
    public var minSeverity: Int
    /// k of precision at k.
    public var k: Int
    /// Bootstrap resamples of the sites for the confidence intervals.
    public var resamples: Int

    public init(cut: Date, horizonDays: Double, radiusKm: Double = 25, minSeverity: Int = 1, k: Int = 10, resamples: Int = 1000) {
        self.cut = cut
        self.horizonDays = horizonDays
        self.radiusKm = radiusKm
        self.minSeverity = minSeverity
        self.k = k
        self.resamples = resamples
    }

    enum CodingKeys: String, CodingKey {
        case cut, horizonDays = "horizon_days", radiusKm = "radius_km", minSeverity = "min_severity", k, resamples
    }
}

/// One ranking's skill: the model's risk or a naive baseline.
public struct BacktestScore: Sendable, Codable, Equatable {
    public var name: String
    /// Area under the ROC curve (0.5 = chance); nil without both classes.
    public var rocAUC: Double?
    /// 95 % bootstrap interval over sites.
    public var rocAUCInterval: ClosedRange<Double>?
    public var precisionAtK: Double?
    public var precisionAtKInterval: ClosedRange<Double>?

    enum CodingKeys: String, CodingKey {
        case name, rocAUC = "roc_auc", rocAUCInterval = "roc_auc_95", precisionAtK = "precision_at_k"
        case precisionAtKInterval = "precision_at_k_95"
    }
}

/// How well risk computed at a cut date ranks the sites that then had events, beside the
/// naive rankings an analyst could make without the model.
public struct BacktestResult: Sendable, Codable {
    public var question: BacktestQuestion
    /// Events the risk at the cut rests on (occurred and reported by then).
    public var eventsBeforeCut: Int
    /// Outcome events: in the horizon, of at least the minimum severity, reaching a site.
    public var eventsInHorizon: Int
    public var sites: Int
    public var positives: Int
    public var k: Int
    /// Share of positives among all sites: what precision at k would be by chance.
    public var baseRate: Double
    public var model: BacktestScore
    /// The model's hazard & exposure alone: vulnerability and coping capacity say how bad an
    /// event would be, not where one happens, so this row shows where the ranking skill lies.
    public var hazardOnly: BacktestScore
    /// Counts of events within the radius over the last 1, 3 and 5 years, and the previous
    /// period's outcome.
    public var baselines: [BacktestScore]
    /// Plain warnings, e.g. when the numbers are too small to mean anything.
    public var warnings: [String]

    /// The best baseline by ROC AUC, and whether the model reaches it.
    public var bestBaseline: BacktestScore? { baselines.max { ($0.rocAUC ?? 0) < ($1.rocAUC ?? 0) } }
    public var modelAtLeastBestBaseline: Bool? {
        guard let m = model.rocAUC, let b = bestBaseline?.rocAUC else { return nil }
        return m >= b
    }

    enum CodingKeys: String, CodingKey {
        case question, eventsBeforeCut = "events_before_cut", eventsInHorizon = "events_in_horizon", sites, positives, k
        case baseRate = "base_rate", model, hazardOnly = "hazard_only", baselines, warnings
    }
}

/// Backtests of the risk model against what happened next.
///
/// ```swift
/// let q = BacktestQuestion(cut: cut2014, horizonDays: 730, radiusKm: 25)
/// let r = Backtest.run(sites: sites, events: history, question: q)
/// r.model.rocAUC, r.bestBaseline?.rocAUC
/// ```
public enum Backtest {
    public static func run(
        sites: [Site], events: [Event], agencies: [Agency] = [], question q: BacktestQuestion,
        configuration: RiskConfiguration = .default
    ) -> BacktestResult {
        let engine = RiskEngine(sites: sites, events: events, agencies: agencies, asOf: q.cut, configuration: configuration)
        let known = events.filter { $0.occurredAt <= q.cut && $0.reportedAt <= q.cut }
        let horizon = q.horizonDays * 86_400
        let located = events.filter { $0.severity >= q.minSeverity && $0.geoPrecision != .region }
        let vectors = sites.map { UnitVector($0.location) }
        let chordLimit = UnitVector.chordSquared(distanceKm: q.radiusKm)

        /// Which sites each event in (from, to] reaches, by distance or by name.
        func reached(from: Date, to: Date, known: Bool) -> (sites: [Int], events: Int) {
            var counts = Array(repeating: 0, count: sites.count)
            var reaching = 0
            for e in located where e.occurredAt > from && e.occurredAt <= to && (!known || e.reportedAt <= q.cut) {
                let v = UnitVector(e.location)
                var hit = false
                for (i, s) in sites.enumerated() where e.siteIDs.contains(s.id) || v.chordSquared(vectors[i]) < chordLimit {
                    counts[i] += 1
                    hit = true
                }
                if hit { reaching += 1 }
            }
            return (counts, reaching)
        }
        let outcome = reached(from: q.cut, to: q.cut.addingTimeInterval(horizon), known: false)
        let positive = outcome.sites.map { $0 > 0 }
        let bySite = Dictionary(engine.results.map { ($0.siteID, $0) }, uniquingKeysWith: { a, _ in a })

        var rankings: [(String, [Double])] = [
            ("model", sites.map { bySite[$0.id]?.risk ?? 0 }),
            ("model: hazard & exposure alone", sites.map { bySite[$0.id]?.hazardExposure ?? 0 }),
        ]
        for years in [1, 3, 5] {
            let counts = reached(from: q.cut.addingTimeInterval(-Double(years) * 365 * 86_400), to: q.cut, known: true).sites
            rankings.append(("events within \(format(q.radiusKm)) km, last \(years) year\(years == 1 ? "" : "s")", counts.map(Double.init)))
        }
        let previous = reached(from: q.cut.addingTimeInterval(-horizon), to: q.cut, known: true).sites
        rankings.append(("previous period's outcome", previous.map { $0 > 0 ? 1 : 0 }))

        let k = min(q.k, sites.count)
        var rng = SplitMix64(seed: 20_260_301)
        let resamples = (0..<max(0, q.resamples)).map { _ in
            (0..<sites.count).map { _ in Int(rng.next() % UInt64(max(1, sites.count))) }
        }
        let scores = rankings.map { name, values in
            score(name: name, values: values, positive: positive, k: k, resamples: resamples)
        }
        let positives = positive.filter { $0 }.count
        var warnings: [String] = []
        if positives < 5 || sites.count - positives < 5 {
            warnings.append(
                "only \(positives) of \(sites.count) sites had an outcome event in the horizon: too few in one class for ROC AUC or precision to mean anything"
            )
        }
        if known.count < 30 { warnings.append("the risk at the cut rests on only \(known.count) events: too few to mean anything") }
        if outcome.events < 20 {
            warnings.append("only \(outcome.events) events in the horizon reached a site: too few to mean anything")
        }
        if let m = scores.first?.rocAUCInterval, let best = scores.dropFirst(2).compactMap(\.rocAUC).max(),
            m.contains(best)
        {
            warnings.append(
                "the best baseline's AUC lies inside the model's 95 % interval: with \(sites.count) sites the difference is not significant"
            )
        }
        return BacktestResult(
            question: q, eventsBeforeCut: known.count, eventsInHorizon: outcome.events, sites: sites.count,
            positives: positives, k: k, baseRate: sites.isEmpty ? 0 : Double(positives) / Double(sites.count),
            model: scores[0], hazardOnly: scores[1], baselines: Array(scores.dropFirst(2)), warnings: warnings)
    }

    static func score(name: String, values: [Double], positive: [Bool], k: Int, resamples: [[Int]]) -> BacktestScore {
        func measure(_ sample: [Int]) -> (Double?, Double?) {
            let scored = sample.map { (score: values[$0], positive: positive[$0]) }
            return (rocAUC(scored), precisionAtK(scored, k: k))
        }
        let (auc, precision) = measure(Array(values.indices))
        let draws = resamples.map(measure)
        return BacktestScore(
            name: name, rocAUC: auc, rocAUCInterval: interval(draws.compactMap(\.0)), precisionAtK: precision,
            precisionAtKInterval: interval(draws.compactMap(\.1)))
    }

    /// The central 95 % of bootstrap draws; nil with fewer than 20 usable draws.
    static func interval(_ draws: [Double]) -> ClosedRange<Double>? {
        guard draws.count >= 20 else { return nil }
        let sorted = draws.sorted()
        let low = sorted[Int((Double(sorted.count - 1) * 0.025).rounded())]
        let high = sorted[Int((Double(sorted.count - 1) * 0.975).rounded())]
        return low...high
    }

    /// Share of positives among the k highest scores; ties at the boundary count by their
    /// share of positives, so the order of equal scores does not matter.
    public static func precisionAtK(_ scored: [(score: Double, positive: Bool)], k: Int) -> Double? {
        guard k > 0, scored.count >= k else { return nil }
        let sorted = scored.sorted { $0.score > $1.score }
        let boundary = sorted[k - 1].score
        let above = sorted.filter { $0.score > boundary }
        let tied = sorted.filter { $0.score == boundary }
        let tiedPositiveShare = Double(tied.filter(\.positive).count) / Double(tied.count)
        let hits = Double(above.filter(\.positive).count) + Double(k - above.count) * tiedPositiveShare
        return hits / Double(k)
    }

    /// ROC AUC by the Mann–Whitney statistic, ties counted as half.
    public static func rocAUC(_ scored: [(score: Double, positive: Bool)]) -> Double? {
        let n1 = Double(scored.filter(\.positive).count)
        let n0 = Double(scored.count) - n1
        guard n1 > 0, n0 > 0 else { return nil }
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
        return (rankSum - n1 * (n1 + 1) / 2) / (n1 * n0)
    }

    static func format(_ km: Double) -> String { km == km.rounded() ? String(Int(km)) : String(km) }
}
