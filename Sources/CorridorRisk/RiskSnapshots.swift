import CorridorCore
import Foundation

/// Daily snapshots and the `risk.class_changed` alerts they raise.
public enum RiskSnapshots {
    /// `YYYY-MM-DD` (UTC) of a time.
    public static func day(_ date: Date) -> String { DateFormats.formatDay(date) }

    /// Alert records for every site whose class rose since its previous snapshot. A site
    /// seen for the first time raises none: there is nothing to compare with.
    ///
    /// Ids are `risk.class_changed:SITE:DAY`, so taking the same day's snapshot twice
    /// raises each alert once.
    public static func classRises(previous: [RiskSnapshot], current: [SiteRisk], day: String, at time: Date) -> [AlertRecord] {
        let before = Dictionary(previous.map { ($0.siteID, $0) }, uniquingKeysWith: { a, b in a.day > b.day ? a : b })
        return current.compactMap { r in
            guard let old = before[r.siteID], r.riskClass > old.riskClass else { return nil }
            return AlertRecord(
                id: "risk.class_changed:\(r.siteID):\(day)", kind: .riskClassChanged, createdAt: time, siteID: r.siteID,
                tlp: .green,
                title: "Risk at \(r.siteName) rose from \(old.riskClass.title.lowercased()) to \(r.riskClass.title.lowercased())",
                details: [
                    "from": old.riskClass.rawValue, "to": r.riskClass.rawValue, "previous_day": old.day,
                    "risk": String(format: "%.2f", r.risk), "previous_risk": String(format: "%.2f", old.risk),
                ])
        }
    }
}
