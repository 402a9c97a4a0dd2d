import CorridorCore
import Foundation

/// The model's formulas as pure functions, each small enough to check by hand.
/// docs/risk-model.md states them with their defaults and the reason for each.
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
        1 + weight * log(1 + Double(max(0, fatalities)) + Double(max(0, injuries)) / 2)
    }

    /// An event's weight before decay: severity × casualty × confidence factors.
    public static func baseWeight(_ e: Event, _ c: RiskConfiguration) -> Double {
        let s = c.severityFactors[max(0, min(4, e.severity - 1))]
        return s * casualtyFactor(fatalities: e.fatalities, injuries: e.injuries, weight: c.casualtyWeight)
            * (c.confidenceFactors[e.confidence] ?? 1)
    }

    /// A domain's raw event weight on 0–10: 10 × (1 − e^(−ln(1 + x) / ln(1 + scale))).
    ///
    /// INFORM log-transforms skewed counts; the exponential approach to 10 keeps every further
    /// event visible instead of clipping at a cap, so a new attack at a busy site still raises
    /// its score. A raw weight equal to `scale` gives 6.32, three times it gives about 7.5.
    ///
    /// ```swift
    /// RiskModel.normalise(15, cap: 15)   // 6.321…
    /// ```
    @inlinable public static func normalise(_ raw: Double, cap scale: Double) -> Double {
        guard raw > 0 else { return 0 }
        return 10 * -expm1(-log1p(raw) / log1p(scale))
    }

    /// A bounded count (foreign nationals on site) on 0–10: 10 × ln(1 + x) / ln(1 + cap), at most 10.
    @inlinable public static func logScaled(_ raw: Double, cap: Double) -> Double {
        raw <= 0 ? 0 : min(10, 10 * log1p(raw) / log1p(cap))
    }

    /// The hazard types combined as independent threats: 10 × (1 − Π(1 − x / 10)), the chance
    /// that at least one strikes. One domain is never diluted by calm ones (a single domain at
    /// 6 gives 6), and every domain's rise raises the total.
    public static func combineDomains(_ values: [Double]) -> Double {
        var calm = 1.0
        for v in values { calm *= 1 - min(10, max(0, v)) / 10 }
        return 10 * (1 - calm)
    }

    /// Vulnerability and lack of coping capacity enter the geometric mean as 1 + 0.9 × x:
    /// no site is perfectly invulnerable or perfectly able to cope, so neither dimension can
    /// silence the hazard (0 → 1, 10 → 10).
    @inlinable public static func residual(_ x: Double) -> Double { 1 + 0.9 * min(10, max(0, x)) }

    /// INFORM's geometric mean HE^⅓ × V^⅓ × LCC^⅓, with V and LCC taken as ``residual(_:)``.
    /// Only the hazard can make risk 0: no hazard, no risk.
    public static func combineDimensions(hazard: Double, vulnerability: Double, copingLack: Double) -> Double {
        guard hazard > 0 else { return 0 }
        return cbrt(hazard * residual(vulnerability) * residual(copingLack))
    }

    /// A dimension's value: the mean over every expected indicator, a missing one taken as the
    /// neutral `imputed` value (what is unknown is treated as average, never as safe).
    public static func dimension(_ values: [Double?], imputed: Double) -> Double {
        guard !values.isEmpty else { return imputed }
        return values.reduce(0.0) { $0 + ($1 ?? imputed) } / Double(values.count)
    }

    public static func riskClass(_ risk: Double, cutPoints: [Double]) -> RiskClass {
        let index = cutPoints.firstIndex { risk < $0 } ?? cutPoints.count
        return RiskClass.allCases[min(index, RiskClass.allCases.count - 1)]
    }
}
