/// A public body or operator that protects corridor sites.
public struct Agency: Sendable, Hashable, Codable, Identifiable {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case police, counterTerrorism = "counter_terrorism", military, intelligence, cert, maritime
        case districtAdmin = "district_admin", corridorAuthority = "corridor_authority", `operator`, other
    }

    public var id: String
    public var name: String
    public var kind: Kind
    /// Provinces where the agency acts; empty means national jurisdiction.
    public var jurisdiction: [Province]
    /// Where the agency can respond from (used by the risk engine's coping capacity).
    public var bases: [Coordinate]
    public var provenance: String?

    public init(
        id: String, name: String, kind: Kind, jurisdiction: [Province] = [], bases: [Coordinate] = [],
        provenance: String? = nil
    ) {
        self.id = id
        self.name = name
        self.kind = kind
        self.jurisdiction = jurisdiction
        self.bases = bases
        self.provenance = provenance
    }

    public func validate() -> [FieldProblem] {
        var problems: [FieldProblem] = []
        if !Slug.isValid(id) { problems.append(.init(field: "id", reason: "must be a slug (a-z, 0-9, '-', '_')")) }
        if name.isEmpty { problems.append(.init(field: "name", reason: "must not be empty")) }
        return problems
    }
}
