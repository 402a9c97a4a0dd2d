import CorridorCore
import Foundation

/// Every weight, half-life, radius and cap of the risk model, with the documented defaults
/// (docs/risk-model.md gives the reason for each).
///
/// A JSON file may override any subset; unknown keys and invalid values are rejected
/// with the key path and reason:
///
/// ```json
/// {"domains": {"crime": {"radius_km": 20}}, "class_cut_points": [1.7, 3.3, 5.9, 6.6]}
/// ```
public struct RiskConfiguration: Sendable, Equatable {
    public struct DomainSettings: Sendable, Equatable {
        /// Days after which an event counts half.
        public var halfLifeDays: Double
        /// Events farther than this from a site do not touch it.
        public var radiusKm: Double
        /// Raw weight sum that maps to 10 (log scale).
        public var cap: Double
    }

    /// Recent severe incidents near a site: INFORM's "current conflict intensity" at site scale.
    public struct SevereIncidentSettings: Sendable, Equatable {
        /// Events of at least this severity count, in any domain.
        public var minimumSeverity: Int
        /// Within this distance of the site (or naming it).
        public var radiusKm: Double
        /// Within this many days before the as-of time; no decay inside the window.
        public var windowDays: Double
        /// The count that maps to 6.32 (log scale, as the domains).
        public var scale: Double
    }

    public var domains: [Domain: DomainSettings]
    public var severeIncidents: SevereIncidentSettings
    /// Factor for severity 1...5.
    public var severityFactors: [Double]
    public var confidenceFactors: [Event.Confidence: Double]
    /// Casualty factor = 1 + casualtyWeight × ln(1 + fatalities + injuries / 2).
    public var casualtyWeight: Double
    /// Events older than this many half-lives are ignored (their weight is below 2^-n).
    public var horizonHalfLives: Double
    /// Weight of a district-level (geo precision 3) event for sites in its district.
    public var districtWeight: Double
    /// Weight of a district- or province-level event for other sites in its province.
    public var provinceWeight: Double
    /// Foreign nationals on site that map to vulnerability 10 (log scale).
    public var foreignNationalsCap: Double
    /// Protection measures a site is expected to have; each one missing adds to LCC.
    public var baselineMeasures: [String]
    /// Distance to the nearest responding agency base that maps to LCC 10.
    public var responseDistanceCapKm: Double
    /// Risk values separating very low | low | medium | high | very high.
    public var classCutPoints: [Double]
    /// The value a missing vulnerability or coping-capacity indicator takes in its dimension's
    /// mean: the middle of the scale, so what is unknown counts as average, never as safe.
    public var imputedIndicatorValue: Double
    /// Share of a dimension's expected indicators that must have data before its value is
    /// trusted; below it the dimension is flagged and the site's confidence is low.
    public var minimumDimensionCoverage: Double

    public static let `default` = RiskConfiguration(
        domains: [
            .terrorismInsurgency: .init(halfLifeDays: 180, radiusKm: 50, cap: 15),
            .crime: .init(halfLifeDays: 90, radiusKm: 15, cap: 20),
            .cyber: .init(halfLifeDays: 60, radiusKm: 5, cap: 10),
            .governance: .init(halfLifeDays: 60, radiusKm: 25, cap: 15),
            .socioeconomic: .init(halfLifeDays: 120, radiusKm: 25, cap: 15),
            .geopolitical: .init(halfLifeDays: 180, radiusKm: 75, cap: 10),
            .maritime: .init(halfLifeDays: 90, radiusKm: 40, cap: 10),
            .environmental: .init(halfLifeDays: 120, radiusKm: 50, cap: 10),
        ],
        severeIncidents: .init(minimumSeverity: 4, radiusKm: 25, windowDays: 365, scale: 1),
        severityFactors: [0.2, 0.4, 0.6, 0.8, 1.0],
        confidenceFactors: [.unverified: 0.5, .probable: 0.8, .confirmed: 1.0],
        casualtyWeight: 0.5, horizonHalfLives: 6, districtWeight: 0.5, provinceWeight: 0.05,
        foreignNationalsCap: 200,
        baselineMeasures: ["perimeter fence", "access control", "cctv", "armed guards", "emergency plan", "police liaison"],
        responseDistanceCapKm: 150, classCutPoints: [1.7, 3.3, 5.9, 6.6], imputedIndicatorValue: 5,
        minimumDimensionCoverage: 0.5)

    public var largestRadiusKm: Double { max(domains.values.map(\.radiusKm).max() ?? 0, severeIncidents.radiusKm) }

    public func settings(_ d: Domain) -> DomainSettings {
        domains[d] ?? Self.default.domains[d] ?? .init(halfLifeDays: 90, radiusKm: 25, cap: 10)
    }

    // MARK: Loading

    /// Applies the overrides in a JSON document to the defaults, then validates.
    public static func load(json data: Data) throws(RiskConfigurationError) -> RiskConfiguration {
        let root: Any
        do { root = try JSONSerialization.jsonObject(with: data) } catch {
            throw RiskConfigurationError(key: "(file)", reason: "not valid JSON")
        }
        guard let object = root as? [String: Any] else {
            throw RiskConfigurationError(key: "(file)", reason: "the top level must be a JSON object")
        }
        var c = RiskConfiguration.default
        for (key, value) in object {
            switch key {
            case "domains":
                guard let domains = value as? [String: Any] else { throw .init(key: key, reason: "must be an object") }
                for (name, settings) in domains {
                    guard let d = Domain(rawValue: name) else {
                        throw .init(
                            key: "domains.\(name)", reason: "is not a domain (\(Domain.allCases.map(\.rawValue).joined(separator: ", ")))")
                    }
                    guard let fields = settings as? [String: Any] else { throw .init(key: "domains.\(name)", reason: "must be an object") }
                    var s = c.settings(d)
                    for (field, v) in fields {
                        let path = "domains.\(name).\(field)"
                        switch field {
                        case "half_life_days": s.halfLifeDays = try number(v, path)
                        case "radius_km": s.radiusKm = try number(v, path)
                        case "cap": s.cap = try number(v, path)
                        default: throw .init(key: path, reason: "is not a setting (half_life_days, radius_km, cap)")
                        }
                    }
                    c.domains[d] = s
                }
            case "severe_incidents":
                guard let fields = value as? [String: Any] else { throw .init(key: key, reason: "must be an object") }
                for (field, v) in fields {
                    let path = "\(key).\(field)"
                    switch field {
                    case "minimum_severity":
                        let n = try number(v, path)
                        guard n == n.rounded(), (1...5).contains(n) else { throw .init(key: path, reason: "must be a whole number 1-5") }
                        c.severeIncidents.minimumSeverity = Int(n)
                    case "radius_km": c.severeIncidents.radiusKm = try number(v, path)
                    case "window_days": c.severeIncidents.windowDays = try number(v, path)
                    case "scale": c.severeIncidents.scale = try number(v, path)
                    default:
                        throw .init(key: path, reason: "is not a setting (minimum_severity, radius_km, window_days, scale)")
                    }
                }
            case "severity_factors": c.severityFactors = try numbers(value, key)
            case "confidence_factors":
                guard let fields = value as? [String: Any] else { throw .init(key: key, reason: "must be an object") }
                for (name, v) in fields {
                    guard let conf = Event.Confidence(rawValue: name) else {
                        throw .init(key: "\(key).\(name)", reason: "is not a confidence (unverified, probable, confirmed)")
                    }
                    c.confidenceFactors[conf] = try number(v, "\(key).\(name)")
                }
            case "casualty_weight": c.casualtyWeight = try number(value, key)
            case "horizon_half_lives": c.horizonHalfLives = try number(value, key)
            case "district_weight": c.districtWeight = try number(value, key)
            case "province_weight": c.provinceWeight = try number(value, key)
            case "foreign_nationals_cap": c.foreignNationalsCap = try number(value, key)
            case "baseline_measures":
                guard let list = value as? [String] else { throw .init(key: key, reason: "must be a list of strings") }
                c.baselineMeasures = list
            case "response_distance_cap_km": c.responseDistanceCapKm = try number(value, key)
            case "class_cut_points": c.classCutPoints = try numbers(value, key)
            case "imputed_indicator_value": c.imputedIndicatorValue = try number(value, key)
            case "minimum_dimension_coverage": c.minimumDimensionCoverage = try number(value, key)
            default: throw .init(key: key, reason: "is not a risk setting")
            }
        }
        try c.validate()
        return c
    }

    private static func number(_ v: Any, _ key: String) throws(RiskConfigurationError) -> Double {
        // JSON true/false arrive as a boolean NSNumber subclass, which must not pass as 1/0.
        guard let n = v as? NSNumber, !String(describing: type(of: v)).contains("Boolean") else {
            throw .init(key: key, reason: "must be a number")
        }
        let d = n.doubleValue
        guard d.isFinite else { throw .init(key: key, reason: "must be finite") }
        return d
    }

    private static func numbers(_ v: Any, _ key: String) throws(RiskConfigurationError) -> [Double] {
        guard let list = v as? [Any] else { throw .init(key: key, reason: "must be a list of numbers") }
        var out: [Double] = []
        for (i, item) in list.enumerated() { out.append(try number(item, "\(key)[\(i)]")) }
        return out
    }

    /// Checks every value's range; the error names the first bad key.
    public func validate() throws(RiskConfigurationError) {
        for d in Domain.allCases {
            let s = settings(d)
            let base = "domains.\(d.rawValue)"
            guard s.halfLifeDays > 0, s.halfLifeDays <= 3650 else {
                throw .init(key: "\(base).half_life_days", reason: "must be in (0, 3650] days")
            }
            guard s.radiusKm > 0, s.radiusKm <= 500 else { throw .init(key: "\(base).radius_km", reason: "must be in (0, 500] km") }
            guard s.cap > 0 else { throw .init(key: "\(base).cap", reason: "must be positive") }
        }
        let severe = severeIncidents
        guard severe.radiusKm > 0, severe.radiusKm <= 500 else {
            throw .init(key: "severe_incidents.radius_km", reason: "must be in (0, 500] km")
        }
        guard severe.windowDays > 0, severe.windowDays <= 3650 else {
            throw .init(key: "severe_incidents.window_days", reason: "must be in (0, 3650] days")
        }
        guard severe.scale > 0 else { throw .init(key: "severe_incidents.scale", reason: "must be positive") }
        guard severityFactors.count == 5 else { throw .init(key: "severity_factors", reason: "needs 5 values, for severity 1 to 5") }
        for (i, f) in severityFactors.enumerated() where !(f > 0 && f <= 10) {
            throw .init(key: "severity_factors[\(i)]", reason: "must be in (0, 10]")
        }
        for (i, f) in severityFactors.enumerated().dropFirst() where f < severityFactors[i - 1] {
            throw .init(key: "severity_factors[\(i)]", reason: "must not be lower than the factor of a lower severity")
        }
        for conf in Event.Confidence.allCases {
            guard let f = confidenceFactors[conf], f > 0, f <= 1 else {
                throw .init(key: "confidence_factors.\(conf.rawValue)", reason: "must be in (0, 1]")
            }
        }
        guard casualtyWeight >= 0, casualtyWeight <= 10 else { throw .init(key: "casualty_weight", reason: "must be in [0, 10]") }
        guard horizonHalfLives >= 1, horizonHalfLives <= 50 else { throw .init(key: "horizon_half_lives", reason: "must be in [1, 50]") }
        guard (0...1).contains(districtWeight) else { throw .init(key: "district_weight", reason: "must be in [0, 1]") }
        guard (0...1).contains(provinceWeight) else { throw .init(key: "province_weight", reason: "must be in [0, 1]") }
        guard foreignNationalsCap >= 1 else { throw .init(key: "foreign_nationals_cap", reason: "must be at least 1") }
        guard !baselineMeasures.isEmpty else { throw .init(key: "baseline_measures", reason: "must name at least one measure") }
        guard responseDistanceCapKm > 0 else { throw .init(key: "response_distance_cap_km", reason: "must be positive") }
        guard (0...10).contains(imputedIndicatorValue) else { throw .init(key: "imputed_indicator_value", reason: "must be in [0, 10]") }
        guard (0...1).contains(minimumDimensionCoverage) else {
            throw .init(key: "minimum_dimension_coverage", reason: "must be in [0, 1]")
        }
        guard classCutPoints.count == 4 else { throw .init(key: "class_cut_points", reason: "needs 4 values between the 5 classes") }
        for (i, p) in classCutPoints.enumerated() {
            guard p > 0, p < 10 else { throw .init(key: "class_cut_points[\(i)]", reason: "must be in (0, 10)") }
            if i > 0, p <= classCutPoints[i - 1] {
                throw .init(key: "class_cut_points[\(i)]", reason: "must be greater than the previous cut point")
            }
        }
    }
}

/// An invalid risk configuration: which key, and why.
public struct RiskConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    public var key: String
    public var reason: String
    public init(key: String, reason: String) {
        self.key = key
        self.reason = reason
    }
    public var description: String { "risk configuration: \(key) \(reason)" }
}
