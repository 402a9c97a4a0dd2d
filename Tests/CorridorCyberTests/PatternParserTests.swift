import Testing

@testable import CorridorCyber

@Suite struct PatternParserTests {
    @Test func anIndicatorOfTwoObservationsParsesWithItsQualifier() throws {
        let pattern = try STIXPattern(
            parsing: "[ipv4-addr:value = '198.51.100.7'] FOLLOWEDBY [domain-name:value = 'tos.gwadar.example'] WITHIN 300 SECONDS")
        let address = ObservationExpression.observation(
            .test(
                PropertyTest(
                    path: ObjectPath(objectType: "ipv4-addr", property: "value", steps: []), negated: false, comparison: .equal,
                    value: .string("198.51.100.7"))))
        let domain = ObservationExpression.observation(
            .test(
                PropertyTest(
                    path: ObjectPath(objectType: "domain-name", property: "value", steps: []), negated: false, comparison: .equal,
                    value: .string("tos.gwadar.example"))))
        #expect(pattern.expression == .followedBy(address, .qualified(domain, .within(seconds: 300))))
    }

    @Test func pathsStepIntoQuotedKeysAndListIndexes() throws {
        let pattern = try STIXPattern(
            parsing: "[network-traffic:extensions.'http-request-ext'.request_header.Host[*] = 'a' AND file:names[2] NOT LIKE 'x%']")
        guard case .observation(.and(.test(let first), .test(let second))) = pattern.expression else {
            Issue.record("parsed as \(pattern.expression)")
            return
        }
        #expect(first.path.property == "extensions")
        #expect(first.path.steps == [.key("http-request-ext"), .key("request_header"), .key("Host"), .anyIndex])
        #expect(second.path.steps == [.index(2)])
        #expect(second.negated)
        #expect(second.comparison == .like)
    }

    @Test func literalsKeepTheirValues() throws {
        let pattern = try STIXPattern(
            parsing: """
                [x:a IN (1, -2.5, 'it\\'s', true, h'00ff', b'AAEC', t'2026-11-30T10:00:00.5Z')] START t'2026-11-01T00:00:00Z' STOP t'2026-12-01T00:00:00Z'
                """)
        guard case .qualified(.observation(.test(let test)), .startStop(let start, let stop)) = pattern.expression else {
            Issue.record("parsed as \(pattern.expression)")
            return
        }
        #expect(
            test.value
                == .set([
                    .integer("1"), .float("-2.5"), .string("it's"), .bool(true), .hex([0x00, 0xFF]), .binary([0x00, 0x01, 0x02]),
                    .timestamp(PatternTimestamp(text: "2026-11-30T10:00:00.5Z")),
                ]))
        #expect(start.date?.timeIntervalSince1970 == 1_793_491_200)
        #expect(stop.date?.timeIntervalSince1970 == 1_796_083_200)
    }

    @Test(arguments: [
        ("[ipv4-addr:value = '1.2.3.4'", 1, 29, "expected ']' but found the end of the pattern"),
        ("[ipv4-addr:value = '1.2.3.4' AND]", 1, 33, "expected an object type such as ipv4-addr but found ']'"),
        ("[file:name = 'a']\n  WITHIN 0.5 MINUTES", 2, 14, "expected SECONDS but found a name 'MINUTES'"),
        ("[file:hashes.MD5 = 'abc']", 1, 20, "'abc' is not a valid MD5 hash"),
        ("[a:b = 1] REPEATS 2 TIMES REPEATS 3 TIMES", 1, 27, "REPEATS is applied twice to one observation expression"),
        ("[a:b-c = 1]", 1, 4, "expected a property name (quote names with hyphens: 'SHA-256') but found a name with a hyphen 'b-c'"),
        ("[a:b = 'x\\y']", 1, 8, "expected a literal value but found a quote that opens no valid literal"),
    ])
    func errorsNameTheLineAndColumn(pattern: String, line: Int, column: Int, message: String) {
        #expect(throws: PatternError(line: line, column: column, message: message)) { try STIXPattern(parsing: pattern) }
    }

    @Test func deepNestingIsRefusedNotAStackOverflow() {
        let deep = String(repeating: "(", count: 100_000) + "[a:b = 1]" + String(repeating: ")", count: 100_000)
        #expect(throws: PatternError.self) { try STIXPattern(parsing: deep) }
        let nested = String(repeating: "(", count: 50) + "[a:b = 1]" + String(repeating: ")", count: 50)
        #expect((try? STIXPattern(parsing: nested)) != nil)
    }

    @Test func commentsAndUnicodeWhitespaceAreSkippedButAPatternOpensWithABracket() throws {
        let pattern = try STIXPattern(parsing: "\u{3000}( [a:b\u{A0}= /* note */ 1]) // trailing")
        let test = PropertyTest(
            path: .init(objectType: "a", property: "b", steps: []), negated: false, comparison: .equal, value: .integer("1"))
        #expect(pattern.expression == .group(.observation(.test(test))))
        // As the OASIS validator has it.
        #expect(throws: PatternError(line: 1, column: 1, message: "a pattern must open with '[', after any '(' (not with a comment)")) {
            try STIXPattern(parsing: "/* note */ [a:b = 1]")
        }
    }
}
