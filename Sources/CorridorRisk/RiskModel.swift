import CorridorCore
import Foundation

/// The model's formulas as pure functions, each small enough to check by hand.
/// docs/risk-model.md states them with their defaults.
public enum RiskModel {
    /// 0.5^(age / half-life); events not yet happened weigh nothing.
    @inlinable public static func timeDecay(ageDays: Double, halfLifeDays: Double) -> Double {
        ageDays < 0 ? 0 : exp2(-ageDays / halfLifeDays)
    }

    /// Linear taper from 1 at the site to 0 at the radius.
    @inlinable public static func distanceDecay(distanceKm: Double, radiusKm: Double) -> Double {
        distanceKm >= radiusKm ? 0 : 1 - distanceKm / radiusKm
    }

    /// 1 + w × ln(1 + fatalities + injuries / 2): casualties raise weight with diminishing returns.
    @inlinable public static func casualtyFactor(fatalities: Int, injuries: Int, weight: Double) -> Double {
        1 + weight * log(1 + Double(fatalities) + Double(injuries) / 2)
    }

    /// An event's weight before decay: severity × casualty × confidence factors.
    public static func baseWeight(_ e: Event, _ c: RiskConfiguration) -> Double {
        let s = c.severityFactors[max(0, min(4, e.severity - 1))]
        return s * casualtyFactor(fatalities: e.fatalities, injuries: e.injuries, weight: c.casualtyWeight)
            * (c.confidenceFactors[e.confidence] ?? 1)
    }

    /// INFORM's log normalisation of a skewed indicator: 10 × ln(1 + x) / ln(1 + cap), at most 10.
    @inlinable public static func normalise(_ raw: Double, cap: Double) -> Double {
        raw <= 0 ? 0 : min(10, 10 * log1p(raw) / log1p(cap))
    }

    /// INFORM's combination of hazard types: 10 − geometric mean of (10 − x), so one severe
    /// domain is not averaged away by calm ones.
    public static func combineDomains(_ values: [Double]) -> Double {
        guard values.contains(where: { $0 > 0 }) else { return 0 }
        let logSum = values.reduce(0.0) { $0 + log(max(0, 10 - $1)) }
        let g = values.contains { $0 >= 10 } ? 0 : exp(logSum / Double(values.count))
        return min(10, max(0, 10 - g))
    }

    /// Geometric mean of the available dimensions (INFORM: HE^⅓ × V^⅓ × LCC^⅓).
    public static func combineDimensions(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return 0 }
        if values.contains(where: { $0 <= 0 }) { return 0 }
        return exp(values.reduce(0.0) { $0 + log($1) } / Double(values.count))
    }

    public static func riskClass(_ risk: Double, cutPoints: [Double]) -> RiskClass {
        let index = cutPoints.firstIndex { risk < $0 } ?? cutPoints.count
        return RiskClass.allCases[min(index, RiskClass.allCases.count - 1)]
    }
}
