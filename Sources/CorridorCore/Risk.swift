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
///
/// Alerts are shared like the records they come from: ``tlp`` with the same origin agency,
/// agencies and users, so every delivery channel (stream, webhooks, CAP) asks one rule who
/// may receive them. The store numbers alerts in the order they become visible (``seq``),
/// which is what a resumed stream or a webhook cursor continues from.
public struct AlertRecord: Sendable, Hashable, Codable, Identifiable {
    public var id: String
    /// Dotted kind, e.g. `risk.class_changed`.
    public var kind: AlertKind
    public var createdAt: Date
    public var siteID: String?
    public var tlp: TLP
    public var title: String
    /// Kind-specific details as strings (e.g. `from`, `to`, `risk`).
    public var details: [String: String]
    /// The agency whose record raised the alert (nil: public data or the system).
    public var originAgency: String?
    /// Agencies an AMBER alert is shared with (e.g. a case's lead and supporting agencies).
    public var sharedWithAgencies: [String]
    /// Users a RED alert is shared with.
    public var sharedWithUsers: [String]
    /// Where it happened, when the alert is about a place (CAP's area).
    public var location: Coordinate?
    /// Position in the store's delivery order, assigned when stored; nil before.
    public var seq: Int?

    public init(
        id: String, kind: AlertKind, createdAt: Date, siteID: String?, tlp: TLP, title: String, details: [String: String],
        originAgency: String? = nil, sharedWithAgencies: [String] = [], sharedWithUsers: [String] = [],
        location: Coordinate? = nil
    ) {
        self.id = id
        self.kind = kind
        self.createdAt = createdAt
        self.siteID = siteID
        self.tlp = tlp
        self.title = title
        self.details = details
        self.originAgency = originAgency
        self.sharedWithAgencies = sharedWithAgencies
        self.sharedWithUsers = sharedWithUsers
        self.location = location
    }

    enum CodingKeys: String, CodingKey {
        case id, kind, createdAt = "created_at", siteID = "site_id", tlp, title, details
        case originAgency = "origin_agency", sharedWithAgencies = "shared_with_agencies"
        case sharedWithUsers = "shared_with_users", location, seq
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        kind = try c.decode(AlertKind.self, forKey: .kind)
        createdAt = try c.decode(Date.self, forKey: .createdAt)
        siteID = try c.decodeIfPresent(String.self, forKey: .siteID)
        tlp = try c.decode(TLP.self, forKey: .tlp)
        title = try c.decode(String.self, forKey: .title)
        details = try c.decode([String: String].self, forKey: .details)
        // Alerts stored before sharing was recorded carry none of these fields.
        originAgency = try c.decodeIfPresent(String.self, forKey: .originAgency)
        sharedWithAgencies = try c.decodeIfPresent([String].self, forKey: .sharedWithAgencies) ?? []
        sharedWithUsers = try c.decodeIfPresent([String].self, forKey: .sharedWithUsers) ?? []
        location = try c.decodeIfPresent(Coordinate.self, forKey: .location)
        seq = try c.decodeIfPresent(Int.self, forKey: .seq)
    }
}

extension AlertRecord {
    /// An alert about one event, shared exactly as the event is, located where it happened.
    /// Its id is `KIND-EVENT_ID`, so raising it twice stores it once.
    public init(kind: AlertKind, event: Event, at time: Date, title: String? = nil, details: [String: String] = [:]) {
        var all = details
        all["event_id"] = event.id
        all["type"] = event.type
        all["severity"] = String(event.severity)
        self.init(
            id: "\(kind)-\(event.id)", kind: kind, createdAt: time, siteID: event.siteIDs.first, tlp: event.tlp,
            title: title ?? event.title, details: all, originAgency: event.originAgency,
            sharedWithAgencies: event.sharedWithAgencies, sharedWithUsers: event.sharedWithUsers, location: event.location)
    }
}
