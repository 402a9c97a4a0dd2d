/// The OASIS validator's one check beyond the grammar: a value compared with a known hash
/// (`file:hashes.MD5 = '…'`) must look like that hash.
///
/// Kept rule for rule with `stix2-patterns` so the two accept the same patterns, including its
/// reading of `$` (a final newline is allowed) and of its MD6 expression, which in effect asks for
/// 32 hex digits at the start.
enum HashValueRule {
    enum Component: Equatable {
        case key(String)
        case index
        case anyIndex
    }

    static func check(path: [Component], valueText: String, at token: PatternToken) throws(PatternError) {
        guard path.contains(.key("hashes")), case .key(let selector)? = path.last else { return }
        let name = selector.uppercased().replacingOccurrences(of: "-", with: "").replacingOccurrences(of: "'", with: "")
        let value = valueText.replacingOccurrences(of: "'", with: "")
        guard let valid = rule(for: name), !valid(Array(value.unicodeScalars)) else { return }
        throw PatternError(line: token.line, column: token.column, message: "'\(value)' is not a valid \(selector) hash")
    }

    private static func rule(for name: String) -> (([Unicode.Scalar]) -> Bool)? {
        switch name {
        case "MD5": whole(hexDigits: 32)
        case "RIPEMD160", "SHA1": whole(hexDigits: 40)
        case "SHA224", "SHA3224": whole(hexDigits: 56)
        case "SHA256", "SHA3256": whole(hexDigits: 64)
        case "SHA384", "SHA3384": whole(hexDigits: 96)
        case "SHA512", "SHA3512", "WHIRLPOOL": whole(hexDigits: 128)
        case "SSDEEP":
            { value in
                let body = trimmingFinalNewline(value)
                return (1...128).contains(body.count)
                    && body.allSatisfy { $0.isASCIILetter || $0.isDigit || "/+:.".unicodeScalars.contains($0) }
            }
        case "MD6":
            { value in
                let indent: [Unicode.Scalar] = ["\n", " ", " ", " ", " "]
                if value.count >= 32, value.prefix(32).allSatisfy(\.isHexDigit) { return true }
                return value.count >= 69 && Array(value.prefix(5)) == indent && value.dropFirst(5).prefix(64).allSatisfy(\.isHexDigit)
            }
        default: nil
        }
    }

    private static func whole(hexDigits count: Int) -> ([Unicode.Scalar]) -> Bool {
        { value in
            let body = trimmingFinalNewline(value)
            return body.count == count && body.allSatisfy(\.isHexDigit)
        }
    }

    private static func trimmingFinalNewline(_ value: [Unicode.Scalar]) -> ArraySlice<Unicode.Scalar> {
        value.last == "\n" ? value.dropLast() : value[...]
    }
}
