/// Writes messages as gpsd's AIS JSON objects (`{"class":"AIS","device":...,"type":1,...}`),
/// scaled (degrees, knots), plus `received_at` and `source` from tag blocks.
public enum GPSDJSON {
    /// One message as a JSON object, without a line ending.
    public static func line(_ m: AISMessage) -> String {
        var writer = GPSDJSONWriter()
        writer.write(m)
        writer.bytes.removeLast()
        return String(decoding: writer.bytes, as: UTF8.self)
    }
}

/// gpsd JSON lines appended to a byte buffer: no `String` building, no Foundation.
///
/// ``AISDecoder/decodeJSON(_:into:)`` writes each message's fields straight from its bits,
/// so a line is decoded once and never held as a message.
///
/// ```swift
/// var decoder = AISDecoder()
/// var writer = GPSDJSONWriter()
/// for line in lines { decoder.decodeJSON(line, into: &writer) }
/// output.write(writer.bytes)   // one object per line
/// ```
public struct GPSDJSONWriter: Sendable {
    /// The lines written so far, each ending in a newline.
    public var bytes: [UInt8] = []

    public init(capacity: Int = 1 << 20) { bytes.reserveCapacity(capacity) }

    /// Appends a general message as one line.
    public mutating func write(_ m: AISMessage) {
        open(type: m.type, repeatIndicator: m.repeatIndicator, mmsi: m.mmsi, channel: m.channel)
        var sink = JSONFields(bytes: take())
        for (name, value) in m.fields {
            sink.key(name.utf8)
            switch value {
            case .int(let i): sink.number(i)
            case .double(let d): sink.number(d)
            case .bool(let b): sink.bytes.append(contentsOf: b ? Self.true : Self.false)
            case .text(let t): sink.string(t)
            }
        }
        swap(&bytes, &sink.bytes)
        close(raw: m.raw, lengthMismatch: m.lengthMismatch, receivedAt: m.receivedAt, source: m.source)
    }

    /// Appends the message in `bits` as one line, its fields read as they are printed.
    mutating func write(bits: AISBits, type: Int, mmsi: Int, channel: String, source: String?, receivedAt: Double?) -> Bool {
        let known = AISMessageDecoder.standardLength[type]
        let lengthMismatch = known.map { !$0.contains(bits.count) } ?? false
        open(type: type, repeatIndicator: bits.int(6, 2) ?? 0, mmsi: mmsi, channel: channel)
        var fields = AISMessageDecoder.Fields(bits: bits, sink: JSONFields(bytes: take()))
        fields.decode(type: type, mmsi: mmsi)
        swap(&bytes, &fields.sink.bytes)
        close(
            raw: known == nil && type != 14 ? AISMessageDecoder.rawText(bits) : nil, lengthMismatch: lengthMismatch, receivedAt: receivedAt,
            source: source)
        return lengthMismatch
    }

    private static let `true` = Array("true".utf8)
    private static let `false` = Array("false".utf8)

    /// The buffer, moved out so a sink can append to it without a copy; it is swapped back
    /// (never assigned, which would leave two owners and copy it at the next append).
    private mutating func take() -> [UInt8] {
        var out: [UInt8] = []
        swap(&out, &bytes)
        return out
    }

    private mutating func open(type: Int, repeatIndicator: Int, mmsi: Int, channel: String) {
        var sink = JSONFields(bytes: take())
        sink.bytes.append(contentsOf: #"{"class":"AIS""#.utf8)
        sink.key("type".utf8)
        sink.number(type)
        sink.key("repeat".utf8)
        sink.number(repeatIndicator)
        sink.key("mmsi".utf8)
        sink.number(mmsi)
        if !channel.isEmpty {
            sink.key("channel".utf8)
            sink.string(channel)
        }
        swap(&bytes, &sink.bytes)
    }

    private mutating func close(raw: String?, lengthMismatch: Bool, receivedAt: Double?, source: String?) {
        var sink = JSONFields(bytes: take())
        if let raw {
            sink.key("data".utf8)
            sink.string(raw)
        }
        if lengthMismatch { sink.field("length_mismatch", bool: true) }
        if let receivedAt {
            sink.key("received_at".utf8)
            sink.number(receivedAt)
        }
        if let source {
            sink.key("source".utf8)
            sink.string(source)
        }
        sink.bytes.append(UInt8(ascii: "}"))
        sink.bytes.append(UInt8(ascii: "\n"))
        swap(&bytes, &sink.bytes)
    }
}

/// Prints fields as `,"name":value` into a byte buffer.
struct JSONFields: AISFieldSink {
    var bytes: [UInt8]

    mutating func field(_ name: StaticString, int value: Int) {
        key(name)
        number(value)
    }
    mutating func field(_ name: StaticString, double value: Double) {
        key(name)
        number(value)
    }
    mutating func field(_ name: StaticString, bool value: Bool) {
        key(name)
        bytes.append(contentsOf: value ? "true".utf8 : "false".utf8)
    }
    mutating func field(_ name: StaticString, text value: String) {
        key(name)
        string(value)
    }

    @inline(__always) mutating func key(_ name: StaticString) {
        name.withUTF8Buffer { key($0) }
    }

    @inline(__always) mutating func key(_ name: some Sequence<UInt8>) {
        bytes.append(UInt8(ascii: ","))
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: name)
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
    }

    /// Decimal digits, written backwards into a small stack buffer and copied once.
    mutating func number(_ value: Int) {
        var magnitude = value.magnitude
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var i = 20
            repeat {
                i -= 1
                digits[i] = UInt8(truncatingIfNeeded: magnitude % 10) &+ 48
                magnitude /= 10
            } while magnitude > 0
            if value < 0 { bytes.append(UInt8(ascii: "-")) }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: digits[i..<20]))
        }
    }

    /// Whole values as integers (gpsd prints `12`, not `12.0`), others in the shortest form
    /// that reads back as the same double.
    mutating func number(_ value: Double) {
        if value == value.rounded(), abs(value) < 1e15 {
            number(Int(value))
            return
        }
        var text = value.description
        text.withUTF8 { bytes.append(contentsOf: $0) }
    }

    /// A JSON string: quotes and backslashes escaped, control characters as `\u00XX`.
    mutating func string(_ s: String) {
        bytes.append(UInt8(ascii: "\""))
        for byte in s.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                bytes.append(UInt8(ascii: "\\"))
                bytes.append(byte)
            case 0..<0x20:
                bytes.append(contentsOf: #"\u00"#.utf8)
                bytes.append(Self.hex[Int(byte >> 4)])
                bytes.append(Self.hex[Int(byte & 0xF)])
            default:
                bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private static let hex = Array("0123456789abcdef".utf8)
}
