import CorridorCore
import Foundation

/// The body of a new or replaced event as clients send it (API and JSON lines): the same
/// field names as ``Event``, with defaults for what may be left out.
public struct EventInput: Sendable, Codable {
    public var id: String?
    public var occurredAt: Date
    public var timePrecision: Event.TimePrecision?
    public var reportedAt: Date?
    public var location: Coordinate
    public var geoPrecision: Event.GeoPrecision?
    public var province: String?
    public var district: String?
    public var place: String?
    public var domain: Domain
    public var type: String
    public var subtype: String?
    public var severity: Int
    public var fatalities: Int?
    public var injuries: Int?
    public var foreignNationalsAffected: Int?
    public var siteIDs: [String]?
    public var confidence: Event.Confidence?
    public var tlp: String?
    public var title: String
    public var narrative: String?
    public var source: String
    public var sourceRef: String?
    public var sourceURL: String?
    public var reportingAgency: String?
    public var sharedWithAgencies: [String]?
    public var sharedWithUsers: [String]?

    enum CodingKeys: String, CodingKey {
        case id, occurredAt = "occurred_at", timePrecision = "time_precision", reportedAt = "reported_at"
        case location, geoPrecision = "geo_precision", province, district, place, domain, type, subtype
        case severity, fatalities, injuries, foreignNationalsAffected = "foreign_nationals_affected"
        case siteIDs = "site_ids", confidence, tlp, title, narrative, source, sourceRef = "source_ref"
        case sourceURL = "source_url", reportingAgency = "reporting_agency"
        case sharedWithAgencies = "shared_with_agencies", sharedWithUsers = "shared_with_users"
    }

    /// Builds the event, deriving the province from the coordinates when none is given.
    /// Throws a ``FieldProblem`` for an unknown province or TLP label.
    public func event(now: Date, newReference: () -> String = { UUID().uuidString.lowercased() }) throws -> Event {
        var province: Province? = nil
        if let text = self.province {
            guard let p = Province.firstMentioned(in: text) else {
                throw FieldProblem(field: "province", reason: "\"\(text)\" is not a province of Pakistan")
            }
            province = p
        }
        var label = TLP.default
        if let text = tlp {
            guard let t = TLP(label: text) else {
                throw FieldProblem(field: "tlp", reason: "\"\(text)\" is not a TLP 2.0 label (CLEAR, GREEN, AMBER, AMBER+STRICT, RED)")
            }
            label = t
        }
        return Event(
            id: id, occurredAt: occurredAt, timePrecision: timePrecision ?? .exact, reportedAt: reportedAt ?? now,
            location: location, geoPrecision: geoPrecision ?? .exact, province: province, district: district,
            place: place, domain: domain, type: type, subtype: subtype, severity: severity,
            fatalities: fatalities ?? 0, injuries: injuries ?? 0, foreignNationalsAffected: foreignNationalsAffected ?? 0,
            siteIDs: siteIDs ?? [], confidence: confidence ?? .unverified, tlp: label, title: title,
            narrative: narrative ?? "", source: source, sourceRef: sourceRef ?? newReference(), sourceURL: sourceURL,
            reportingAgency: reportingAgency, sharedWithAgencies: sharedWithAgencies ?? [], sharedWithUsers: sharedWithUsers ?? [])
    }
}
