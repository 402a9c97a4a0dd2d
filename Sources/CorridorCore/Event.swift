import Foundation

/// An incident or threat report, in the eight-domain taxonomy.
///
/// `source` + `sourceRef` is the de-duplication key: importing the same report twice
/// updates one record, and ``Event/stableID(source:sourceRef:)`` derives the id from it.
public struct Event: Sendable, Hashable, Codable, Identifiable {
    /// How exactly `occurredAt` is known (ACLED's `time_precision`: 1 day, 2 week, 3 month;
    /// UCDP's `date_prec` reaches a year).
    public enum TimePrecision: String, Sendable, Hashable, Codable, CaseIterable {
        case exact, day, week, month, year
    }

    /// How exactly the location is known, as ACLED's `geo_precision`.
    public enum GeoPrecision: Int, Sendable, Hashable, Codable, CaseIterable {
        /// The exact place, or a town.
        case exact = 1
        /// Near a place, or part of a region.
        case near = 2
        /// Only the district or province is known.
        case region = 3
    }

    public enum Confidence: String, Sendable, Hashable, Codable, CaseIterable {
        case unverified, probable, confirmed
    }

    public var id: String
    public var occurredAt: Date
    public var timePrecision: TimePrecision
    public var reportedAt: Date
    public var location: Coordinate
    public var geoPrecision: GeoPrecision
    public var province: Province?
    public var district: String?
    public var place: String?
    public var domain: Domain
    public var type: String
    public var subtype: String?
    /// 1 (minor) – 5 (mass casualty or national impact).
    public var severity: Int
    public var fatalities: Int
    public var injuries: Int
    public var foreignNationalsAffected: Int
    public var siteIDs: [String]
    public var confidence: Confidence
    public var tlp: TLP
    public var title: String
    public var narrative: String
    public var source: String
    public var sourceRef: String
    public var sourceURL: String?
    public var reportingAgency: String?
    /// The agency that created the record (it owns AMBER and AMBER+STRICT sharing); nil for
    /// imported public data.
    public var originAgency: String?
    /// Agencies an AMBER record is shared with beyond the originating one.
    public var sharedWithAgencies: [String]
    /// Users a RED record is shared with.
    public var sharedWithUsers: [String]

    public init(
        id: String? = nil, occurredAt: Date, timePrecision: TimePrecision = .day, reportedAt: Date? = nil,
        location: Coordinate, geoPrecision: GeoPrecision = .exact, province: Province? = nil,
        district: String? = nil, place: String? = nil, domain: Domain, type: String, subtype: String? = nil,
        severity: Int, fatalities: Int = 0, injuries: Int = 0, foreignNationalsAffected: Int = 0,
        siteIDs: [String] = [], confidence: Confidence = .unverified, tlp: TLP = .default, title: String,
        narrative: String = "", source: String, sourceRef: String, sourceURL: String? = nil,
        reportingAgency: String? = nil, originAgency: String? = nil, sharedWithAgencies: [String] = [],
        sharedWithUsers: [String] = []
    ) {
        self.id = id ?? Event.stableID(source: source, sourceRef: sourceRef)
        self.occurredAt = occurredAt
        self.timePrecision = timePrecision
        self.reportedAt = reportedAt ?? occurredAt
        self.location = location
        self.geoPrecision = geoPrecision
        self.province = province
        self.district = district
        self.place = place
        self.domain = domain
        self.type = type
        self.subtype = subtype
        self.severity = severity
        self.fatalities = fatalities
        self.injuries = injuries
        self.foreignNationalsAffected = foreignNationalsAffected
        self.siteIDs = siteIDs
        self.confidence = confidence
        self.tlp = tlp
        self.title = title
        self.narrative = narrative
        self.source = source
        self.sourceRef = sourceRef
        self.sourceURL = sourceURL
        self.reportingAgency = reportingAgency
        self.originAgency = originAgency
        self.sharedWithAgencies = sharedWithAgencies
        self.sharedWithUsers = sharedWithUsers
    }

    /// `ev-` followed by 16 hex digits of a hash of the de-duplication key.
    public static func stableID(source: String, sourceRef: String) -> String {
        "ev-" + StableHash.hex(source + "\u{1F}" + sourceRef)
    }

    enum CodingKeys: String, CodingKey {
        case id, occurredAt = "occurred_at", timePrecision = "time_precision", reportedAt = "reported_at"
        case location, geoPrecision = "geo_precision", province, district, place, domain, type, subtype
        case severity, fatalities, injuries, foreignNationalsAffected = "foreign_nationals_affected"
        case siteIDs = "site_ids", confidence, tlp, title, narrative, source, sourceRef = "source_ref"
        case sourceURL = "source_url", reportingAgency = "reporting_agency", originAgency = "origin_agency"
        case sharedWithAgencies = "shared_with_agencies", sharedWithUsers = "shared_with_users"
    }

    /// Decodes stored and sent events; the sharing lists default to empty.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        occurredAt = try c.decode(Date.self, forKey: .occurredAt)
        timePrecision = try c.decode(TimePrecision.self, forKey: .timePrecision)
        reportedAt = try c.decode(Date.self, forKey: .reportedAt)
        location = try c.decode(Coordinate.self, forKey: .location)
        geoPrecision = try c.decode(GeoPrecision.self, forKey: .geoPrecision)
        province = try c.decodeIfPresent(Province.self, forKey: .province)
        district = try c.decodeIfPresent(String.self, forKey: .district)
        place = try c.decodeIfPresent(String.self, forKey: .place)
        domain = try c.decode(Domain.self, forKey: .domain)
        type = try c.decode(String.self, forKey: .type)
        subtype = try c.decodeIfPresent(String.self, forKey: .subtype)
        severity = try c.decode(Int.self, forKey: .severity)
        fatalities = try c.decode(Int.self, forKey: .fatalities)
        injuries = try c.decode(Int.self, forKey: .injuries)
        foreignNationalsAffected = try c.decode(Int.self, forKey: .foreignNationalsAffected)
        siteIDs = try c.decode([String].self, forKey: .siteIDs)
        confidence = try c.decode(Confidence.self, forKey: .confidence)
        tlp = try c.decode(TLP.self, forKey: .tlp)
        title = try c.decode(String.self, forKey: .title)
        narrative = try c.decode(String.self, forKey: .narrative)
        source = try c.decode(String.self, forKey: .source)
        sourceRef = try c.decode(String.self, forKey: .sourceRef)
        sourceURL = try c.decodeIfPresent(String.self, forKey: .sourceURL)
        reportingAgency = try c.decodeIfPresent(String.self, forKey: .reportingAgency)
        originAgency = try c.decodeIfPresent(String.self, forKey: .originAgency)
        sharedWithAgencies = try c.decodeIfPresent([String].self, forKey: .sharedWithAgencies) ?? []
        sharedWithUsers = try c.decodeIfPresent([String].self, forKey: .sharedWithUsers) ?? []
    }

    /// Every rule an event must satisfy, as field-named problems; empty when valid.
    public func validate() -> [FieldProblem] {
        var problems: [FieldProblem] = []
        if !EventTaxonomy.isValid(type: type, in: domain) {
            let known = (EventTaxonomy.types[domain] ?? []).joined(separator: ", ")
            problems.append(.init(field: "type", reason: "\"\(type)\" is not a \(domain.rawValue) type (\(known))"))
        }
        if !(1...5).contains(severity) {
            problems.append(.init(field: "severity", reason: "must be 1-5, got \(severity)"))
        }
        for (field, value) in [
            ("fatalities", fatalities), ("injuries", injuries), ("foreign_nationals_affected", foreignNationalsAffected),
        ] where value < 0 {
            problems.append(.init(field: field, reason: "must not be negative, got \(value)"))
        }
        if title.trimmingCharacters(in: .whitespaces).isEmpty {
            problems.append(.init(field: "title", reason: "must not be empty"))
        }
        if source.trimmingCharacters(in: .whitespaces).isEmpty {
            problems.append(.init(field: "source", reason: "must not be empty"))
        }
        if sourceRef.trimmingCharacters(in: .whitespaces).isEmpty {
            problems.append(.init(field: "source_ref", reason: "must not be empty"))
        }
        if reportedAt < occurredAt.addingTimeInterval(-86_400) {
            problems.append(.init(field: "reported_at", reason: "is more than a day before occurred_at"))
        }
        for id in siteIDs where !Slug.isValid(id) {
            problems.append(.init(field: "site_ids", reason: "\"\(id)\" is not a site id"))
        }
        return problems
    }
}
