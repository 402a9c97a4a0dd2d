import CorridorCore
import CorridorExchange
import CorridorRisk
import Foundation

/// Text renderings of risk results for the terminal.
enum RiskReport {
    static func number(_ v: Double?) -> String { v.map { String(format: "%.2f", $0) } ?? "  - " }

    static func pad(_ s: String, _ n: Int) -> String {
        s.count >= n ? String(s.prefix(n)) : s + String(repeating: " ", count: n - s.count)
    }

    static func table(_ results: [SiteRisk], asOf: Date) -> String {
        var out = "risk as of \(DateFormats.format(asOf)); HE = hazard & exposure, V = vulnerability, LCC = lack of coping capacity\n"
        out += pad("site", 12) + pad("name", 44) + pad("province", 20) + " risk  class      HE     V      LCC    confidence\n"
        for r in results {
            out += pad(r.siteID, 12) + pad(r.siteName, 44) + pad(r.province?.rawValue ?? "", 20)
            out += String(format: " %4.2f  ", r.risk) + pad(r.riskClass.rawValue, 10)
            out += " \(number(r.hazardExposure))  \(number(r.vulnerability))  \(number(r.copingCapacityLack))"
            out += "  \(pad(r.confidence.level.rawValue, 6))" + String(format: " %3.0f%%\n", r.completeness * 100)
        }
        return out
    }

    static func csv(_ results: [SiteRisk]) -> String {
        var out = CSVWriter.line(
            [
                "site_id", "name", "province", "risk", "class", "hazard_exposure", "vulnerability", "lack_of_coping_capacity",
                "completeness", "confidence",
            ] + Domain.allCases.map { "he_\($0.rawValue)" })
        for r in results {
            out += CSVWriter.line(
                [
                    r.siteID, r.siteName, r.province?.rawValue ?? "", String(format: "%.4f", r.risk), r.riskClass.rawValue,
                    String(format: "%.4f", r.hazardExposure), r.vulnerability.map { String(format: "%.4f", $0) } ?? "",
                    r.copingCapacityLack.map { String(format: "%.4f", $0) } ?? "", String(format: "%.2f", r.completeness),
                    r.confidence.level.rawValue,
                ] + Domain.allCases.map { String(format: "%.4f", r.domainScores[$0.rawValue] ?? 0) })
        }
        return out
    }

    static func explanation(_ x: RiskExplanation) -> String {
        let r = x.result
        func bar(_ v: Double?) -> String {
            guard let v else { return "(no data)" }
            return String(repeating: "█", count: Int((v * 2).rounded())) + String(format: " %.2f", v)
        }
        var out = "\(r.siteName) (\(r.siteID)) — risk \(String(format: "%.2f", r.risk)) of 10, \(r.riskClass.title.lowercased())"
        out += ", confidence \(r.confidence.summary), as of \(DateFormats.format(x.asOf))\n\n"
        out += "  hazard & exposure        \(bar(r.hazardExposure))\n"
        out += "  vulnerability            \(bar(r.vulnerability))\n"
        out += "  lack of coping capacity  \(bar(r.copingCapacityLack))\n\nhazard & exposure by domain:\n"
        for d in x.domains where d.events > 0 {
            out +=
                "  \(pad(d.domain.rawValue, 22)) \(bar(d.score))  (\(d.events) events, raw weight \(String(format: "%.3f", d.rawWeight)))\n"
        }
        let severe = x.severeIncidents
        out += "  \(pad("severe incidents", 22)) \(bar(severe.score))  (\(severe.count) of severity ≥ \(severe.minimumSeverity)"
        out += " within \(String(format: "%g", severe.radiusKm)) km in \(String(format: "%g", severe.windowDays)) days"
        out += severe.eventIDs.isEmpty ? ")\n" : ": \(severe.eventIDs.joined(separator: ", ")))\n"
        out += "\nindicators:\n"
        for i in x.indicators {
            out +=
                "  \(pad(i.title, 40)) \(pad(i.value == nil ? "(5.00)" : number(i.value), 6)) \(i.basis)\(i.value == nil ? "; imputed as average" : "")\n"
        }
        out += "\ntop events:\n"
        for e in x.topEvents {
            let distance = e.distanceKm.map { String(format: "%5.1f km", $0) } ?? pad(e.basis, 8)
            out += String(format: "  %5.1f%%  %@  %5.0f d  ", e.share * 100, distance, e.ageDays) + "\(e.eventID)  \(e.title)\n"
        }
        if x.withheldEvents > 0 { out += "  (\(x.withheldEvents) more events you may not see)\n" }
        return out
    }

    static func backtest(_ b: BacktestResult) -> String {
        let q = b.question
        var out = "backtest: risk as of \(DateFormats.format(q.cut)); outcome: an event of severity ≥ \(q.minSeverity) "
        out += "within \(String(format: "%g", q.radiusKm)) km of a site in the following \(String(format: "%g", q.horizonDays)) days\n"
        out += "  risk rests on \(b.eventsBeforeCut) events known at the cut\n"
        out += "  \(b.eventsInHorizon) outcome events reached a site; \(b.positives) of \(b.sites) sites had one "
        out += "(base rate \(String(format: "%.2f", b.baseRate)), what precision@\(b.k) is by chance)\n"
        out += "  ROC AUC: 0.5 = chance; brackets: 95 % bootstrap interval over sites (\(q.resamples) resamples)\n\n"
        func value(_ v: Double?, _ range: ClosedRange<Double>?, _ digits: Int) -> String {
            guard let v else { return pad("n/a", 22) }
            let text =
                String(format: "%.\(digits)f", v)
                + (range.map { String(format: " [%.\(digits)f, %.\(digits)f]", $0.lowerBound, $0.upperBound) } ?? "")
            return pad(text, 22)
        }
        out += "  " + pad("ranking", 42) + pad("ROC AUC", 22) + "precision@\(b.k)\n"
        for s in [b.model, b.hazardOnly] + b.baselines {
            let auc = value(s.rocAUC, s.rocAUCInterval, 3)
            let precision = value(s.precisionAtK, s.precisionAtKInterval, 2)
            out += "  \(pad(s.name, 42))\(auc)\(precision)\n"
        }
        if let ok = b.modelAtLeastBestBaseline, let best = b.bestBaseline {
            out +=
                ok
                ? "\n  the model is at or above the best naive baseline (\(best.name))\n"
                : "\n  the model is BELOW the best naive baseline (\(best.name))\n"
        }
        for w in b.warnings { out += "  WARNING: \(w)\n" }
        return out
    }
}
