import Foundation

/// A protected place: an SEZ, park, farm project, plant, port, road or rail segment, camp.
public struct Site: Sendable, Hashable, Codable, Identifiable {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case sez, industrialPark = "industrial_park", techPark = "tech_park"
        case agriculturalProject = "agricultural_project", energyPlant = "energy_plant"
        case port, airport, roadSegment = "road_segment", railSegment = "rail_segment"
        case residenceCamp = "residence_camp", office, other
    }

    /// Stable slug, e.g. `cpec-10` or `gwadar-port`.
    public var id: String
    public var name: String
    public var kind: Kind
    /// `I`, `II`, or a note such as `not CPEC` for related projects that are not part of it.
    public var cpecPhase: String?
    public var status: String?
    public var operatorName: String?
    public var province: Province?
    public var district: String?
    public var location: Coordinate
    /// Optional outline or alignment (Polygon, MultiPolygon or LineString).
    public var geometry: Geometry?
    public var foreignNationals: Int?
    public var localWorkers: Int?
    public var totalWorkers: Int?
    /// 1 (low) – 5 (national importance).
    public var criticality: Int
    public var protectionMeasures: [String]
    public var notes: String?
    /// Source URL(s) of the facts, or `synthetic`.
    public var provenance: String

    public init(
        id: String, name: String, kind: Kind, cpecPhase: String? = nil, status: String? = nil,
        operatorName: String? = nil, province: Province? = nil, district: String? = nil,
        location: Coordinate, geometry: Geometry? = nil, foreignNationals: Int? = nil,
        localWorkers: Int? = nil, totalWorkers: Int? = nil, criticality: Int = 3,
        protectionMeasures: [String] = [], notes: String? = nil, provenance: String
    ) {
        self.id = id
        self.name = name
        self.kind = kind
        self.cpecPhase = cpecPhase
        self.status = status
        self.operatorName = operatorName
        self.province = province
        self.district = district
        self.location = location
        self.geometry = geometry
        self.foreignNationals = foreignNationals
        self.localWorkers = localWorkers
        self.totalWorkers = totalWorkers
        self.criticality = criticality
        self.protectionMeasures = protectionMeasures
        self.notes = notes
        self.provenance = provenance
    }

    enum CodingKeys: String, CodingKey {
        case id, name, kind, cpecPhase = "cpec_phase", status, operatorName = "operator", province, district
        case location, geometry, foreignNationals = "foreign_nationals", localWorkers = "local_workers"
        case totalWorkers = "total_workers", criticality, protectionMeasures = "protection_measures"
        case notes, provenance
    }

    /// Decodes with defaults for what clients may leave out: criticality 3, no measures.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        name = try c.decode(String.self, forKey: .name)
        kind = try c.decode(Kind.self, forKey: .kind)
        cpecPhase = try c.decodeIfPresent(String.self, forKey: .cpecPhase)
        status = try c.decodeIfPresent(String.self, forKey: .status)
        operatorName = try c.decodeIfPresent(String.self, forKey: .operatorName)
        province = try c.decodeIfPresent(Province.self, forKey: .province)
        district = try c.decodeIfPresent(String.self, forKey: .district)
        location = try c.decode(Coordinate.self, forKey: .location)
        geometry = try c.decodeIfPresent(Geometry.self, forKey: .geometry)
        foreignNationals = try c.decodeIfPresent(Int.self, forKey: .foreignNationals)
        localWorkers = try c.decodeIfPresent(Int.self, forKey: .localWorkers)
        totalWorkers = try c.decodeIfPresent(Int.self, forKey: .totalWorkers)
        criticality = try c.decodeIfPresent(Int.self, forKey: .criticality) ?? 3
        protectionMeasures = try c.decodeIfPresent([String].self, forKey: .protectionMeasures) ?? []
        notes = try c.decodeIfPresent(String.self, forKey: .notes)
        provenance = try c.decodeIfPresent(String.self, forKey: .provenance) ?? ""
    }

    /// Every rule a site must satisfy, as field-named problems; empty when valid.
    public func validate() -> [FieldProblem] {
        var problems: [FieldProblem] = []
        if !Slug.isValid(id) {
            problems.append(.init(field: "id", reason: "must be 1-80 characters of a-z, 0-9, '-' or '_'"))
        }
        if name.trimmingCharacters(in: .whitespaces).isEmpty {
            problems.append(.init(field: "name", reason: "must not be empty"))
        }
        if !(1...5).contains(criticality) {
            problems.append(.init(field: "criticality", reason: "must be 1-5, got \(criticality)"))
        }
        for (field, value) in [
            ("foreign_nationals", foreignNationals), ("local_workers", localWorkers), ("total_workers", totalWorkers),
        ] {
            if let v = value, v < 0 { problems.append(.init(field: field, reason: "must not be negative")) }
        }
        if let total = totalWorkers, let local = localWorkers, let foreign = foreignNationals, local + foreign > total {
            problems.append(
                .init(field: "total_workers", reason: "is \(total), less than local + foreign (\(local + foreign))"))
        }
        if provenance.trimmingCharacters(in: .whitespaces).isEmpty {
            problems.append(.init(field: "provenance", reason: "must name a source URL or 'synthetic'"))
        }
        return problems
    }
}

/// One problem with one field of a record: what is wrong, and where.
public struct FieldProblem: Sendable, Hashable, Codable, CustomStringConvertible {
    public var field: String
    public var reason: String
    public init(field: String, reason: String) {
        self.field = field
        self.reason = reason
    }
    public var description: String { "\(field): \(reason)" }
}

/// Thrown where one broken rule ends the work (a new account's fields); the HTTP layer
/// answers 422 naming the field.
extension FieldProblem: Error {}
