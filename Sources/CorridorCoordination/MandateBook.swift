import CorridorCore

/// The set of mandate rules, and the two questions asked of it: who leads the response to
/// this event, and where does the book leave a gap or an overlap.
///
/// Resolution: of the rules that apply, the most specific ones (most of province, site kind
/// and event type named) count; among them the highest `precedence`; if those still name more
/// than one lead agency, the case is an **overlap** and no lead is chosen. No applicable rule
/// at all is a **gap**.
///
/// ```swift
/// let book = MandateBook(rules: rules)
/// switch book.resolve(domain: .maritime, type: "encounter", province: .balochistan, siteKind: .port) {
/// case .lead(let rule): print(rule.lead)
/// case .overlap(let rules): print("overlap:", rules.map(\.lead))
/// case .gap: print("no one leads")
/// }
/// ```
public struct MandateBook: Sendable, Hashable {
    public var rules: [MandateRule]

    public init(rules: [MandateRule]) { self.rules = rules }

    public enum Resolution: Sendable, Hashable {
        case lead(MandateRule)
        case overlap([MandateRule])
        case gap
        /// Closed on purpose by a not-applicable rule.
        case notApplicable(MandateRule)

        public var rule: MandateRule? { if case .lead(let r) = self { r } else { nil } }
    }

    public func resolve(domain: Domain, type: String?, province: Province?, siteKind: Site.Kind?) -> Resolution {
        let applicable = rules.filter { $0.applies(domain: domain, type: type, province: province, siteKind: siteKind) }
        guard let specificity = applicable.map(\.specificity).max() else { return .gap }
        let specific = applicable.filter { $0.specificity == specificity }
        let top = specific.map(\.precedence).max() ?? 0
        let winners = specific.filter { $0.precedence == top }
        if winners.allSatisfy(\.notApplicable), let first = winners.sorted(by: { $0.id < $1.id }).first { return .notApplicable(first) }
        let leads = Set(winners.map { $0.notApplicable ? "" : $0.lead })
        guard leads.count == 1, let first = winners.sorted(by: { $0.id < $1.id }).first else {
            return .overlap(winners.sorted { $0.id < $1.id })
        }
        return .lead(first)
    }

    /// One cell of the matrix: a domain, a province and a site kind (nil: away from sites).
    public struct Cell: Sendable, Hashable {
        public var domain: Domain
        public var province: Province
        public var siteKind: Site.Kind?
        public var resolution: Resolution
        /// Event types of the domain whose resolution differs from the cell's (rules naming a type).
        public var byType: [String: Resolution]
    }

    /// Every cell of domain × province × site kind (and "no site"), resolved for events of any
    /// type, with the types that resolve differently listed per cell.
    public func matrix(
        provinces: [Province] = Province.allCases, siteKinds: [Site.Kind?] = [nil] + Site.Kind.allCases.map { $0 }
    )
        -> [Cell]
    {
        var cells: [Cell] = []
        for domain in Domain.allCases {
            let types = Set(rules.filter { $0.domain == domain }.compactMap(\.eventType)).sorted()
            for province in provinces {
                for kind in siteKinds {
                    let general = resolve(domain: domain, type: nil, province: province, siteKind: kind)
                    var byType: [String: Resolution] = [:]
                    for t in types {
                        let r = resolve(domain: domain, type: t, province: province, siteKind: kind)
                        if r != general { byType[t] = r }
                    }
                    cells.append(Cell(domain: domain, province: province, siteKind: kind, resolution: general, byType: byType))
                }
            }
        }
        return cells
    }

    /// The gaps and overlaps of the matrix, including those of single event types.
    public struct Analysis: Sendable, Hashable {
        public var cells: [Cell]
        public var gaps: [Cell] { cells.filter { $0.resolution == .gap || $0.byType.values.contains(.gap) } }
        public var overlaps: [Cell] {
            cells.filter {
                if case .overlap = $0.resolution { return true }
                return $0.byType.values.contains { if case .overlap = $0 { true } else { false } }
            }
        }
        public var isClean: Bool { gaps.isEmpty && overlaps.isEmpty }
    }

    public func analyse(provinces: [Province] = Province.allCases) -> Analysis { Analysis(cells: matrix(provinces: provinces)) }

    /// Problems with the book as a whole: rule problems by rule, and duplicate ids.
    public func validate(agencies: Set<String>?) -> [(rule: String, problem: FieldProblem)] {
        var out: [(String, FieldProblem)] = []
        var seen: Set<String> = []
        for r in rules {
            if !seen.insert(r.id).inserted { out.append((r.id, FieldProblem(field: "id", reason: "used by more than one rule"))) }
            for p in r.validate(agencies: agencies) { out.append((r.id, p)) }
        }
        return out
    }
}
