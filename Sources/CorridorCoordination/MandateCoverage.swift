import CorridorCore
import CorridorRisk

/// The risk model's `mandate_coverage` indicator (lack of coping capacity): for a site, the
/// share of domains in which an event at a site of its kind, in its province, has no lead
/// agency (a gap) or two (an overlap), on 0–10. Domains closed as not applicable there are
/// left out. Nothing is known (the indicator is missing) while there are no mandate rules.
public struct MandateCoverage: RiskIndicatorSource {
    public let book: MandateBook
    public let indicatorIDs = ["mandate_coverage"]

    public init(book: MandateBook) { self.book = book }

    public func value(_ id: String, for site: Site) -> IndicatorValue? {
        guard id == "mandate_coverage", !book.rules.isEmpty, let province = site.province else { return nil }
        var gaps: [String] = []
        var overlaps: [String] = []
        var counted = 0
        for domain in Domain.allCases {
            switch book.resolve(domain: domain, type: nil, province: province, siteKind: site.kind) {
            case .notApplicable: continue
            case .gap: gaps.append(domain.rawValue)
            case .overlap: overlaps.append(domain.rawValue)
            case .lead: break
            }
            counted += 1
        }
        guard counted > 0 else { return nil }
        var basis: [String] = []
        if !gaps.isEmpty { basis.append("no lead for " + gaps.joined(separator: ", ")) }
        if !overlaps.isEmpty { basis.append("two leads for " + overlaps.joined(separator: ", ")) }
        if basis.isEmpty { basis.append("a lead agency for all \(counted) domains") }
        return IndicatorValue(
            id: id, dimension: .copingCapacityLack, title: "Mandate coverage gaps",
            value: 10 * Double(gaps.count + overlaps.count) / Double(counted), basis: basis.joined(separator: "; "))
    }
}
