/// Why a STIX pattern was rejected, and where.
///
/// ```swift
/// do { _ = try STIXPattern(parsing: "[ipv4-addr:value = '1.2.3.4'") }
/// catch { print(error) } // line 1, column 29: expected ']' but found the end of the pattern
/// ```
public struct PatternError: Error, Sendable, Hashable, CustomStringConvertible {
    /// 1-based, in Unicode code points.
    public var line: Int
    public var column: Int
    public var message: String

    public var description: String { "line \(line), column \(column): \(message)" }
}
