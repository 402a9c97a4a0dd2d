/// The de-armoured payload: six bits per character, read with bounds checks on every field.
public struct AISBits: Sendable {
    /// The armoured payload characters (a slice of the sentence's line for single-part
    /// messages); de-armoured as fields are read, so decoding makes no copy of the payload.
    let payload: ArraySlice<UInt8>
    /// Number of valid bits (payload × 6 − fill bits).
    public let count: Int

    public init(payload: ArraySlice<UInt8>, fillBits: Int) {
        self.payload = payload
        count = max(0, payload.count * 6 - fillBits)
    }

    /// The six-bit value of payload character `index`.
    @inline(__always) func six(_ index: Int) -> UInt8 {
        var v = payload[payload.startIndex &+ index] &- 48
        if v > 40 { v &-= 8 }
        return v & 0x3F
    }

    /// The payload's six-bit values (for raw output of unknown types).
    var sixes: [UInt8] { (0..<payload.count).map(six) }

    public init(payload: [UInt8], fillBits: Int) { self.init(payload: payload[...], fillBits: fillBits) }

    /// Unsigned field of `width` bits at `start`, or nil when the payload is too short.
    @inline(__always) public func uint(_ start: Int, _ width: Int) -> UInt64? {
        guard width > 0, width <= 64, start >= 0, start + width <= count else { return nil }
        if width > 52 { return uint(start, width - 32).map { $0 << 32 | (uint(start + width - 32, 32) ?? 0) } }
        // Gather the characters that cover the field into one word, then shift and mask once:
        // at most ten six-bit characters for 52 bits at any offset.
        let first = start / 6
        let last = (start + width - 1) / 6
        var window: UInt64 = 0
        var i = first
        while i <= last {
            window = window << 6 | UInt64(six(i))
            i &+= 1
        }
        let trailing = (last + 1) * 6 - (start + width)
        return (window >> UInt64(trailing)) & ((1 << UInt64(width)) - 1)
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
