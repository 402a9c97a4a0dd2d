/// A STIX 2.1 pattern, the detection logic of an indicator.
///
/// Parsing accepts and rejects exactly what the OASIS validator (`stix2-patterns`) does, and
/// names the line and column of the first problem:
///
/// ```swift
/// let pattern = try STIXPattern(parsing: "[file:hashes.'SHA-256' = 'aec0…'] OR [url:value LIKE '%.gwadar-port.example/%']")
/// pattern.expression // .or(.observation(…), .observation(…))
///
/// try STIXPattern(parsing: "[ipv4-addr:value = '1.2.3.4' AND]")
/// // PatternError: line 1, column 33: expected an object type such as ipv4-addr but found ']'
/// ```
public struct STIXPattern: Sendable, Hashable {
    public var text: String
    public var expression: ObservationExpression

    /// Patterns longer than this are refused before parsing: real indicators are far shorter.
    public static let maximumLength = 64 * 1024

    public init(parsing text: String) throws(PatternError) {
        guard text.utf8.count <= Self.maximumLength else {
            throw PatternError(line: 1, column: 1, message: "longer than \(Self.maximumLength) bytes")
        }
        var parser = PatternParser(text)
        self.text = text
        expression = try parser.parse()
        try Self.checkOpeningBracket(text)
    }

    /// The OASIS validator also wants the first character after any `(` and whitespace to be `[`,
    /// so a pattern may not open with a comment.
    private static func checkOpeningBracket(_ text: String) throws(PatternError) {
        var line = 1
        var column = 1
        for scalar in text.unicodeScalars {
            if scalar == "[" { return }
            guard scalar == "(" || scalar.properties.isWhitespace || (0x1C...0x1F).contains(scalar.value) else {
                throw PatternError(line: line, column: column, message: "a pattern must open with '[', after any '(' (not with a comment)")
            }
            if scalar == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
    }
}
