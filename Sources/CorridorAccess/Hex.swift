/// Lowercase hexadecimal text of bytes, as digests are stored and compared.
///
/// `String(format: "%02x")` per byte went through Foundation's formatter and cost more than
/// the SHA-256 it printed; this is a table lookup per nibble.
///
/// ```swift
/// Hex.lowercase([0x0f, 0xa0])   // "0fa0"
/// ```
public enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    public static func lowercase(_ bytes: some Sequence<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.underestimatedCount * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
