/// The de-armoured payload: six bits per character, read with bounds checks on every field.
public struct AISBits: Sendable {
    /// Payloads of up to 192 bits (every position report) are de-armoured once into three
    /// words, so fields are a shift and a mask and copying the value touches no reference
    /// count; longer ones are read from the armoured characters as fields are asked for.
    enum Storage: Sendable {
        case words(UInt64, UInt64, UInt64)
        case armoured(ArraySlice<UInt8>)
    }

    let storage: Storage
    /// Number of valid bits (payload × 6 − fill bits).
    public let count: Int
    /// Number of payload characters (fill bits included).
    let characters: Int

    public init(payload: ArraySlice<UInt8>, fillBits: Int) {
        count = max(0, payload.count * 6 - fillBits)
        characters = payload.count
        guard payload.count <= 32 else {
            storage = .armoured(payload)
            return
        }
        var w0: UInt64 = 0
        var w1: UInt64 = 0
        var w2: UInt64 = 0
        var position = 0
        for c in payload {
            let v = UInt64(Self.sixBits(c))
            // Bit `position` of the payload is bit 63 - (position % 64) of its word.
            let offset = position & 63
            let shift = 58 - offset
            switch position >> 6 {
            case 0:
                if shift >= 0 {
                    w0 |= v << UInt64(shift)
                } else {
                    w0 |= v >> UInt64(-shift)
                    w1 |= v << UInt64(64 + shift)
                }
            case 1:
                if shift >= 0 {
                    w1 |= v << UInt64(shift)
                } else {
                    w1 |= v >> UInt64(-shift)
                    w2 |= v << UInt64(64 + shift)
                }
            default:
                if shift >= 0 { w2 |= v << UInt64(shift) } else { w2 |= v >> UInt64(-shift) }
            }
            position &+= 6
        }
        storage = .words(w0, w1, w2)
    }

    public init(payload: [UInt8], fillBits: Int) { self.init(payload: payload[...], fillBits: fillBits) }

    @inline(__always) static func sixBits(_ c: UInt8) -> UInt8 {
        var v = c &- 48
        if v > 40 { v &-= 8 }
        return v & 0x3F
    }

    /// The payload's six-bit values (for raw output of unknown types).
    var sixes: [UInt8] { (0..<characters).map { UInt8(truncatingIfNeeded: uintUnchecked($0 * 6, 6)) } }

    /// Unsigned field of `width` bits at `start`, or nil when the payload is too short.
    @inline(__always) public func uint(_ start: Int, _ width: Int) -> UInt64? {
        guard width > 0, width <= 64, start >= 0, start + width <= count else { return nil }
        return uintUnchecked(start, width)
    }

    /// A field known to lie inside the payload.
    @inline(__always) func uintUnchecked(_ start: Int, _ width: Int) -> UInt64 {
        switch storage {
        case .words(let w0, let w1, let w2):
            @inline(__always) func word(_ i: Int) -> UInt64 { i == 0 ? w0 : i == 1 ? w1 : i == 2 ? w2 : 0 }
            let index = start >> 6
            let offset = start & 63
            var v = word(index) << UInt64(offset)
            if offset + width > 64 { v |= word(index + 1) >> UInt64(64 - offset) }
            return v >> UInt64(64 - width)
        case .armoured(let payload):
            if width > 52 { return uintUnchecked(start, width - 32) << 32 | uintUnchecked(start + width - 32, 32) }
            // Gather the characters that cover the field into one word, then shift and mask once:
            // at most ten six-bit characters for 52 bits at any offset.
            let first = start / 6
            let last = (start + width - 1) / 6
            var window: UInt64 = 0
            var i = first
            while i <= last {
                window = window << 6 | UInt64(Self.sixBits(payload[payload.startIndex &+ i]))
                i &+= 1
            }
            let trailing = (last + 1) * 6 - (start + width)
            return (window >> UInt64(trailing)) & ((1 << UInt64(width)) - 1)
        }
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
