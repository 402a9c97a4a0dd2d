import CorridorCore
import CorridorGeo
import Foundation

/// The dimension an indicator belongs to.
public enum RiskDimension: String, Sendable, Hashable, Codable, CaseIterable {
    case hazardExposure = "hazard_exposure"
    case vulnerability
    case copingCapacityLack = "lack_of_coping_capacity"
}

/// One indicator's value for one site, on 0–10 (10 worst), or missing.
public struct IndicatorValue: Sendable, Hashable, Codable {
    public var id: String
    public var dimension: RiskDimension
    public var title: String
    /// nil when the data is missing: the dimension's mean takes the neutral imputed value in
    /// its place, and the site's confidence drops.
    public var value: Double?
    /// What the value rests on, in words ("40 foreign nationals", "no data").
    public var basis: String
    /// The value's part of its dimension (value, or the imputed value when missing, ÷ the
    /// indicators the dimension expects); set in explanations.
    public var contribution: Double?

    public init(id: String, dimension: RiskDimension, title: String, value: Double?, basis: String) {
        self.id = id
        self.dimension = dimension
        self.title = title
        self.value = value
        self.basis = basis
    }
}

/// Supplies vulnerability or coping-capacity indicators from another module (grievances,
/// workforce, milestones, mandates). Return nil for a site the source knows nothing about.
///
/// ```swift
/// struct GrievanceBacklog: RiskIndicatorSource {
///     let indicatorIDs = ["grievance_backlog"]
///     func value(_ id: String, for site: Site) -> IndicatorValue? { ... }
/// }
/// ```
public protocol RiskIndicatorSource: Sendable {
    var indicatorIDs: [String] { get }
    func value(_ id: String, for site: Site) -> IndicatorValue?
}

/// The indicators the model expects. Those marked external come from later modules
/// through ``RiskIndicatorSource``; until then they are missing, not zero.
public enum ExpectedIndicators {
    public static let all: [(id: String, dimension: RiskDimension, title: String, external: Bool)] = [
        ("foreign_nationals", .vulnerability, "Foreign nationals on site", false),
        ("criticality", .vulnerability, "Criticality", false),
        ("local_employment_gap", .vulnerability, "Low local employment share", false),
        ("land_disputes", .vulnerability, "Open land disputes", true),
        ("grievance_backlog", .vulnerability, "Grievance backlog", true),
        ("development_delay", .vulnerability, "Development delays", true),
        ("protection_gap", .copingCapacityLack, "Protection measures missing", false),
        ("response_distance", .copingCapacityLack, "Distance to nearest responding agency", false),
        ("mandate_coverage", .copingCapacityLack, "Mandate coverage gaps", true),
        ("response_performance", .copingCapacityLack, "Response deadline performance", true),
    ]
}

/// The built-in indicators, computed from the site and the agencies' bases.
struct BuiltInIndicators: Sendable {
    let configuration: RiskConfiguration
    let bases: [Coordinate]

    func values(for site: Site, sources: [any RiskIndicatorSource]) -> [IndicatorValue] {
        ExpectedIndicators.all.map { spec in
            if spec.external {
                for source in sources where source.indicatorIDs.contains(spec.id) {
                    if let v = source.value(spec.id, for: site) { return v }
                }
                return IndicatorValue(id: spec.id, dimension: spec.dimension, title: spec.title, value: nil, basis: "no data yet")
            }
            let (value, basis) = builtIn(spec.id, site)
            return IndicatorValue(id: spec.id, dimension: spec.dimension, title: spec.title, value: value, basis: basis)
        }
    }

    private func builtIn(_ id: String, _ site: Site) -> (Double?, String) {
        switch id {
        case "foreign_nationals":
            guard let n = site.foreignNationals else { return (nil, "no data") }
            return (RiskModel.logScaled(Double(n), cap: configuration.foreignNationalsCap), "\(n) foreign nationals")
        case "criticality":
            return (Double(site.criticality - 1) * 2.5, "criticality \(site.criticality) of 5")
        case "local_employment_gap":
            guard let local = site.localWorkers, let total = site.totalWorkers, total > 0 else { return (nil, "no data") }
            let share = min(1, Double(local) / Double(total))
            return (10 * (1 - share), String(format: "%.0f%% of workers are local", share * 100))
        case "protection_gap":
            let recorded = Set(site.protectionMeasures.map { $0.lowercased().trimmingCharacters(in: .whitespaces) })
            if recorded.isEmpty { return (nil, "no measures recorded") }
            if recorded == ["none"] { return (10, "site reports no protection measures") }
            let baseline = configuration.baselineMeasures.map { $0.lowercased() }
            let missing = baseline.filter { !recorded.contains($0) }
            return (
                10 * Double(missing.count) / Double(baseline.count),
                missing.isEmpty ? "all baseline measures in place" : "missing: \(missing.joined(separator: ", "))"
            )
        case "response_distance":
            guard !bases.isEmpty else { return (nil, "no agency bases known") }
            let d = bases.map { Geodesy.distanceKm($0, site.location) }.min() ?? 0
            return (min(10, 10 * d / configuration.responseDistanceCapKm), String(format: "nearest agency base %.0f km", d))
        default:
            return (nil, "unknown indicator")
        }
    }
}
