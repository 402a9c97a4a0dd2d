import CorridorCore
import CorridorRisk
import Foundation

/// The risk model's `response_performance` indicator (lack of coping capacity): in a site's
/// province, the share of crisis-case deadlines missed, on 0–10. Each case counts its
/// acknowledge and respond deadlines once they are decided (the step was taken, or the
/// deadline has passed without it). Missing while the province has no decided deadline.
public struct ResponsePerformance: RiskIndicatorSource {
    public let indicatorIDs = ["response_performance"]
    /// Per province: deadlines decided, deadlines missed.
    let byProvince: [Province: (decided: Int, missed: Int)]

    /// `province(of:)` gives a case's province (that of its first event).
    public init(cases: [CrisisCase], asOf now: Date, province: (CrisisCase) -> Province?) {
        var tally: [Province: (decided: Int, missed: Int)] = [:]
        for c in cases {
            guard let p = province(c) else { continue }
            for (status, deadline) in [(CrisisCase.Status.acknowledged, c.acknowledgeBy), (.responding, c.respondBy)] {
                let reached = c.timeline.first { $0.kind == .transition && $0.to == status }?.at
                if let reached {
                    tally[p, default: (0, 0)].decided += 1
                    if reached > deadline { tally[p, default: (0, 0)].missed += 1 }
                } else if now > deadline {
                    tally[p, default: (0, 0)].decided += 1
                    tally[p, default: (0, 0)].missed += 1
                }
            }
        }
        byProvince = tally
    }

    public func value(_ id: String, for site: Site) -> IndicatorValue? {
        guard id == "response_performance", let p = site.province, let t = byProvince[p], t.decided > 0 else { return nil }
        return IndicatorValue(
            id: id, dimension: .copingCapacityLack, title: "Response deadline performance",
            value: 10 * Double(t.missed) / Double(t.decided), basis: "\(t.missed) of \(t.decided) case deadlines missed in \(p.rawValue)")
    }
}
