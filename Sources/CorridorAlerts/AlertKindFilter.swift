/// Which alert kinds a subscriber asked for: full kinds (`case.opened`) and prefixes ending
/// in `.` (`maritime.`); none means every kind. Streams, lists and webhooks all filter so.
public enum AlertKindFilter {
    public static func matches(_ kind: String, _ kinds: [String]) -> Bool {
        kinds.isEmpty || kinds.contains { $0.hasSuffix(".") ? kind.hasPrefix($0) : kind == $0 }
    }

    /// `"case., maritime.detection"` → `["case.", "maritime.detection"]`.
    public static func parse(_ text: String?) -> [String] {
        (text ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
