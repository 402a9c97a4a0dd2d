import Foundation

/// The first-level administrative units of Pakistan, in their current official names.
///
/// Natural Earth's polygons predate the 2018 merger of FATA into Khyber Pakhtunkhwa and
/// use older names; ``init(normalising:)`` maps those and common abbreviations here.
public enum Province: String, Sendable, Hashable, Codable, CaseIterable {
    case balochistan = "Balochistan"
    case khyberPakhtunkhwa = "Khyber Pakhtunkhwa"
    case punjab = "Punjab"
    case sindh = "Sindh"
    case islamabad = "Islamabad Capital Territory"
    case gilgitBaltistan = "Gilgit-Baltistan"
    case azadKashmir = "Azad Jammu and Kashmir"

    /// Recognises a province from free text: official names, Natural Earth's names
    /// (`Baluchistan`, `K.P.`, `F.A.T.A.`, `F.C.T.`, `Northern Areas`, `Azad Kashmir`, `Sind`)
    /// and abbreviations (`KP`, `KPK`, `ICT`, `GB`, `AJK`). Returns nil for anything else.
    public init?(normalising text: String) {
        let key = text.lowercased()
            .replacingOccurrences(of: ".", with: "")
            .replacingOccurrences(of: "-", with: " ")
            .split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
        switch key {
        case "balochistan", "baluchistan", "baloch": self = .balochistan
        case "khyber pakhtunkhwa", "kp", "kpk", "nwfp", "fata", "khyber pakhtunkhwa (ex fata)",
            "north west frontier province", "khyber pakhtunkwa", "federally administered tribal areas":
            self = .khyberPakhtunkhwa
        case "punjab": self = .punjab
        case "sindh", "sind": self = .sindh
        case "islamabad capital territory", "islamabad", "ict", "fct", "federal capital territory":
            self = .islamabad
        case "gilgit baltistan", "gb", "northern areas": self = .gilgitBaltistan
        case "azad jammu and kashmir", "azad kashmir", "ajk", "azad jammu & kashmir": self = .azadKashmir
        default: return nil
        }
    }

    /// Picks the first recognisable province from text naming several, such as
    /// `"Punjab / AJK border (Jhelum River)"`, or nil when none is recognisable.
    public static func firstMentioned(in text: String) -> Province? {
        if let whole = Province(normalising: text) { return whole }
        let parts = text.split(whereSeparator: { "/,;".contains($0) })
        for part in parts {
            var candidate = part.trimmingCharacters(in: .whitespaces)
            if let paren = candidate.firstIndex(of: "(") {
                candidate = String(candidate[..<paren]).trimmingCharacters(in: .whitespaces)
            }
            for suffix in [" border", " boundary"] where candidate.lowercased().hasSuffix(suffix) {
                candidate = String(candidate.dropLast(suffix.count))
            }
            if let p = Province(normalising: candidate) { return p }
        }
        return nil
    }
}
