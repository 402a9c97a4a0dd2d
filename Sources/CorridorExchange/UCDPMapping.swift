import CorridorCore
import Foundation

/// How a row of the UCDP Georeferenced Event Dataset (GED 22.1 and later, and the UCDP
/// Candidate events, which share its layout) maps onto the CorridorWatch taxonomy.
/// docs/formats.md#ucdp-ged holds the same table; keep them together.
///
/// UCDP records only lethal organised violence, so every row is at least a threat to life;
/// what varies is who fought whom, how many died and how precisely UCDP knows where and when.
public enum UCDPMapping {
    /// The licence asks every product that uses the data to cite it.
    public static let citation =
        "UCDP Georeferenced Event Dataset (GED), Uppsala Conflict Data Program, CC BY 4.0. "
        + "Sundberg & Melander (2013), J. Peace Research 50(4); Davies, Pettersson & Öberg (2022), J. Peace Research 59(4)."

    /// The value of `source` on every imported UCDP event; `source_ref` is UCDP's event id.
    public static let source = "UCDP GED"

    /// UCDP's `type_of_violence`.
    public enum ViolenceType: Int, Sendable, CaseIterable {
        case stateBased = 1, nonState = 2, oneSided = 3

        /// The spellings of the HDX / reference extract (`event_type`).
        public init?(text: String) {
            switch text.lowercased().trimmingCharacters(in: .whitespaces) {
            case "1", "state-based", "state based": self = .stateBased
            case "2", "non-state", "non state": self = .nonState
            case "3", "one-sided", "one sided": self = .oneSided
            default: return nil
            }
        }

        var words: String {
            switch self {
            case .stateBased: "State-based armed conflict"
            case .nonState: "Non-state conflict"
            case .oneSided: "One-sided violence against civilians"
            }
        }
    }

    /// Domain, type and subtype: clashes between a state and India are cross-border firing;
    /// other fighting is insurgency; deliberate killing of civilians is targeted killing.
    public static func target(violence: ViolenceType, sideA: String, sideB: String) -> (Domain, String, String) {
        let interstate = [sideA, sideB].contains { $0.lowercased().contains("government of india") }
        if interstate { return (.geopolitical, "cross_border_firing", "interstate") }
        switch violence {
        case .stateBased: return (.terrorismInsurgency, "armed_assault", "state_based")
        case .nonState: return (.terrorismInsurgency, "armed_assault", "non_state")
        case .oneSided: return (.terrorismInsurgency, "targeted_killing", "one_sided")
        }
    }

    /// Severity from the best estimate of deaths, as for ACLED (10+ → 5, 3+ → 4, 1+ → 3,
    /// 0 → 2: UCDP coded it as lethal but its best estimate is 0), one higher when civilians died.
    public static func severity(best: Int, civilianDeaths: Int) -> Int {
        var s: Int
        switch best {
        case 10...: s = 5
        case 3...: s = 4
        case 1...: s = 3
        default: s = 2
        }
        if civilianDeaths > 0 { s += 1 }
        return min(5, s)
    }

    /// UCDP's `where_prec` 1–5 to our geo precision; 6 (the country) is rejected by the importer.
    /// - 1 the exact place, 2 within about 25 km: located events, full distance weight.
    /// - 3 a district centroid: district-level (counts in the district at `district_weight`, in the
    ///   province at `province_weight`).
    /// - 4 a province centroid: province-level (no district).
    /// - 5 a border area or line (the LoC): near its representative point, at probable confidence.
    public static func geoPrecision(_ wherePrecision: Int) -> Event.GeoPrecision? {
        switch wherePrecision {
        case 1: .exact
        case 2, 5: .near
        case 3, 4: .region
        default: nil
        }
    }

    /// UCDP's `date_prec` 1–5: the day, 2–6 days, a week, a month, longer.
    public static func timePrecision(_ datePrecision: Int) -> Event.TimePrecision {
        switch datePrecision {
        case ...1: .day
        case 2, 3: .week
        case 4: .month
        default: .year
        }
    }

    /// GED's `adm_1` spelling ("Khyber Pakhtunkwa province", "Federally Administered Tribal
    /// Areas") without the " province" suffix; FATA is Khyber Pakhtunkhwa since 2018.
    public static func provinceText(_ admin1: String) -> String {
        var text = admin1.trimmingCharacters(in: .whitespaces)
        if text.lowercased().hasSuffix(" province") { text = String(text.dropLast(" province".count)) }
        return text
    }
}
