/// The eight domains of the CorridorWatch event taxonomy.
public enum Domain: String, Sendable, Hashable, Codable, CaseIterable {
    case terrorismInsurgency = "terrorism_insurgency"
    case crime
    case cyber
    case governance
    case socioeconomic
    case geopolitical
    case maritime
    case environmental

    public var title: String {
        switch self {
        case .terrorismInsurgency: "Terrorism / insurgency"
        case .crime: "Crime"
        case .cyber: "Cyber"
        case .governance: "Governance / political"
        case .socioeconomic: "Socioeconomic / community"
        case .geopolitical: "Geopolitical / cross-border"
        case .maritime: "Maritime"
        case .environmental: "Environmental"
        }
    }
}

/// The event types of each domain. Subtypes are free slugs under a type (for example
/// `suicide_attack` / `vbied`); the types themselves are a closed list so that filters,
/// risk weights and mandates can rely on them. `docs/formats.md` lists them.
public enum EventTaxonomy {
    public static let types: [Domain: [String]] = [
        .terrorismInsurgency: [
            "armed_assault", "suicide_attack", "ied", "kidnapping", "targeted_killing",
            "rocket_attack", "sabotage", "threat",
        ],
        .crime: ["extortion", "robbery", "theft", "kidnapping_for_ransom", "insider_attack", "fraud", "assault", "arrest"],
        .cyber: ["ransomware", "espionage", "disinformation", "ddos", "intrusion", "phishing", "data_leak"],
        .governance: ["protest", "strike", "political_violence", "policy_dispute", "corruption", "strategic_development"],
        .socioeconomic: ["land_dispute", "riot", "compensation_dispute", "employment_grievance", "community_tension"],
        .geopolitical: ["cross_border_firing", "border_closure", "diplomatic_incident", "infiltration"],
        .maritime: [
            "piracy", "smuggling", "ais_gap", "loitering", "encounter", "position_anomaly",
            "identity_change", "zone_entry", "illegal_fishing",
        ],
        .environmental: ["flood", "earthquake", "heatwave", "landslide", "drought", "cyclone", "industrial_accident"],
    ]

    /// The domain a type belongs to, or nil for an unknown type.
    public static func domain(ofType type: String) -> Domain? {
        for (domain, list) in types where list.contains(type) { return domain }
        return nil
    }

    public static func isValid(type: String, in domain: Domain) -> Bool {
        types[domain]?.contains(type) ?? false
    }
}
