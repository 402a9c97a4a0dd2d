import CorridorCore

/// How ACLED's `event_type` / `sub_event_type` map onto the CorridorWatch taxonomy.
/// The same table is in docs/formats.md; keep them together.
public enum ACLEDMapping {
    public struct Target: Sendable, Equatable {
        public let domain: Domain
        public let type: String
    }

    /// Keyed by lowercased sub_event_type.
    static let bySubEventType: [String: Target] = [
        "armed clash": .init(domain: .terrorismInsurgency, type: "armed_assault"),
        "government regains territory": .init(domain: .terrorismInsurgency, type: "armed_assault"),
        "non-state actor overtakes territory": .init(domain: .terrorismInsurgency, type: "armed_assault"),
        "suicide bomb": .init(domain: .terrorismInsurgency, type: "suicide_attack"),
        "remote explosive/landmine/ied": .init(domain: .terrorismInsurgency, type: "ied"),
        "shelling/artillery/missile attack": .init(domain: .terrorismInsurgency, type: "rocket_attack"),
        "air/drone strike": .init(domain: .terrorismInsurgency, type: "rocket_attack"),
        "grenade": .init(domain: .terrorismInsurgency, type: "armed_assault"),
        "chemical weapon": .init(domain: .terrorismInsurgency, type: "armed_assault"),
        "attack": .init(domain: .terrorismInsurgency, type: "targeted_killing"),
        "abduction/forced disappearance": .init(domain: .terrorismInsurgency, type: "kidnapping"),
        "sexual violence": .init(domain: .crime, type: "assault"),
        "peaceful protest": .init(domain: .governance, type: "protest"),
        "protest with intervention": .init(domain: .governance, type: "protest"),
        "excessive force against protesters": .init(domain: .governance, type: "protest"),
        "violent demonstration": .init(domain: .socioeconomic, type: "riot"),
        "mob violence": .init(domain: .socioeconomic, type: "riot"),
        "disrupted weapons use": .init(domain: .terrorismInsurgency, type: "threat"),
        "looting/property destruction": .init(domain: .crime, type: "theft"),
        "arrests": .init(domain: .crime, type: "arrest"),
    ]

    /// Everything else under "Strategic developments" (agreements, bases, transfers, other).
    static let strategicDevelopment = Target(domain: .governance, type: "strategic_development")

    public static func target(eventType: String, subEventType: String) -> Target? {
        if let t = bySubEventType[subEventType.lowercased()] { return t }
        if eventType.lowercased() == "strategic developments" { return strategicDevelopment }
        return nil
    }

    /// Severity from what ACLED records (deaths and the kind of violence); documented in
    /// docs/formats.md. Suicide attacks are at least 4 because of their intent to kill many.
    public static func severity(eventType: String, subtype: String, fatalities: Int) -> Int {
        var s: Int
        switch fatalities {
        case 10...: s = 5
        case 3...: s = 4
        case 1...: s = 3
        default:
            let violent = ["battles", "explosions/remote violence", "violence against civilians", "riots"]
            s = violent.contains(eventType.lowercased()) ? 2 : 1
        }
        if subtype.lowercased() == "suicide bomb" { s = max(s, 4) }
        return s
    }
}
