/// The de-armoured payload: six bits per character, read with bounds checks on every field.
public struct AISBits: Sendable {
    /// One six-bit value per payload character.
    let sixes: [UInt8]
    /// Number of valid bits (payload × 6 − fill bits).
    public let count: Int

    public init(payload: [UInt8], fillBits: Int) {
        sixes = payload.map { c in
            var v = c &- 48
            if v > 40 { v &-= 8 }
            return v & 0x3F
        }
        count = max(0, payload.count * 6 - fillBits)
    }

    /// Unsigned field of `width` bits at `start`, or nil when the payload is too short.
    public func uint(_ start: Int, _ width: Int) -> UInt64? {
        guard width > 0, width <= 64, start >= 0, start + width <= count else { return nil }
        var v: UInt64 = 0
        for i in start..<(start + width) {
            let bit = (sixes[i / 6] >> (5 - UInt8(i % 6))) & 1
            v = v << 1 | UInt64(bit)
        }
        return v
    }

    public func int(_ start: Int, _ width: Int) -> Int? { uint(start, width).map(Int.init) }

    /// Two's-complement signed field.
    public func signed(_ start: Int, _ width: Int) -> Int? {
        guard let u = uint(start, width) else { return nil }
        let signBit = UInt64(1) << (width - 1)
        return u & signBit == 0 ? Int(u) : Int(u) - (1 << width)
    }

    public func bool(_ start: Int) -> Bool? { uint(start, 1).map { $0 == 1 } }

    /// Six-bit text of up to `chars` characters with trailing `@` padding and spaces trimmed,
    /// as gpsd does (a leading or inner `@` is kept); characters past the end of the payload
    /// are left out (the message is flagged short).
    public func text(_ start: Int, _ chars: Int) -> String? {
        guard start < count else { return nil }
        var out = ""
        for k in 0..<chars {
            guard let v = uint(start + 6 * k, 6) else { break }
            let ascii = v < 32 ? v + 64 : v
            out.unicodeScalars.append(Unicode.Scalar(UInt8(ascii)))
        }
        while out.hasSuffix(" ") || out.hasSuffix("@") { out.removeLast() }
        return out
    }
}
