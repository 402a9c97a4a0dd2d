import Foundation

/// The observation expressions of a STIX pattern: what must be observed, and when.
///
/// `[ipv4-addr:value = '198.51.100.7'] FOLLOWEDBY [domain-name:value = 'example.com'] WITHIN 300 SECONDS`
/// parses as `.followedBy(.observation(…), .qualified(.observation(…), .within(seconds: 300)))`.
public indirect enum ObservationExpression: Sendable, Hashable {
    /// `[ … ]`: comparisons that one observation must satisfy.
    case observation(ComparisonExpression)
    /// `( … )`: kept so that a pattern prints back as written and qualifiers bind as written.
    case group(ObservationExpression)
    case and(ObservationExpression, ObservationExpression)
    case or(ObservationExpression, ObservationExpression)
    case followedBy(ObservationExpression, ObservationExpression)
    case qualified(ObservationExpression, PatternQualifier)
}

/// A qualifier on an observation expression.
public enum PatternQualifier: Sendable, Hashable {
    /// `WITHIN n SECONDS`: every observation within this many seconds of each other.
    case within(seconds: Double)
    /// `REPEATS n TIMES`
    case repeats(Int)
    /// `START t'…' STOP t'…'`: the observations fall inside this interval.
    case startStop(PatternTimestamp, PatternTimestamp)
}

/// Comparisons inside one observation expression.
public indirect enum ComparisonExpression: Sendable, Hashable {
    case test(PropertyTest)
    case and(ComparisonExpression, ComparisonExpression)
    case or(ComparisonExpression, ComparisonExpression)
    case group(ComparisonExpression)
}

/// One comparison: `file:hashes.'SHA-256' = '…'`, `NOT EXISTS x:y`.
public struct PropertyTest: Sendable, Hashable {
    public enum Operator: String, Sendable, Hashable, CaseIterable {
        case equal = "="
        case notEqual = "!="
        case less = "<"
        case lessOrEqual = "<="
        case greater = ">"
        case greaterOrEqual = ">="
        case `in` = "IN"
        case like = "LIKE"
        case matches = "MATCHES"
        case isSubset = "ISSUBSET"
        case isSuperset = "ISSUPERSET"
        case exists = "EXISTS"
    }

    public var path: ObjectPath
    public var negated: Bool
    public var comparison: Operator
    /// Nil for `EXISTS`; a `.set` for `IN`.
    public var value: PatternValue?
}

/// `ipv4-addr:value`, `file:hashes.'SHA-256'`, `network-traffic:extensions.'http-request-ext'.request_header.Host`.
public struct ObjectPath: Sendable, Hashable {
    public enum Step: Sendable, Hashable {
        case key(String)
        /// A list index; an index beyond `Int` is kept as `Int.max` or `Int.min` (it never exists).
        case index(Int)
        /// `[*]`: any element.
        case anyIndex
    }

    public var objectType: String
    /// The property name, then further steps into it.
    public var property: String
    public var steps: [Step]
}

/// A literal on the right of a comparison.
public enum PatternValue: Sendable, Hashable {
    /// Integers keep their text: the grammar allows any number of digits.
    case integer(String)
    case float(String)
    case string(String)
    case binary([UInt8])
    case hex([UInt8])
    case timestamp(PatternTimestamp)
    case bool(Bool)
    case set([PatternValue])

    /// Integers and floats as a `Double`.
    public var number: Double? {
        switch self {
        case .integer(let text), .float(let text): Double(text)
        default: nil
        }
    }
}

/// A `t'…'` literal: its text, and the instant it names (nil for a date the calendar lacks,
/// such as 30 February, which the grammar lets through).
public struct PatternTimestamp: Sendable, Hashable {
    public var text: String
    public var date: Date?

    init(text: String) {
        self.text = text
        date = Self.parse(text)
    }

    private static func parse(_ text: String) -> Date? {
        let utf8 = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int {
            utf8[range].reduce(0) { $0 * 10 + Int($1) - 48 }
        }
        guard utf8.count >= 20 else { return nil }
        var components = DateComponents()
        components.calendar = Calendar(identifier: .gregorian)
        components.timeZone = TimeZone(identifier: "UTC")
        components.year = number(0..<4)
        components.month = number(5..<7)
        components.day = number(8..<10)
        components.hour = number(11..<13)
        components.minute = number(14..<16)
        components.second = min(number(17..<19), 59)
        guard components.isValidDate, let whole = components.date else { return nil }
        var fraction = 0.0
        if utf8[19] == UInt8(ascii: "."), let value = Double("0" + String(decoding: utf8[19..<(utf8.count - 1)], as: UTF8.self)) {
            fraction = value
        }
        return whole.addingTimeInterval(fraction + (number(17..<19) == 60 ? 1 : 0))
    }
}
