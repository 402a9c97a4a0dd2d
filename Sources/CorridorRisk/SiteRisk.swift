import CorridorCore
import Foundation

/// A site's composite risk and its three dimensions.
public struct SiteRisk: Sendable, Hashable, Codable {
    public var siteID: String
    public var siteName: String
    public var province: Province?
    public var district: String?
    public var risk: Double
    public var riskClass: RiskClass
    public var hazardExposure: Double
    public var vulnerability: Double?
    public var copingCapacityLack: Double?
    /// Hazard & exposure per domain, 0–10.
    public var domainScores: [String: Double]
    /// Severe incidents (any domain) near the site in the recent window, and their score 0–10,
    /// one more independent threat in hazard & exposure.
    public var recentSevereIncidents: Int
    public var severeIncidentScore: Double
    /// Share of the expected indicators that had data (0–1).
    public var completeness: Double
    /// How much of the number rests on data rather than imputation; shown beside it.
    public var confidence: RiskConfidence

    public init(
        siteID: String, siteName: String, province: Province? = nil, district: String? = nil, risk: Double,
        riskClass: RiskClass, hazardExposure: Double, vulnerability: Double? = nil, copingCapacityLack: Double? = nil,
        domainScores: [String: Double], recentSevereIncidents: Int = 0, severeIncidentScore: Double = 0,
        completeness: Double, confidence: RiskConfidence? = nil
    ) {
        self.siteID = siteID
        self.siteName = siteName
        self.province = province
        self.district = district
        self.risk = risk
        self.riskClass = riskClass
        self.hazardExposure = hazardExposure
        self.vulnerability = vulnerability
        self.copingCapacityLack = copingCapacityLack
        self.domainScores = domainScores
        self.recentSevereIncidents = recentSevereIncidents
        self.severeIncidentScore = severeIncidentScore
        self.completeness = completeness
        self.confidence = confidence ?? RiskConfidence(dataShare: completeness, flaggedDimensions: [])
    }

    enum CodingKeys: String, CodingKey {
        case siteID = "site_id", siteName = "site_name", province, district, risk, riskClass = "class"
        case hazardExposure = "hazard_exposure", vulnerability, copingCapacityLack = "lack_of_coping_capacity"
        case domainScores = "domain_scores", recentSevereIncidents = "recent_severe_incidents"
        case severeIncidentScore = "severe_incident_score", completeness, confidence
    }

    public func snapshot(day: String) -> RiskSnapshot {
        RiskSnapshot(
            siteID: siteID, day: day, risk: risk, riskClass: riskClass, hazardExposure: hazardExposure,
            vulnerability: vulnerability, copingCapacityLack: copingCapacityLack, completeness: completeness)
    }
}

/// One event's part in a site's hazard & exposure.
public struct EventContribution: Sendable, Hashable, Codable {
    public var eventID: String
    public var title: String
    public var domain: Domain
    public var distanceKm: Double?
    public var ageDays: Double
    public var weight: Double
    /// Share of the site's total event weight (0–1).
    public var share: Double
    /// `distance`, `linked` (the event names the site), `district` or `province` (region-level event).
    public var basis: String

    enum CodingKeys: String, CodingKey {
        case eventID = "event_id", title, domain, distanceKm = "distance_km", ageDays = "age_days", weight, share, basis
    }
}

/// Everything behind one site's number, for an analyst to check by hand.
public struct RiskExplanation: Sendable, Codable {
    public struct DomainPart: Sendable, Codable {
        public var domain: Domain
        public var rawWeight: Double
        public var score: Double
        public var events: Int
        public var halfLifeDays: Double
        public var radiusKm: Double
        enum CodingKeys: String, CodingKey {
            case domain, rawWeight = "raw_weight", score, events, halfLifeDays = "half_life_days", radiusKm = "radius_km"
        }
    }

    /// The recent severe incidents that count for the site, named event by event.
    public struct SevereIncidentsPart: Sendable, Codable {
        public var count: Int
        public var score: Double
        public var minimumSeverity: Int
        public var radiusKm: Double
        public var windowDays: Double
        /// The incidents this reader may see; the rest are counted in `withheld`.
        public var eventIDs: [String]
        public var withheld: Int
        enum CodingKeys: String, CodingKey {
            case count, score, minimumSeverity = "minimum_severity", radiusKm = "radius_km", windowDays = "window_days"
            case eventIDs = "event_ids", withheld
        }
    }

    public var result: SiteRisk
    public var asOf: Date
    public var domains: [DomainPart]
    public var severeIncidents: SevereIncidentsPart
    public var indicators: [IndicatorValue]
    public var topEvents: [EventContribution]
    /// Events counted in the risk that this reader may not see (set by the access layer).
    public var withheldEvents: Int

    enum CodingKeys: String, CodingKey {
        case result, asOf = "as_of", domains, severeIncidents = "severe_incidents", indicators, topEvents = "top_events"
        case withheldEvents = "withheld_events"
    }
}

/// Risk summarised over an area (a province or a district).
public struct RiskRollUp: Sendable, Hashable, Codable {
    public var area: String
    public var province: Province?
    public var sites: Int
    public var maxRisk: Double
    public var meanRisk: Double
    public var classCounts: [String: Int]

    enum CodingKeys: String, CodingKey {
        case area, province, sites, maxRisk = "max_risk", meanRisk = "mean_risk", classCounts = "class_counts"
    }

    public static func byProvince(_ results: [SiteRisk]) -> [RiskRollUp] {
        group(results, key: { $0.province?.rawValue ?? "unknown" }, province: { $0.province })
    }

    public static func byDistrict(_ results: [SiteRisk]) -> [RiskRollUp] {
        group(
            results.filter { $0.district != nil },
            key: { "\($0.province?.rawValue ?? "unknown") / \($0.district ?? "")" }, province: { $0.province })
    }

    static func group(_ results: [SiteRisk], key: (SiteRisk) -> String, province: (SiteRisk) -> Province?) -> [RiskRollUp] {
        Dictionary(grouping: results, by: key).map { area, items in
            var counts = Dictionary(uniqueKeysWithValues: RiskClass.allCases.map { ($0.rawValue, 0) })
            for r in items { counts[r.riskClass.rawValue, default: 0] += 1 }
            return RiskRollUp(
                area: area, province: items.first.flatMap(province), sites: items.count,
                maxRisk: items.map(\.risk).max() ?? 0, meanRisk: items.map(\.risk).reduce(0, +) / Double(max(1, items.count)),
                classCounts: counts)
        }.sorted { ($0.maxRisk, $1.area) > ($1.maxRisk, $0.area) }
    }
}
