import CorridorCore
import Foundation

/// UCDP GED rows, in UCDP's own CSV layout (GED 22.1 and later, Candidate events) or in the
/// layout of the project's Pakistan extract (`ged221_pakistan_1989_2019.csv`, HDX column names).
extension EventFiles {
    /// Columns that identify UCDP's own layout.
    static let ucdpColumns = ["id", "type_of_violence", "where_prec", "date_start", "date_end", "best", "latitude", "longitude"]
    /// Columns that identify the reference extract's layout.
    static let ucdpExtractColumns = ["source_id", "event_type", "where_precision", "date", "date_end", "deaths", "side_a", "side_b"]

    /// UCDP's column name → the extract's name for the same field.
    private static let ucdpAliases = [
        "id": "source_id", "type_of_violence": "event_type", "where_prec": "where_precision", "adm_1": "admin1",
        "adm_2": "admin2", "date_prec": "date_precision", "date_start": "date", "best": "deaths", "low": "deaths_low",
        "high": "deaths_high",
    ]

    func ucdpEvent(_ f: FieldReader, _ warnings: inout [ImportWarning]) throws -> Event {
        let row = f.row
        /// The named column in either layout, reported by UCDP's name.
        func field(_ name: String) -> String? { row[name] ?? Self.ucdpAliases[name].flatMap { row[$0] } }
        func required(_ name: String) throws -> String {
            guard let v = field(name) else { throw FieldError.invalid(column: name, reason: "is required") }
            return v
        }
        func count(_ name: String, default value: Int = 0) throws -> Int {
            guard let text = field(name) else { return value }
            guard let n = Int(text), (0...1_000_000).contains(n) else {
                throw FieldError.invalid(column: name, reason: "\"\(text)\" is not a count of deaths (0-1000000)")
            }
            return n
        }
        var id = try required("id")
        if id.hasPrefix("UCDP-GED-") { id = String(id.dropFirst("UCDP-GED-".count)) }
        guard !id.isEmpty, id.allSatisfy({ $0.isNumber }) else {
            throw FieldError.invalid(column: "id", reason: "\"\(id)\" is not a UCDP event id (digits)")
        }
        let precisionText = try required("where_prec")
        guard let wherePrecision = Int(precisionText), (1...6).contains(wherePrecision) else {
            throw FieldError.invalid(column: "where_prec", reason: "\"\(precisionText)\" is not a UCDP location precision (1-6)")
        }
        guard let geo = UCDPMapping.geoPrecision(wherePrecision) else {
            throw FieldError.invalid(
                column: "where_prec",
                reason: "6: located only at the country's centroid (often a yearly aggregate); it says nothing about any site")
        }
        let violenceText = try required("type_of_violence")
        guard let violence = UCDPMapping.ViolenceType(text: violenceText) else {
            throw FieldError.invalid(
                column: "type_of_violence", reason: "\"\(violenceText)\" is not 1/state-based, 2/non-state or 3/one-sided")
        }
        func day(_ name: String) throws -> Date? {
            guard let text = field(name) else { return nil }
            guard let d = DateFormats.parseDay(String(text.prefix(10))) else {
                throw FieldError.invalid(column: name, reason: "\"\(text)\" is not a date (YYYY-MM-DD)")
            }
            return d
        }
        guard let start = try day("date_start") else { throw FieldError.invalid(column: "date_start", reason: "is required") }
        let end = try day("date_end") ?? start
        guard end >= start else {
            throw FieldError.invalid(column: "date_end", reason: "is before date_start")
        }
        let datePrecision = try f.int(row["date_prec"] == nil ? "date_precision" : "date_prec", default: 1, range: 1...5) ?? 1
        let location = try f.coordinate(latitude: "latitude", longitude: "longitude")
        let best = try count("best")
        let low = try count("low", default: best)
        let high = try count("high", default: best)
        let civilians = try count("deaths_civilians")
        let sideA = field("side_a") ?? "unknown"
        let sideB = field("side_b") ?? "unknown"
        let (domain, type, subtype) = UCDPMapping.target(violence: violence, sideA: sideA, sideB: sideB)
        let admin1 = field("adm_1")
        let (province, warning) = provinces.resolve(
            given: admin1.map(UCDPMapping.provinceText), at: location, line: row.line, column: "adm_1")
        if let warning { warnings.append(warning) }
        var district = wherePrecision == 4 ? nil : field("adm_2")
        for suffix in [" district", " agency", " tehsil"] where district?.lowercased().hasSuffix(suffix) == true {
            district = district.map { String($0.dropLast(suffix.count)) }
        }
        let place = field("where_coordinates")
        let clear = (row["code_status"] ?? "Clear").lowercased() == "clear" && row["event_clarity"] != "2"
        let confidence: Event.Confidence = clear && wherePrecision != 5 ? .confirmed : .probable
        let dead = best == 1 ? "1 dead" : "\(best) dead"
        let narrative = [
            "\(violence.words): \(sideA) against \(sideB)" + (field("conflict_name").map { " (conflict: \($0))" } ?? "") + ".",
            "Deaths: best estimate \(best) (low \(low), high \(high)); civilians \(civilians).",
            "Location: \(place ?? "unnamed")" + (admin1.map { ", UCDP admin1 \"\($0)\"" } ?? "")
                + (admin1?.lowercased().contains("tribal areas") == true
                    ? " (FATA, merged into Khyber Pakhtunkhwa in 2018)" : "")
                + "; UCDP location precision \(wherePrecision).",
            "Date: \(DateFormats.formatDay(start))" + (end > start ? " to \(DateFormats.formatDay(end))" : "")
                + "; UCDP date precision \(datePrecision).",
            "Historical record. " + UCDPMapping.citation,
        ].joined(separator: "\n")
        return Event(
            occurredAt: start, timePrecision: UCDPMapping.timePrecision(datePrecision),
            // Known no earlier than the end of its date range, so a backtest cut inside the
            // range does not see it.
            reportedAt: end, location: location, geoPrecision: geo, province: province, district: district,
            place: place, domain: domain, type: type, subtype: subtype,
            severity: UCDPMapping.severity(best: best, civilianDeaths: civilians), fatalities: best,
            confidence: confidence, tlp: .clear,
            title: "\(violence.words), \(sideA) – \(sideB)" + (place.map { ", \($0)" } ?? "") + " (\(dead))",
            narrative: narrative, source: UCDPMapping.source, sourceRef: id,
            sourceURL: "https://ucdp.uu.se/event/\(id)")
    }
}
