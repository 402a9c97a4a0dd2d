import CorridorCore
import Foundation

/// The operator's settings for crisis cases: when an event opens one by itself, and where
/// missed deadlines escalate. Read from a JSON file by `serve --case-policy FILE`:
///
/// ```json
/// {"opening": {"minimum_severity": 4, "on_fatalities": true, "on_foreign_nationals": true,
///              "security_zones": ["gwadar-port-security"]},
///  "escalation": {"second_interval": "1h", "authority": "cpec-authority"}}
/// ```
///
/// Every key is optional; what is left out keeps its default.
public struct CasePolicy: Sendable {
    public var opening: CaseOpeningRule
    public var escalation: CaseDeadlines

    public init(opening: CaseOpeningRule = .init(), escalation: CaseDeadlines = .init()) {
        self.opening = opening
        self.escalation = escalation
    }

    /// A policy file that cannot be used, naming the field.
    public struct Problem: Error, CustomStringConvertible, Equatable {
        public var field: String
        public var reason: String
        public var description: String { "\(field): \(reason)" }
    }

    /// Reads a policy file; unknown keys are refused so a misspelt setting is not silently ignored.
    public static func read(_ data: Data) throws(Problem) -> CasePolicy {
        guard let root = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw Problem(field: "file", reason: "not a JSON object")
        }
        try known(root, ["opening", "escalation"], at: "")
        var policy = CasePolicy()
        if let value = root["opening"] {
            guard let o = value as? [String: Any] else { throw Problem(field: "opening", reason: "must be an object") }
            try known(o, ["minimum_severity", "on_fatalities", "on_foreign_nationals", "security_zones"], at: "opening.")
            if let v = o["minimum_severity"] {
                guard let n = v as? Int, (1...6).contains(n) else {
                    throw Problem(field: "opening.minimum_severity", reason: "must be a whole number 1-5 (6: never by severity)")
                }
                policy.opening.minimumSeverity = n
            }
            policy.opening.onFatalities = try flag(o, "on_fatalities", default: policy.opening.onFatalities)
            policy.opening.onForeignNationals = try flag(o, "on_foreign_nationals", default: policy.opening.onForeignNationals)
            if let v = o["security_zones"] {
                guard let zones = v as? [String], zones.allSatisfy({ !$0.isEmpty }) else {
                    throw Problem(field: "opening.security_zones", reason: "must be a list of zone ids")
                }
                policy.opening.securityZones = Set(zones)
            }
        }
        if let value = root["escalation"] {
            guard let e = value as? [String: Any] else { throw Problem(field: "escalation", reason: "must be an object") }
            try known(e, ["second_interval", "authority"], at: "escalation.")
            if let v = e["second_interval"] {
                guard let text = v as? String, let seconds = MandateDuration.parse(text), seconds > 0 else {
                    throw Problem(field: "escalation.second_interval", reason: "must be a duration such as \"30m\" or \"1h\"")
                }
                policy.escalation.secondInterval = seconds
            }
            if let v = e["authority"] {
                guard let id = v as? String, !id.isEmpty else {
                    throw Problem(field: "escalation.authority", reason: "must be an agency id")
                }
                policy.escalation.authority = id
            }
        }
        return policy
    }

    static func known(_ object: [String: Any], _ keys: Set<String>, at prefix: String) throws(Problem) {
        if let unknown = object.keys.sorted().first(where: { !keys.contains($0) }) {
            throw Problem(field: prefix + unknown, reason: "unknown setting (known: \(keys.sorted().joined(separator: ", ")))")
        }
    }

    static func flag(_ object: [String: Any], _ key: String, default value: Bool) throws(Problem) -> Bool {
        guard let v = object[key] else { return value }
        guard let b = v as? Bool else { throw Problem(field: "opening.\(key)", reason: "must be true or false") }
        return b
    }
}
