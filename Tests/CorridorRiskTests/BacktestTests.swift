import CorridorCore
import CorridorRisk
import CorridorTestSupport
import Foundation
import Testing

@Suite struct BacktestTests {
    let cut = Fixtures.now
    let sites = [
        Fixtures.site(id: "a", at: Fixtures.gwadar), Fixtures.site(id: "b", at: Fixtures.karachi),
        Fixtures.site(id: "c", at: Fixtures.quetta), Fixtures.site(id: "d", at: Fixtures.lahore),
    ]

    /// Before the cut: three attacks at a, two at b, one at c, none at d, so risk ranks
    /// a > b > c > d. After it: attacks at a and c. Positives {a, c}, negatives {b, d}: of the
    /// four positive–negative pairs only (c, b) is misordered, so ROC AUC = 3/4; the top two
    /// (a, b) hold one positive, so precision@2 = 1/2.
    func constructed() -> [Event] {
        var events: [Event] = []
        for (site, count) in [(0, 3), (1, 2), (2, 1)] {
            for i in 0..<count {
                events.append(
                    Fixtures.event(ref: "before-\(site)-\(i)", daysAgo: Double(30 + 20 * i), at: sites[site].location, severity: 4))
            }
        }
        for site in [0, 2] {
            events.append(Fixtures.event(ref: "after-\(site)", daysAgo: -100, at: sites[site].location, severity: 4))
        }
        // A minor event after the cut at d does not count with --min-severity 3.
        events.append(Fixtures.event(ref: "minor-d", daysAgo: -50, at: sites[3].location, severity: 1))
        return events
    }

    @Test func aConstructedCaseGivesItsKnownAUCAndPrecision() throws {
        let q = BacktestQuestion(cut: cut, horizonDays: 365, radiusKm: 25, minSeverity: 3, k: 2, resamples: 200)
        let r = Backtest.run(sites: sites, events: constructed(), question: q)
        #expect(r.positives == 2 && r.sites == 4)
        #expect(r.eventsBeforeCut == 6 && r.eventsInHorizon == 2)
        #expect(try #require(r.model.rocAUC) == 0.75)
        #expect(try #require(r.model.precisionAtK) == 0.5)
        // The one-year count ranks exactly as the model does here.
        let count1 = try #require(r.baselines.first { $0.name.contains("last 1 year") })
        #expect(count1.rocAUC == 0.75)
        // The previous period's outcome marks a, b and c alike and d not: the pairs (a, b) and
        // (c, b) are ties (½ each), (a, d) and (c, d) are right: AUC = 3/4.
        let previous = try #require(r.baselines.first { $0.name == "previous period's outcome" })
        #expect(previous.rocAUC == 0.75)
        #expect(r.baselines.count == 4)
        let interval = try #require(r.model.rocAUCInterval)
        #expect(interval.lowerBound <= 0.75 && interval.upperBound >= 0.75)
        #expect(r.warnings.contains { $0.contains("too few in one class") })
        #expect(r.warnings.contains { $0.contains("rests on only 6 events") })
    }

    @Test func withAMinimumSeverityOfOneTheMinorEventCounts() {
        let q = BacktestQuestion(cut: cut, horizonDays: 365, radiusKm: 25, minSeverity: 1, k: 2, resamples: 0)
        let r = Backtest.run(sites: sites, events: constructed(), question: q)
        #expect(r.positives == 3)
        // Positives a, c, d against negative b: a > b, c < b, d < b → 1/3.
        #expect(r.model.rocAUC.map { abs($0 - 1.0 / 3) < 1e-12 } == true)
        #expect(r.model.rocAUCInterval == nil)
    }

    @Test func rocAUCCountsTiesAsHalf() {
        #expect(Backtest.rocAUC([(1, true), (1, false)]) == 0.5)
        #expect(Backtest.rocAUC([(2, true), (1, false), (0, false)]) == 1)
        #expect(Backtest.rocAUC([(0, true), (1, false)]) == 0)
        #expect(Backtest.rocAUC([(1, true)]) == nil)
    }

    @Test func precisionAtKSharesTiesAtTheBoundary() {
        // k = 2: one clear top positive, then two tied at the boundary, one of them positive.
        #expect(Backtest.precisionAtK([(3, true), (1, true), (1, false), (0, false)], k: 2) == 0.75)
        #expect(Backtest.precisionAtK([(3, true)], k: 2) == nil)
    }
}
