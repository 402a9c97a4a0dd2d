/// One token of a STIX pattern, as the OASIS grammar (`STIXPattern.g4`, STIX 2.1) names it.
///
/// The lexer follows the grammar's rules exactly, longest match first and the earlier rule on a
/// tie, so that a pattern is accepted or rejected as the OASIS tools decide.
struct PatternToken: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        case intNegative, intPositive, floatNegative, floatPositive
        case hex, binary, string, bool, timestamp
        case and, or, not, followedBy, like, matches, isSuperset, isSubset, exists, last, `in`
        case start, stop, seconds, within, repeats, times
        case identifierWithoutHyphen, identifierWithHyphen
        case equal, notEqual, less, lessOrEqual, greater, greaterOrEqual
        case quote, colon, dot, comma, rightParen, leftParen, rightBracket, leftBracket
        case plus, hyphen, power, divide, asterisk
        case invalidCharacter
        case endOfInput
    }

    var kind: Kind
    /// Code point offsets into the pattern, as `[start, end)`.
    var start: Int
    var end: Int
    /// 1-based, counted in Unicode code points as the OASIS tools count them.
    var line: Int
    var column: Int
}

extension PatternToken.Kind {
    /// How a token is named in an error: its spelling for fixed tokens, its class otherwise.
    var spelling: String {
        switch self {
        case .intNegative, .intPositive: "an integer"
        case .floatNegative, .floatPositive: "a number"
        case .hex: "a hex literal"
        case .binary: "a binary literal"
        case .string: "a string"
        case .bool: "true or false"
        case .timestamp: "a timestamp"
        case .and: "AND"
        case .or: "OR"
        case .not: "NOT"
        case .followedBy: "FOLLOWEDBY"
        case .like: "LIKE"
        case .matches: "MATCHES"
        case .isSuperset: "ISSUPERSET"
        case .isSubset: "ISSUBSET"
        case .exists: "EXISTS"
        case .last: "LAST"
        case .in: "IN"
        case .start: "START"
        case .stop: "STOP"
        case .seconds: "SECONDS"
        case .within: "WITHIN"
        case .repeats: "REPEATS"
        case .times: "TIMES"
        case .identifierWithoutHyphen: "a name"
        case .identifierWithHyphen: "a name with a hyphen"
        case .equal: "'='"
        case .notEqual: "'!='"
        case .less: "'<'"
        case .lessOrEqual: "'<='"
        case .greater: "'>'"
        case .greaterOrEqual: "'>='"
        case .quote: "a quote that opens no valid literal"
        case .colon: "':'"
        case .dot: "'.'"
        case .comma: "','"
        case .rightParen: "')'"
        case .leftParen: "'('"
        case .rightBracket: "']'"
        case .leftBracket: "'['"
        case .plus: "'+'"
        case .hyphen: "'-'"
        case .power: "'^'"
        case .divide: "'/'"
        case .asterisk: "'*'"
        case .invalidCharacter: "a character patterns do not use"
        case .endOfInput: "the end of the pattern"
        }
    }

    /// Tokens whose spelling says everything: keywords and punctuation.
    var isFixed: Bool {
        switch self {
        case .intNegative, .intPositive, .floatNegative, .floatPositive, .hex, .binary, .string, .bool, .timestamp,
            .identifierWithoutHyphen, .identifierWithHyphen, .invalidCharacter:
            false
        default: true
        }
    }
}
