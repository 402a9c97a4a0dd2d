/// Stable identifiers. Slugs are lowercase ASCII letters, digits, `-` and `_`.
public enum Slug {
    /// Turns free text into a slug: `"Gwadar Port"` → `"gwadar-port"`.
    public static func make(_ text: String) -> String {
        var out = ""
        var lastDash = true
        for scalar in text.lowercased().unicodeScalars {
            if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "_" {
                out.unicodeScalars.append(scalar)
                lastDash = false
            } else if !lastDash {
                out.append("-")
                lastDash = true
            }
        }
        while out.hasSuffix("-") { out.removeLast() }
        return out
    }

    /// True when `text` is already a valid slug (1–80 characters).
    public static func isValid(_ text: String) -> Bool {
        guard (1...80).contains(text.count) else { return false }
        return text.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_"
        }
    }
}

/// FNV-1a, 64-bit. Used to derive event ids from their de-duplication key so that the same
/// report gets the same id on every machine and backend; it is not a security hash.
public enum StableHash {
    public static func fnv1a64(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }

    public static func hex(_ text: String) -> String {
        let h = String(fnv1a64(text), radix: 16)
        return String(repeating: "0", count: 16 - h.count) + h
    }
}
