import Foundation

/// The five INFORM-style risk classes, lowest first.
public enum RiskClass: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case veryLow = "very_low", low, medium, high, veryHigh = "very_high"

    public var title: String {
        switch self {
        case .veryLow: "Very low"
        case .low: "Low"
        case .medium: "Medium"
        case .high: "High"
        case .veryHigh: "Very high"
        }
    }

    private var rank: Int { Self.allCases.firstIndex(of: self) ?? 0 }
    public static func < (a: RiskClass, b: RiskClass) -> Bool { a.rank < b.rank }
}

/// One site's risk on one day, kept to show trends.
public struct RiskSnapshot: Sendable, Hashable, Codable {
    public var siteID: String
    /// `YYYY-MM-DD` (UTC) the snapshot stands for.
    public var day: String
    public var risk: Double
    public var riskClass: RiskClass
    public var hazardExposure: Double
    public var vulnerability: Double?
    public var copingCapacityLack: Double?
    public var completeness: Double

    public init(
        siteID: String, day: String, risk: Double, riskClass: RiskClass, hazardExposure: Double,
        vulnerability: Double?, copingCapacityLack: Double?, completeness: Double
    ) {
        self.siteID = siteID
        self.day = day
        self.risk = risk
        self.riskClass = riskClass
        self.hazardExposure = hazardExposure
        self.vulnerability = vulnerability
        self.copingCapacityLack = copingCapacityLack
        self.completeness = completeness
    }

    enum CodingKeys: String, CodingKey {
        case siteID = "site_id", day, risk, riskClass = "class", hazardExposure = "hazard_exposure"
        case vulnerability, copingCapacityLack = "lack_of_coping_capacity", completeness
    }
}

/// A record for the alerts module to deliver (e.g. `risk.class_changed`).
public struct AlertRecord: Sendable, Hashable, Codable, Identifiable {
    public var id: String
    /// Dotted kind, e.g. `risk.class_changed`.
    public var kind: String
    public var createdAt: Date
    public var siteID: String?
    public var tlp: TLP
    public var title: String
    /// Kind-specific details as strings (e.g. `from`, `to`, `risk`).
    public var details: [String: String]

    public init(
        id: String, kind: String, createdAt: Date, siteID: String?, tlp: TLP, title: String, details: [String: String]
    ) {
        self.id = id
        self.kind = kind
        self.createdAt = createdAt
        self.siteID = siteID
        self.tlp = tlp
        self.title = title
        self.details = details
    }

    enum CodingKeys: String, CodingKey {
        case id, kind, createdAt = "created_at", siteID = "site_id", tlp, title, details
    }
}
