import CorridorCore

/// Which alert kinds a subscriber asked for: full kinds (`case.opened`) and prefixes ending
/// in `.` (`maritime.`); none means every kind. Streams, lists and webhooks all filter so.
public enum AlertKindFilter {
    public static func matches(_ kind: AlertKind, _ kinds: [String]) -> Bool {
        kinds.isEmpty || kinds.contains { $0.hasSuffix(".") ? kind.rawValue.hasPrefix($0) : kind.rawValue == $0 }
    }

    /// `"case., maritime.detection"` → `["case.", "maritime.detection"]`.
    public static func parse(_ text: String?) -> [String] {
        (text ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
