import CorridorCore
import Foundation

/// Who leads the response to what, where: one rule of the mandate book.
///
/// A rule applies to events of a `domain` (optionally one `eventType`), in a `province` (nil:
/// every province) at or near sites of a `siteKind` (nil: any kind, and events away from
/// sites). The `lead` agency answers first; `supporting` agencies are alerted with it.
///
/// ```json
/// {"id": "maritime-balochistan", "domain": "maritime", "province": "Balochistan",
///  "lead": "pmsa", "supporting": ["fc-balochistan"], "acknowledge_within": "15m", "respond_within": "2h"}
/// ```
public struct MandateRule: Sendable, Hashable, Codable, Identifiable {
    public var id: String
    public var domain: Domain
    public var eventType: String?
    public var province: Province?
    public var siteKind: Site.Kind?
    public var lead: String
    public var supporting: [String]
    /// Seconds.
    public var acknowledgeWithin: Double
    /// Seconds.
    public var respondWithin: Double
    /// Breaks a tie between equally specific rules naming different leads: the higher wins.
    /// Equal precedence and different leads is an overlap.
    public var precedence: Int
    /// Why the rule is what it is (the legal basis, a memorandum, "illustrative").
    public var note: String?
    /// The cells this rule covers need no lead (maritime events in a landlocked province):
    /// closed on purpose, not a gap. `lead` is empty then.
    public var notApplicable: Bool

    public init(
        id: String, domain: Domain, eventType: String? = nil, province: Province? = nil, siteKind: Site.Kind? = nil, lead: String,
        supporting: [String] = [], acknowledgeWithin: Double = 900, respondWithin: Double = 7200, precedence: Int = 0, note: String? = nil,
        notApplicable: Bool = false
    ) {
        self.notApplicable = notApplicable
        self.id = id
        self.domain = domain
        self.eventType = eventType
        self.province = province
        self.siteKind = siteKind
        self.lead = lead
        self.supporting = supporting
        self.acknowledgeWithin = acknowledgeWithin
        self.respondWithin = respondWithin
        self.precedence = precedence
        self.note = note
    }

    /// How many of province, site kind and event type the rule names: the more, the more
    /// specific, and a more specific rule wins over a broader one.
    public var specificity: Int { (province == nil ? 0 : 1) + (siteKind == nil ? 0 : 1) + (eventType == nil ? 0 : 1) }

    /// Whether the rule applies to an event of this domain and type, in this province, at a
    /// site of this kind (nil: away from any site).
    public func applies(domain: Domain, type: String?, province: Province?, siteKind: Site.Kind?) -> Bool {
        guard domain == self.domain else { return false }
        if let t = eventType, t != type { return false }
        if let p = self.province, p != province { return false }
        if let k = self.siteKind, k != siteKind { return false }
        return true
    }

    enum CodingKeys: String, CodingKey {
        case id, domain, eventType = "event_type", province, siteKind = "site_kind", lead, supporting
        case acknowledgeWithin = "acknowledge_within", respondWithin = "respond_within", precedence, note
        case notApplicable = "not_applicable"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        domain = try c.decode(Domain.self, forKey: .domain)
        eventType = try c.decodeIfPresent(String.self, forKey: .eventType)
        if let p = try c.decodeIfPresent(String.self, forKey: .province), p.lowercased() != "all" {
            guard let province = Province(normalising: p) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .province, in: c, debugDescription: "\"\(p)\" is not a province (or \"all\")")
            }
            self.province = province
        } else {
            province = nil
        }
        siteKind = try c.decodeIfPresent(Site.Kind.self, forKey: .siteKind)
        notApplicable = try c.decodeIfPresent(Bool.self, forKey: .notApplicable) ?? false
        lead = try c.decodeIfPresent(String.self, forKey: .lead) ?? ""
        supporting = try c.decodeIfPresent([String].self, forKey: .supporting) ?? []
        acknowledgeWithin = try Self.duration(c, .acknowledgeWithin) ?? 900
        respondWithin = try Self.duration(c, .respondWithin) ?? 7200
        precedence = try c.decodeIfPresent(Int.self, forKey: .precedence) ?? 0
        note = try c.decodeIfPresent(String.self, forKey: .note)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(domain, forKey: .domain)
        try c.encodeIfPresent(eventType, forKey: .eventType)
        try c.encode(province?.rawValue ?? "all", forKey: .province)
        try c.encodeIfPresent(siteKind, forKey: .siteKind)
        try c.encode(lead, forKey: .lead)
        try c.encode(supporting, forKey: .supporting)
        try c.encode(MandateDuration.format(acknowledgeWithin), forKey: .acknowledgeWithin)
        try c.encode(MandateDuration.format(respondWithin), forKey: .respondWithin)
        try c.encode(precedence, forKey: .precedence)
        try c.encodeIfPresent(note, forKey: .note)
        if notApplicable { try c.encode(true, forKey: .notApplicable) }
    }

    /// A duration as `"15m"`, `"2h"`, `"1d"`, `"90s"` or a number of seconds.
    static func duration(_ c: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys) throws -> Double? {
        let seconds: Double
        if let number = try? c.decodeIfPresent(Double.self, forKey: key) {
            seconds = number
        } else {
            guard let text = try c.decodeIfPresent(String.self, forKey: key) else { return nil }
            guard let parsed = MandateDuration.parse(text) else {
                throw DecodingError.dataCorruptedError(
                    forKey: key, in: c, debugDescription: "\"\(text.prefix(40))\" is not a duration (e.g. 15m, 2h, 1d)")
            }
            seconds = parsed
        }
        guard MandateDuration.range.contains(seconds) else {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: c, debugDescription: "must be from 1s to 365d (a deadline beyond a year is no deadline)")
        }
        return seconds
    }

    /// What is wrong with the rule, by field.
    public func validate(agencies: Set<String>?) -> [FieldProblem] {
        var problems: [FieldProblem] = []
        if !Slug.isValid(id) { problems.append(.init(field: "id", reason: "must be a slug (a-z, 0-9, '-', '_')")) }
        if let t = eventType, !EventTaxonomy.isValid(type: t, in: domain) {
            problems.append(.init(field: "event_type", reason: "\"\(t)\" is not a type of the \(domain.rawValue) domain"))
        }
        if notApplicable {
            if !lead.isEmpty || !supporting.isEmpty {
                problems.append(.init(field: "lead", reason: "a not-applicable rule names no lead or supporting agencies"))
            }
            return problems
        }
        if lead.isEmpty { problems.append(.init(field: "lead", reason: "required (or \"not_applicable\": true)")) }
        if let agencies {
            if !lead.isEmpty, !agencies.contains(lead) { problems.append(.init(field: "lead", reason: "no agency \"\(lead)\"")) }
            for s in supporting where !agencies.contains(s) { problems.append(.init(field: "supporting", reason: "no agency \"\(s)\"")) }
        }
        if supporting.contains(lead) { problems.append(.init(field: "supporting", reason: "the lead \"\(lead)\" cannot also support")) }
        if !(acknowledgeWithin > 0) { problems.append(.init(field: "acknowledge_within", reason: "must be positive")) }
        if !(respondWithin >= acknowledgeWithin) {
            problems.append(.init(field: "respond_within", reason: "must not be shorter than acknowledge_within"))
        }
        return problems
    }
}

/// Durations in mandate files: `90s`, `15m`, `2h`, `1d`.
public enum MandateDuration {
    /// The deadlines a rule may set: a second to a year.
    public static let range: ClosedRange<Double> = 1...(365 * 86_400)

    public static func parse(_ text: String) -> Double? {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard let unit = t.last, let value = Double(t.dropLast()), value > 0, value.isFinite else { return Double(t) }
        switch unit {
        case "s": return value
        case "m": return value * 60
        case "h": return value * 3600
        case "d": return value * 86_400
        default: return nil
        }
    }

    /// The shortest exact form; values outside ``range`` (which a rule never holds) print as
    /// plain seconds rather than trap in a conversion to Int.
    public static func format(_ seconds: Double) -> String {
        guard range.contains(seconds) else { return "\(seconds)s" }
        if seconds.truncatingRemainder(dividingBy: 86_400) == 0 { return "\(Int(seconds / 86_400))d" }
        if seconds.truncatingRemainder(dividingBy: 3600) == 0 { return "\(Int(seconds / 3600))h" }
        if seconds.truncatingRemainder(dividingBy: 60) == 0 { return "\(Int(seconds / 60))m" }
        return "\(Int(seconds))s"
    }
}
