import Foundation

/// The date forms CorridorWatch reads and writes. Output is always RFC 3339 UTC.
public enum DateFormats {
    /// Parses RFC 3339 / ISO 8601 timestamps (with or without fractional seconds) and plain
    /// `YYYY-MM-DD` days (taken as midnight UTC). Returns nil for anything else.
    public static func parse(_ text: String) -> Date? {
        let s = text.trimmingCharacters(in: .whitespaces)
        if let day = parseDay(s) { return day }
        if let d = try? Date(s, strategy: .iso8601) { return d }
        if let d = try? Date(s, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)) { return d }
        return nil
    }

    /// Parses exactly `YYYY-MM-DD`, validating the calendar day.
    public static func parseDay(_ s: String) -> Date? {
        let parts = s.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
            (1...12).contains(m), (1...31).contains(d)
        else { return nil }
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = TimeZone(identifier: "UTC") ?? .gmt
        let comps = DateComponents(year: y, month: m, day: d)
        guard let date = cal.date(from: comps), cal.component(.day, from: date) == d else { return nil }
        return date
    }

    public static func format(_ date: Date) -> String {
        date.formatted(.iso8601)
    }

    public static func formatDay(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day())
    }

    public static func jsonEncoder(pretty: Bool = false) -> JSONEncoder {
        let e = JSONEncoder()
        e.dateEncodingStrategy = .custom { date, encoder in
            var c = encoder.singleValueContainer()
            try c.encode(format(date))
        }
        e.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return e
    }

    public static func jsonDecoder() -> JSONDecoder {
        let d = JSONDecoder()
        d.dateDecodingStrategy = .custom { decoder in
            let c = try decoder.singleValueContainer()
            let s = try c.decode(String.self)
            guard let date = parse(s) else {
                throw DecodingError.dataCorruptedError(
                    in: c, debugDescription: "\"\(s)\" is not an RFC 3339 timestamp or YYYY-MM-DD date")
            }
            return date
        }
        return d
    }
}
