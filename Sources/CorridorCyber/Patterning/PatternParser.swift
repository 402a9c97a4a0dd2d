/// A recursive-descent parser for the STIX 2.1 patterning grammar (`STIXPattern.g4`).
///
/// The grammar's left-recursive rules become loops, which keeps the same left associativity.
/// Depth is bounded, so a hostile pattern of nested brackets is rejected, not a stack overflow.
struct PatternParser {
    private let tokens: [PatternToken]
    private let scalars: [Unicode.Scalar]
    private var index = 0
    private var depth = 0
    /// Deeper nesting than any real indicator uses, far below what the stack holds.
    static let maximumDepth = 200

    init(_ text: String) {
        let lexer = PatternLexer(text)
        scalars = lexer.scalars
        tokens = lexer.tokens()
    }

    mutating func parse() throws(PatternError) -> ObservationExpression {
        let expression = try observationExpressions()
        guard current.kind == .endOfInput else { throw unexpected("FOLLOWEDBY, OR, AND, a qualifier or the end of the pattern") }
        return expression
    }

    // MARK: Observation expressions

    private mutating func observationExpressions() throws(PatternError) -> ObservationExpression {
        var left = try observationOr()
        while accept(.followedBy) { left = .followedBy(left, try observationOr()) }
        return left
    }

    private mutating func observationOr() throws(PatternError) -> ObservationExpression {
        var left = try observationAnd()
        while accept(.or) { left = .or(left, try observationAnd()) }
        return left
    }

    private mutating func observationAnd() throws(PatternError) -> ObservationExpression {
        var left = try qualifiedObservation()
        while accept(.and) { left = .and(left, try qualifiedObservation()) }
        return left
    }

    private mutating func qualifiedObservation() throws(PatternError) -> ObservationExpression {
        try enter()
        defer { depth -= 1 }
        var expression: ObservationExpression
        let bracketed: Bool
        if accept(.leftBracket) {
            expression = .observation(try comparisonExpression())
            try expect(.rightBracket)
            bracketed = true
        } else if accept(.leftParen) {
            expression = .group(try observationExpressions())
            try expect(.rightParen)
            bracketed = false
        } else {
            throw unexpected("'[' or '('")
        }
        // The OASIS validator refuses a qualifier type repeated on one bracketed observation.
        var seen: Set<String> = []
        while let (qualifier, at) = try qualifier() {
            let kind =
                switch qualifier {
                case .within: "WITHIN"
                case .repeats: "REPEATS"
                case .startStop: "START/STOP"
                }
            if bracketed, !seen.insert(kind).inserted {
                throw PatternError(line: at.line, column: at.column, message: "\(kind) is applied twice to one observation expression")
            }
            expression = .qualified(expression, qualifier)
        }
        return expression
    }

    private mutating func qualifier() throws(PatternError) -> (PatternQualifier, PatternToken)? {
        let at = current
        if accept(.within) {
            let amount = current
            guard amount.kind == .intPositive || amount.kind == .floatPositive else { throw unexpected("a positive number of seconds") }
            index += 1
            try expect(.seconds)
            return (.within(seconds: Double(text(of: amount)) ?? .infinity), at)
        }
        if accept(.repeats) {
            let count = current
            guard count.kind == .intPositive else { throw unexpected("a positive whole number") }
            index += 1
            try expect(.times)
            return (.repeats(Int(text(of: count)) ?? .max), at)
        }
        if accept(.start) {
            let start = try expectTimestamp()
            try expect(.stop)
            return (.startStop(start, try expectTimestamp()), at)
        }
        return nil
    }

    // MARK: Comparison expressions

    private mutating func comparisonExpression() throws(PatternError) -> ComparisonExpression {
        var left = try comparisonAnd()
        while accept(.or) { left = .or(left, try comparisonAnd()) }
        return left
    }

    private mutating func comparisonAnd() throws(PatternError) -> ComparisonExpression {
        var left = try propertyTest()
        while accept(.and) { left = .and(left, try propertyTest()) }
        return left
    }

    private mutating func propertyTest() throws(PatternError) -> ComparisonExpression {
        try enter()
        defer { depth -= 1 }
        if accept(.leftParen) {
            let inner = try comparisonExpression()
            try expect(.rightParen)
            return .group(inner)
        }
        if current.kind == .not || current.kind == .exists {
            let negated = accept(.not)
            try expect(.exists)
            return .test(PropertyTest(path: try objectPath().path, negated: negated, comparison: .exists, value: nil))
        }
        let (path, components) = try objectPath()
        let negated = accept(.not)
        let operatorToken = current
        let comparison: PropertyTest.Operator
        switch operatorToken.kind {
        case .equal: comparison = .equal
        case .notEqual: comparison = .notEqual
        case .less: comparison = .less
        case .lessOrEqual: comparison = .lessOrEqual
        case .greater: comparison = .greater
        case .greaterOrEqual: comparison = .greaterOrEqual
        case .in: comparison = .in
        case .like: comparison = .like
        case .matches: comparison = .matches
        case .isSubset: comparison = .isSubset
        case .isSuperset: comparison = .isSuperset
        default: throw unexpected("a comparison operator (=, !=, <, <=, >, >=, IN, LIKE, MATCHES, ISSUBSET, ISSUPERSET)")
        }
        index += 1
        let valueStart = index
        let value: PatternValue
        switch comparison {
        case .equal, .notEqual: value = try literal(allowingBool: true)
        case .less, .lessOrEqual, .greater, .greaterOrEqual: value = try literal(allowingBool: false)
        case .in: value = try setLiteral()
        case .like, .matches, .isSubset, .isSuperset, .exists:
            guard current.kind == .string else { throw unexpected("a quoted string") }
            value = .string(stringContent(of: current))
            index += 1
        }
        try HashValueRule.check(
            path: components, valueText: tokens[valueStart..<index].map { text(of: $0) }.joined(), at: tokens[valueStart])
        return .test(PropertyTest(path: path, negated: negated, comparison: comparison, value: value))
    }

    /// The path, and its components as the OASIS inspector lists them (for the hash rule).
    private mutating func objectPath() throws(PatternError) -> (path: ObjectPath, components: [HashValueRule.Component]) {
        let typeToken = current
        guard typeToken.kind == .identifierWithoutHyphen || typeToken.kind == .identifierWithHyphen else {
            throw unexpected("an object type such as ipv4-addr")
        }
        index += 1
        try expect(.colon)
        let property: String
        switch current.kind {
        case .identifierWithoutHyphen: property = text(of: current)
        case .string: property = stringContent(of: current)
        default: throw unexpected("a property name (quote names with hyphens: 'SHA-256')")
        }
        index += 1
        var steps: [ObjectPath.Step] = []
        var components: [HashValueRule.Component] = [.key(property)]
        while true {
            if accept(.dot) {
                switch current.kind {
                case .identifierWithoutHyphen: steps.append(.key(text(of: current)))
                case .string: steps.append(.key(stringContent(of: current)))
                default: throw unexpected("a property name (quote names with hyphens: 'SHA-256')")
                }
                if case .key(let key) = steps.last { components.append(.key(key)) }
                index += 1
            } else if current.kind == .leftBracket {
                index += 1
                switch current.kind {
                case .asterisk:
                    steps.append(.anyIndex)
                    components.append(.anyIndex)
                case .intPositive, .intNegative:
                    let text = text(of: current)
                    let value = Int(text.hasPrefix("+") ? String(text.dropFirst()) : text) ?? (text.hasPrefix("-") ? .min : .max)
                    steps.append(.index(value))
                    components.append(.index)
                default: throw unexpected("a list index or '*'")
                }
                index += 1
                try expect(.rightBracket)
            } else {
                break
            }
        }
        return (ObjectPath(objectType: text(of: typeToken), property: property, steps: steps), components)
    }

    // MARK: Literals

    private mutating func setLiteral() throws(PatternError) -> PatternValue {
        try expect(.leftParen)
        var members: [PatternValue] = []
        if accept(.rightParen) { return .set(members) }
        repeat { members.append(try literal(allowingBool: true)) } while accept(.comma)
        try expect(.rightParen)
        return .set(members)
    }

    private mutating func literal(allowingBool: Bool) throws(PatternError) -> PatternValue {
        let token = current
        let value: PatternValue
        switch token.kind {
        case .intPositive, .intNegative:
            let text = text(of: token)
            value = .integer(text.hasPrefix("+") ? String(text.dropFirst()) : text)
        case .floatPositive, .floatNegative:
            let text = text(of: token)
            value = .float(text.hasPrefix("+") ? String(text.dropFirst()) : text)
        case .string: value = .string(stringContent(of: token))
        case .hex: value = .hex(Self.hexBytes(String(text(of: token).dropFirst(2).dropLast())))
        case .binary: value = .binary(Self.base64Bytes(String(text(of: token).dropFirst(2).dropLast())))
        case .timestamp: value = .timestamp(PatternTimestamp(text: String(text(of: token).dropFirst(2).dropLast())))
        case .bool where allowingBool: value = .bool(text(of: token) == "true")
        default: throw unexpected(allowingBool ? "a literal value" : "a number, string, binary, hex or timestamp literal")
        }
        index += 1
        return value
    }

    private mutating func expectTimestamp() throws(PatternError) -> PatternTimestamp {
        guard current.kind == .timestamp else { throw unexpected("a timestamp t'YYYY-MM-DDTHH:MM:SSZ'") }
        defer { index += 1 }
        return PatternTimestamp(text: String(text(of: current).dropFirst(2).dropLast()))
    }

    // MARK: Tokens

    private var current: PatternToken { tokens[min(index, tokens.count - 1)] }

    private mutating func accept(_ kind: PatternToken.Kind) -> Bool {
        guard current.kind == kind else { return false }
        index += 1
        return true
    }

    private mutating func expect(_ kind: PatternToken.Kind) throws(PatternError) {
        guard accept(kind) else { throw unexpected(kind.spelling) }
    }

    private mutating func enter() throws(PatternError) {
        depth += 1
        guard depth <= Self.maximumDepth else {
            throw PatternError(
                line: current.line, column: current.column, message: "nested more than \(Self.maximumDepth) levels deep")
        }
    }

    private func unexpected(_ expected: String) -> PatternError {
        let token = current
        let found = token.kind.isFixed ? token.kind.spelling : "\(token.kind.spelling) '\(text(of: token).prefix(40))'"
        return PatternError(line: token.line, column: token.column, message: "expected \(expected) but found \(found)")
    }

    private func text(of token: PatternToken) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[token.start..<token.end])
        return String(view)
    }

    /// A string literal's value: quotes removed, `\'` and `\\` unescaped.
    private func stringContent(of token: PatternToken) -> String {
        var view = String.UnicodeScalarView()
        var i = token.start + 1
        while i < token.end - 1 {
            if scalars[i] == "\\", i + 1 < token.end - 1 { i += 1 }
            view.append(scalars[i])
            i += 1
        }
        return String(view)
    }

    static func hexBytes(_ digits: String) -> [UInt8] {
        var bytes: [UInt8] = []
        var high: UInt8?
        for c in digits.utf8 {
            let nibble: UInt8 =
                switch c {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
                default: c &- UInt8(ascii: "A") &+ 10
                }
            if let h = high {
                bytes.append(h << 4 | (nibble & 0x0F))
                high = nil
            } else {
                high = nibble & 0x0F
            }
        }
        return bytes
    }

    static func base64Bytes(_ text: String) -> [UInt8] {
        var bytes: [UInt8] = []
        var buffer: UInt32 = 0
        var bits = 0
        for c in text.utf8 {
            let sextet: UInt32
            switch c {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): sextet = UInt32(c - UInt8(ascii: "A"))
            case UInt8(ascii: "a")...UInt8(ascii: "z"): sextet = UInt32(c - UInt8(ascii: "a")) + 26
            case UInt8(ascii: "0")...UInt8(ascii: "9"): sextet = UInt32(c - UInt8(ascii: "0")) + 52
            case UInt8(ascii: "+"): sextet = 62
            case UInt8(ascii: "/"): sextet = 63
            default: continue
            }
            buffer = (buffer << 6 | sextet) & 0xFFFFFF
            bits += 6
            if bits >= 8 {
                bits -= 8
                bytes.append(UInt8(truncatingIfNeeded: buffer >> UInt32(bits)))
            }
        }
        return bytes
    }
}
