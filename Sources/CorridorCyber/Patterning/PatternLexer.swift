/// Splits a STIX pattern into tokens by the lexer rules of the OASIS grammar.
///
/// Every code point becomes part of some token (the grammar ends with a catch-all
/// `InvalidCharacter`), so lexing never fails: a bad character surfaces as a parse error at its
/// column. Whitespace and comments are dropped.
struct PatternLexer {
    let scalars: [Unicode.Scalar]

    init(_ text: String) { scalars = Array(text.unicodeScalars) }

    func tokens() -> [PatternToken] {
        var tokens: [PatternToken] = []
        var position = 0
        var line = 1
        var lineStart = 0
        while position < scalars.count {
            let (kind, length) = longestMatch(at: position)
            let end = position + max(length, 1)
            if let kind {
                tokens.append(PatternToken(kind: kind, start: position, end: end, line: line, column: position - lineStart + 1))
            }
            for index in position..<end where scalars[index] == "\n" {
                line += 1
                lineStart = index + 1
            }
            position = end
        }
        tokens.append(PatternToken(kind: .endOfInput, start: position, end: position, line: line, column: position - lineStart + 1))
        return tokens
    }

    /// The rule with the longest match at `i`, the earlier rule winning a tie, as ANTLR's lexer
    /// decides. A nil kind is skipped text (whitespace, comments).
    private func longestMatch(at i: Int) -> (PatternToken.Kind?, Int) {
        // In the grammar's rule order; only rules that can start with this character are tried.
        var best: (PatternToken.Kind?, Int) = (.invalidCharacter, 1)
        func consider(_ kind: PatternToken.Kind?, _ length: Int) {
            if length > best.1 || (length == best.1 && best.0 == .invalidCharacter) { best = (kind, length) }
        }
        let c = scalars[i]
        // Numbers: IntNeg, IntPos, FloatNeg, FloatPos.
        if c == "-" {
            consider(.intNegative, integerLength(at: i + 1).map { $0 + 1 } ?? 0)
            let float = floatLength(at: i + 1).map { $0 + 1 } ?? 0
            if float > best.1 { best = (.floatNegative, float) }
        } else if c == "+" || c.isDigit || c == "." {
            let sign = c == "+" ? 1 : 0
            let integer = integerLength(at: i + sign).map { $0 + sign } ?? 0
            if integer > 0 { consider(.intPositive, integer) }
            let float = floatLength(at: i + sign).map { $0 + sign } ?? 0
            if float > best.1 { best = (.floatPositive, float) }
        }
        if c == "h", let length = quotedHexLength(at: i + 1) { keepLonger(&best, .hex, length + 1) }
        if c == "b", let length = quotedBase64Length(at: i + 1) { keepLonger(&best, .binary, length + 1) }
        if c == "'", let length = stringLength(at: i) { keepLonger(&best, .string, length) }
        if c == "t", let length = timestampLength(at: i + 1) { keepLonger(&best, .timestamp, length + 1) }
        if c.isIdentifierStart {
            var withoutHyphen = 1
            while i + withoutHyphen < scalars.count, scalars[i + withoutHyphen].isIdentifierPart { withoutHyphen += 1 }
            var withHyphen = withoutHyphen
            while i + withHyphen < scalars.count, scalars[i + withHyphen].isIdentifierPart || scalars[i + withHyphen] == "-" {
                withHyphen += 1
            }
            // `true`, `false` and the keywords come before identifiers in the grammar.
            let word = String(String.UnicodeScalarView(scalars[i..<(i + withoutHyphen)]))
            if let keyword = Self.keywords[word] {
                keepLonger(&best, keyword, withoutHyphen)
            } else {
                keepLonger(&best, .identifierWithoutHyphen, withoutHyphen)
            }
            keepLonger(&best, .identifierWithHyphen, withHyphen)
        }
        if best.0 != .invalidCharacter || best.1 > 1 { return best }
        let next = i + 1 < scalars.count ? scalars[i + 1] : nil
        switch c {
        case "=": return (.equal, next == "=" ? 2 : 1)
        case "!": return next == "=" ? (.notEqual, 2) : (.invalidCharacter, 1)
        case "<": return next == ">" ? (.notEqual, 2) : next == "=" ? (.lessOrEqual, 2) : (.less, 1)
        case ">": return next == "=" ? (.greaterOrEqual, 2) : (.greater, 1)
        case "'": return (.quote, 1)
        case ":": return (.colon, 1)
        case ".": return (.dot, 1)
        case ",": return (.comma, 1)
        case ")": return (.rightParen, 1)
        case "(": return (.leftParen, 1)
        case "]": return (.rightBracket, 1)
        case "[": return (.leftBracket, 1)
        case "+": return (.plus, 1)
        case "-": return (.hyphen, 1)
        case "^": return (.power, 1)
        case "*": return (.asterisk, 1)
        case "/":
            if next == "*", let length = blockCommentLength(at: i) { return (nil, length) }
            if next == "/" {
                var length = 2
                while i + length < scalars.count, scalars[i + length] != "\r", scalars[i + length] != "\n" { length += 1 }
                return (nil, length)
            }
            return (.divide, 1)
        default:
            guard c.isPatternWhitespace else { return (.invalidCharacter, 1) }
            var length = 1
            while i + length < scalars.count, scalars[i + length].isPatternWhitespace { length += 1 }
            return (nil, length)
        }
    }

    private func keepLonger(_ best: inout (PatternToken.Kind?, Int), _ kind: PatternToken.Kind, _ length: Int) {
        if length > best.1 || (length == best.1 && best.0 == .invalidCharacter) { best = (kind, length) }
    }

    private static let keywords: [String: PatternToken.Kind] = [
        "true": .bool, "false": .bool, "AND": .and, "OR": .or, "NOT": .not, "FOLLOWEDBY": .followedBy, "LIKE": .like,
        "MATCHES": .matches, "ISSUPERSET": .isSuperset, "ISSUBSET": .isSubset, "EXISTS": .exists, "LAST": .last, "IN": .in,
        "START": .start, "STOP": .stop, "SECONDS": .seconds, "WITHIN": .within, "REPEATS": .repeats, "TIMES": .times,
    ]

    private func scalar(_ i: Int) -> Unicode.Scalar? { i < scalars.count ? scalars[i] : nil }

    /// `'0' | [1-9] [0-9]*`
    private func integerLength(at i: Int) -> Int? {
        guard let first = scalar(i), first.isDigit else { return nil }
        if first == "0" { return 1 }
        var length = 1
        while scalar(i + length)?.isDigit == true { length += 1 }
        return length
    }

    /// `[0-9]* '.' [0-9]+`
    private func floatLength(at i: Int) -> Int? {
        var length = 0
        while scalar(i + length)?.isDigit == true { length += 1 }
        guard scalar(i + length) == "." else { return nil }
        length += 1
        var fraction = 0
        while scalar(i + length + fraction)?.isDigit == true { fraction += 1 }
        return fraction > 0 ? length + fraction : nil
    }

    /// `QUOTE TwoHexDigits* QUOTE`
    private func quotedHexLength(at i: Int) -> Int? {
        guard scalar(i) == "'" else { return nil }
        var digits = 0
        while scalar(i + 1 + digits)?.isHexDigit == true { digits += 1 }
        guard digits % 2 == 0, scalar(i + 1 + digits) == "'" else { return nil }
        return digits + 2
    }

    /// `QUOTE (B B B B)* (B B B B | B B B '=' | B B '==') QUOTE`
    private func quotedBase64Length(at i: Int) -> Int? {
        guard scalar(i) == "'" else { return nil }
        var count = 0
        while scalar(i + 1 + count)?.isBase64 == true { count += 1 }
        var padding = 0
        while padding < 2, scalar(i + 1 + count + padding) == "=" { padding += 1 }
        let valid =
            switch (count % 4, padding) {
            case (0, 0): count >= 4
            case (3, 1), (2, 2): true
            default: false
            }
        guard valid, scalar(i + 1 + count + padding) == "'" else { return nil }
        return count + padding + 2
    }

    /// `QUOTE ( ~['\\] | '\\\'' | '\\\\' )* QUOTE`
    private func stringLength(at i: Int) -> Int? {
        var j = i + 1
        while let c = scalar(j) {
            switch c {
            case "'": return j - i + 1
            case "\\":
                guard let escaped = scalar(j + 1), escaped == "'" || escaped == "\\" else { return nil }
                j += 2
            default: j += 1
            }
        }
        return nil
    }

    /// `QUOTE yyyy-MM-ddTHH:mm:ss(.s+)?Z QUOTE`, with the grammar's range checks on each field.
    private func timestampLength(at i: Int) -> Int? {
        var j = i
        func take(_ expected: Unicode.Scalar) -> Bool {
            guard scalar(j) == expected else { return false }
            j += 1
            return true
        }
        func digits(_ count: Int) -> [UInt32]? {
            var values: [UInt32] = []
            for _ in 0..<count {
                guard let d = scalar(j), d.isDigit else { return nil }
                values.append(d.value - 48)
                j += 1
            }
            return values
        }
        guard take("'"), digits(4) != nil, take("-"), let month = digits(2), take("-"), let day = digits(2), take("T"),
            let hour = digits(2), take(":"), let minute = digits(2), take(":"), let second = digits(2)
        else { return nil }
        let monthValue = month[0] * 10 + month[1]
        let dayValue = day[0] * 10 + day[1]
        let hourValue = hour[0] * 10 + hour[1]
        guard (1...12).contains(monthValue), (1...31).contains(dayValue), hourValue <= 23, minute[0] <= 5,
            second[0] <= 5 || (second[0] == 6 && second[1] == 0)
        else { return nil }
        if scalar(j) == "." {
            j += 1
            guard digits(1) != nil else { return nil }
            while scalar(j)?.isDigit == true { j += 1 }
        }
        guard take("Z"), take("'") else { return nil }
        return j - i
    }

    /// `'/*' .*? '*/'`: the shortest comment, or nil when it is never closed.
    private func blockCommentLength(at i: Int) -> Int? {
        var j = i + 2
        while j + 1 < scalars.count {
            if scalars[j] == "*", scalars[j + 1] == "/" { return j + 2 - i }
            j += 1
        }
        return nil
    }
}

extension Unicode.Scalar {
    var isDigit: Bool { ("0"..."9").contains(self) }
    var isHexDigit: Bool { isDigit || ("a"..."f").contains(self) || ("A"..."F").contains(self) }
    var isASCIILetter: Bool { ("a"..."z").contains(self) || ("A"..."Z").contains(self) }
    var isIdentifierStart: Bool { isASCIILetter || self == "_" }
    var isIdentifierPart: Bool { isIdentifierStart || isDigit }
    var isBase64: Bool { isASCIILetter || isDigit || self == "+" || self == "/" }
    /// The grammar's `WS` set.
    var isPatternWhitespace: Bool {
        switch value {
        case 0x20, 0x09, 0x0D, 0x0A, 0x0B, 0x0C, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: true
        default: false
        }
    }
}
