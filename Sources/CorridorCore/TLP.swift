import Foundation

/// A FIRST Traffic Light Protocol 2.0 label, carried by every shareable record.
///
/// The order of the cases is the order of restriction, so labels compare:
/// `TLP.clear < TLP.red`.
public enum TLP: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case clear = "CLEAR"
    case green = "GREEN"
    case amber = "AMBER"
    case amberStrict = "AMBER+STRICT"
    case red = "RED"

    /// Records without an explicit label are shared as AMBER, FIRST's cautious default.
    public static let `default`: TLP = .amber

    /// Accepts `TLP:AMBER`, `amber`, `AMBER+STRICT`, and TLP 1.0's `WHITE` (now `CLEAR`).
    public init?(label: String) {
        var s = label.trimmingCharacters(in: .whitespaces).uppercased()
        if s.hasPrefix("TLP:") { s.removeFirst(4) }
        if s == "WHITE" { s = "CLEAR" }
        self.init(rawValue: s)
    }

    private var rank: Int { Self.allCases.firstIndex(of: self) ?? 0 }
    public static func < (a: TLP, b: TLP) -> Bool { a.rank < b.rank }
}
