/// One NMEA 0183 `!xxVDM` / `!xxVDO` sentence, split into its fields.
///
/// Parsing works on bytes and does not allocate for the payload until asked: ``payload``
/// is a slice of the line.
public struct AISSentence: Sendable, Equatable {
    /// Two-letter talker: AI, AB, AN, BS, SA, ...
    public var talker: String
    /// `VDO` for own-ship reports, else `VDM`.
    public var ownShip: Bool
    public var fragmentCount: Int
    public var fragmentNumber: Int
    /// Sequential message id of a multi-part message (nil when empty).
    public var sequenceID: Int?
    public var channel: String
    /// The armoured payload: a slice of the parsed line, not a copy.
    public var payload: ArraySlice<UInt8>
    public var fillBits: Int
    /// False when a checksum was present and wrong (kept only on request).
    public var checksumValid: Bool
    public var hasChecksum: Bool
}

/// Why a line was not taken.
public enum AISLineError: Error, Sendable, Equatable, CustomStringConvertible {
    case notAIS
    case badChecksum(computed: UInt8, stated: UInt8)
    case malformed(String)
    case badFillBits(Int)
    case badTagBlock(String)

    public var description: String {
        switch self {
        case .notAIS: "not an AIVDM/AIVDO sentence"
        case .badChecksum(let computed, let stated):
            "stated checksum \(hex2(stated)), computed \(hex2(computed))"
        case .malformed(let why): "malformed sentence: \(why)"
        case .badFillBits(let n): "fill bits \(n) outside 0-5"
        case .badTagBlock(let why): "bad tag block: \(why)"
        }
    }

    /// A short key for summaries.
    public var kind: String {
        switch self {
        case .notAIS: "not_ais"
        case .badChecksum: "bad_checksum"
        case .malformed: "malformed"
        case .badFillBits: "bad_fill_bits"
        case .badTagBlock: "bad_tag_block"
        }
    }
}

/// NMEA 4.10 tag block fields kept on messages: source, receive time, group.
public struct TagBlock: Sendable, Equatable {
    public var source: String?
    /// Unix time of reception (`c:`), seconds; milliseconds are scaled down.
    public var receivedAt: Double?
    /// `g:n-m-id`: part n of m of group id.
    public var group: (part: Int, count: Int, id: String)?
    public var line: Int?

    public init() {}

    public static func == (a: TagBlock, b: TagBlock) -> Bool {
        a.source == b.source && a.receivedAt == b.receivedAt && a.line == b.line
            && a.group?.part == b.group?.part && a.group?.count == b.group?.count && a.group?.id == b.group?.id
    }

    /// Parses the inside of `\...\` (without the backslashes), checksum included.
    public static func parse(_ text: [UInt8]) throws(AISLineError) -> TagBlock {
        var block = TagBlock()
        var body = text[...]
        if let star = text.lastIndex(of: UInt8(ascii: "*")) {
            let digits = text[(star + 1)...]
            guard digits.count == 2, let expected = Checksum.hexByte(Array(digits)) else {
                throw .badTagBlock("checksum is not two hex digits")
            }
            let found = Checksum.xor(text[..<star])
            guard found == expected else { throw .badTagBlock("checksum mismatch") }
            body = text[..<star]
        }
        for field in body.split(separator: UInt8(ascii: ",")) {
            let text = String(decoding: field, as: UTF8.self)
            // The older grouping form `1G2:0125` (part, G, count, :, id).
            if let g = text.firstIndex(of: "G"), let colon = text.firstIndex(of: ":"), g < colon,
                let part = Int(text[..<g]), let count = Int(text[text.index(after: g)..<colon])
            {
                block.group = (part, count, String(text[text.index(after: colon)...]))
                continue
            }
            // A checksummed block may still carry a field we do not understand: skip it, keep the rest.
            guard field.count >= 2, field[field.startIndex + 1] == UInt8(ascii: ":") else { continue }
            let key = field[field.startIndex]
            let value = String(decoding: field.dropFirst(2), as: UTF8.self)
            switch key {
            case UInt8(ascii: "s"): block.source = value
            case UInt8(ascii: "c"):
                guard let t = Double(value), let seconds = AISTime.unixSeconds(t) else { throw .badTagBlock("c:\(value) is not a time") }
                block.receivedAt = seconds
            case UInt8(ascii: "n"): block.line = Int(value)
            case UInt8(ascii: "g"):
                let parts = value.split(separator: "-")
                guard parts.count == 3, let n = Int(parts[0]), let m = Int(parts[1]) else {
                    throw .badTagBlock("g:\(value) is not n-m-id")
                }
                block.group = (n, m, String(parts[2]))
            default: break // d:, r:, t:, i: are kept out of the message
            }
        }
        return block
    }
}

func hex2(_ v: UInt8) -> String {
    let h = String(v, radix: 16, uppercase: true)
    return h.count == 1 ? "0" + h : h
}

enum Checksum {
    static func xor<C: Collection>(_ bytes: C) -> UInt8 where C.Element == UInt8 {
        bytes.reduce(0) { $0 ^ $1 }
    }

    static func hexByte(_ two: [UInt8]) -> UInt8? {
        guard two.count == 2, let hi = hex(two[0]), let lo = hex(two[1]) else { return nil }
        return hi << 4 | lo
    }

    static func hex(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        default: nil
        }
    }
}

extension AISSentence {
    /// Parses `!AIVDM,...*hh` (with an optional trailing `,epoch` after the checksum).
    /// - Parameter keepBadChecksum: keep a sentence whose checksum is wrong, flagged.
    public static func parse(_ line: ArraySlice<UInt8>, keepBadChecksum: Bool = false) throws(AISLineError) -> AISSentence {
        guard line.count > 7, line.first == UInt8(ascii: "!") else { throw .notAIS }
        let start = line.startIndex
        guard line[start + 3] == UInt8(ascii: "V"), line[start + 4] == UInt8(ascii: "D") else { throw .notAIS }
        let isVDO = line[start + 5] == UInt8(ascii: "O")
        guard isVDO || line[start + 5] == UInt8(ascii: "M") else { throw .notAIS }
        // One pass over the bytes: the checksum and the field boundaries together, no array of
        // slices per sentence. `commas` holds the index of the first six commas.
        var checksumValid = true
        var hasChecksum = false
        var commas = (0, 0, 0, 0, 0, 0)
        var seventh: Int?
        var found = 0
        var sum: UInt8 = 0
        var end = line.endIndex
        let (starAt, commaCount): (Int?, Int) = line.withUnsafeBufferPointer { buffer in
            var i = 1
            while i < buffer.count {
                let c = buffer[i]
                if c == UInt8(ascii: "*") { return (i, found) }
                sum ^= c
                if c == UInt8(ascii: ","), found < 7 {
                    switch found {
                    case 0: commas.0 = i
                    case 1: commas.1 = i
                    case 2: commas.2 = i
                    case 3: commas.3 = i
                    case 4: commas.4 = i
                    case 5: commas.5 = i
                    default: seventh = i // fields after the seventh are ignored
                    }
                    found &+= 1
                }
                i &+= 1
            }
            return (nil, found)
        }
        if let starAt {
            let star = start + starAt
            hasChecksum = true
            guard line.endIndex - star > 2, let hi = Checksum.hex(line[star + 1]), let lo = Checksum.hex(line[star + 2]) else {
                throw .malformed("checksum is not two hex digits")
            }
            let expected = hi << 4 | lo
            if sum != expected {
                if !keepBadChecksum { throw .badChecksum(computed: sum, stated: expected) }
                checksumValid = false
            }
            end = star
        }
        guard commaCount >= 6 else { throw .malformed("\(commaCount + 1) fields, 7 expected") }
        if let seventh { end = min(end, start + seventh) }
        let body = line
        let r = (
            start..<(start + commas.0), (start + commas.0 + 1)..<(start + commas.1), (start + commas.1 + 1)..<(start + commas.2),
            (start + commas.2 + 1)..<(start + commas.3), (start + commas.3 + 1)..<(start + commas.4),
            (start + commas.4 + 1)..<(start + commas.5), (start + commas.5 + 1)..<end
        )
        _ = r.0
        let countField = body[r.1]
        let numberField = body[r.2]
        let seqField = body[r.3]
        let channelField = body[r.4]
        let payloadField = body[r.5]
        let fillField = body[r.6]
        guard let count = Self.int(countField), (1...9).contains(count) else { throw .malformed("fragment count") }
        guard let number = Self.int(numberField), (1...count).contains(number) else { throw .malformed("fragment number") }
        let seq = seqField.isEmpty ? nil : Self.int(seqField)
        if !seqField.isEmpty, seq == nil { throw .malformed("sequential message id") }
        guard let fill = Self.int(fillField) else { throw .malformed("fill bits") }
        guard (0...5).contains(fill) else { throw .badFillBits(fill) }
        for c in payloadField where c &- 48 > 39 && c &- 96 > 23 {
            throw .malformed("payload character \"\(Character(Unicode.Scalar(c)))\" is not six-bit ASCII")
        }
        return AISSentence(
            talker: String(decoding: line[(start + 1)..<(start + 3)], as: UTF8.self), ownShip: isVDO, fragmentCount: count,
            fragmentNumber: number,
            sequenceID: seq, channel: String(decoding: channelField, as: UTF8.self), payload: payloadField, fillBits: fill,
            checksumValid: checksumValid, hasChecksum: hasChecksum)
    }

    static func int(_ s: ArraySlice<UInt8>) -> Int? {
        guard !s.isEmpty, s.count < 10 else { return nil }
        var v = 0
        for c in s {
            guard (48...57).contains(c) else { return nil }
            v = v * 10 + Int(c - 48)
        }
        return v
    }
}

/// Receive times as tag blocks and trailing fields give them: Unix seconds, or milliseconds
/// (values past year 2286 in seconds).
enum AISTime {
    /// Seconds since 1970 for a plausible time (1970 to 9999), nil for anything else: `nan`,
    /// `inf` or `1e300` would otherwise reach the stores' integer milliseconds and trap.
    static func unixSeconds(_ t: Double) -> Double? {
        let seconds = t > 10_000_000_000 ? t / 1000 : t
        guard seconds.isFinite, seconds >= 0, seconds < 253_402_300_800 else { return nil }
        return seconds
    }
}
