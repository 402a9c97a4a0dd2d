/// A decoded AIS message: its type, MMSI and fields with gpsd's JSON names and scaling.
///
/// "Not available" values (latitude 91, longitude 181, speed 102.3, course 360, heading 511,
/// second 60–63) are absent, never numbers.
public struct AISMessage: Sendable, Equatable {
    public enum Value: Sendable, Equatable {
        case int(Int)
        case double(Double)
        case bool(Bool)
        case text(String)
    }

    public var type: Int
    public var repeatIndicator: Int
    public var mmsi: Int
    /// Fields in gpsd's order of appearance.
    public var fields: [(String, Value)]
    /// The payload's length differs from the standard one for the type; decoded as far as it goes.
    public var lengthMismatch: Bool
    public var channel: String
    public var talker: String
    public var source: String?
    public var receivedAt: Double?
    /// For types the decoder does not know: the raw payload bits, as six-bit text.
    public var raw: String?

    public static func == (a: AISMessage, b: AISMessage) -> Bool {
        a.type == b.type && a.mmsi == b.mmsi && a.repeatIndicator == b.repeatIndicator && a.lengthMismatch == b.lengthMismatch
            && a.fields.map(\.0) == b.fields.map(\.0) && a.fields.map(\.1) == b.fields.map(\.1)
    }

    public subscript(_ name: String) -> Value? { fields.first { $0.0 == name }?.1 }

    public func double(_ name: String) -> Double? {
        switch self[name] {
        case .double(let d): d
        case .int(let i): Double(i)
        default: nil
        }
    }

    public func int(_ name: String) -> Int? { if case .int(let i) = self[name] { i } else { nil } }
    public func text(_ name: String) -> String? { if case .text(let t) = self[name] { t } else { nil } }
}

/// Decodes one complete payload into a message.
public enum AISMessageDecoder {
    /// Standard bit lengths (the shortest valid one where a type has several).
    static let standardLength: [Int: [Int]] = [
        1: [168], 2: [168], 3: [168], 4: [168], 11: [168], 5: [424], 9: [168], 18: [168], 19: [312], 21: Array(272...360),
        24: [160, 168], 27: [96, 168],
    ]

    public static func decode(_ bits: AISBits) -> AISMessage? {
        guard let type = bits.int(0, 6), let repeatIndicator = bits.int(6, 2), let mmsi = bits.int(8, 30) else { return nil }
        var f = Fields(bits: bits, sink: MessageFields())
        f.decode(type: type, mmsi: mmsi)
        let known = standardLength[type]
        var message = AISMessage(
            type: type, repeatIndicator: repeatIndicator, mmsi: mmsi, fields: f.sink.out,
            lengthMismatch: known.map { !$0.contains(bits.count) } ?? false, channel: "", talker: "")
        if known == nil, type != 14 { message.raw = rawText(bits) }
        return message
    }

    /// The payload of a type the decoder does not know, as gpsd prints it: bit count and six-bit text.
    static func rawText(_ bits: AISBits) -> String {
        String(bits.count) + ":" + String(decoding: bits.sixes.map { $0 < 40 ? $0 + 48 : $0 + 56 }, as: UTF8.self)
    }

    /// Collects fields as ``AISMessage`` values.
    struct MessageFields: AISFieldSink {
        var out: [(String, AISMessage.Value)] = []

        init() { out.reserveCapacity(20) }

        mutating func field(_ name: StaticString, int value: Int) { out.append((name.description, .int(value))) }
        mutating func field(_ name: StaticString, double value: Double) { out.append((name.description, .double(value))) }
        mutating func field(_ name: StaticString, bool value: Bool) { out.append((name.description, .bool(value))) }
        mutating func field(_ name: StaticString, text value: String) { out.append((name.description, .text(value))) }
    }

    /// Field-by-field reading in gpsd's order, into any sink; a field that runs past the
    /// payload is left out.
    struct Fields<Sink: AISFieldSink> {
        let bits: AISBits
        var sink: Sink

        mutating func decode(type: Int, mmsi: Int) {
            switch type {
            case 1, 2, 3: positionA()
            case 4, 11: baseStation()
            case 5: staticVoyage()
            case 9: sar()
            case 14: safety()
            case 18: classB()
            case 19: classBExtended()
            case 21: aidToNavigation()
            case 24: staticB(mmsi: mmsi)
            case 27: longRange()
            default: break
            }
        }

        mutating func int(_ name: StaticString, _ start: Int, _ width: Int, unavailable: Int? = nil) {
            guard let v = bits.int(start, width), v != unavailable else { return }
            sink.field(name, int: v)
        }
        mutating func bool(_ name: StaticString, _ start: Int) {
            if let v = bits.bool(start) { sink.field(name, bool: v) }
        }
        mutating func text(_ name: StaticString, _ start: Int, _ chars: Int) {
            if let v = bits.text(start, chars) { sink.field(name, text: v) }
        }
        /// Position in 1/10000 minute, absent at the "not available" value.
        mutating func position(lonAt: Int, latAt: Int, lonWidth: Int = 28, latWidth: Int = 27, divisor: Double = 600_000) {
            if let lon = bits.signed(lonAt, lonWidth), Double(lon) / divisor != 181, abs(Double(lon) / divisor) <= 180 {
                sink.field("lon", double: Double(lon) / divisor)
            }
            if let lat = bits.signed(latAt, latWidth), Double(lat) / divisor != 91, abs(Double(lat) / divisor) <= 90 {
                sink.field("lat", double: Double(lat) / divisor)
            }
        }
        mutating func speed(_ start: Int) {
            if let v = bits.int(start, 10), v != 1023 { sink.field("speed", double: Double(v) / 10) }
        }
        mutating func course(_ start: Int) {
            if let v = bits.int(start, 12), v < 3600 { sink.field("course", double: Double(v) / 10) }
        }
        mutating func heading(_ start: Int) { int("heading", start, 9, unavailable: 511) }
        mutating func second(_ start: Int) {
            if let v = bits.int(start, 6), v < 60 { sink.field("second", int: v) }
        }
        mutating func dimensions(_ start: Int) {
            int("to_bow", start, 9)
            int("to_stern", start + 9, 9)
            int("to_port", start + 18, 6)
            int("to_starboard", start + 24, 6)
        }

        mutating func positionA() {
            int("status", 38, 4)
            if let turn = bits.signed(42, 8), turn != -128 { sink.field("turn", int: turn) }
            speed(50)
            bool("accuracy", 60)
            position(lonAt: 61, latAt: 89)
            course(116)
            heading(128)
            second(137)
            int("maneuver", 143, 2)
            bool("raim", 148)
            int("radio", 149, 19)
        }
        mutating func baseStation() {
            int("year", 38, 14, unavailable: 0)
            int("month", 52, 4, unavailable: 0)
            int("day", 56, 5, unavailable: 0)
            int("hour", 61, 5, unavailable: 24)
            int("minute", 66, 6, unavailable: 60)
            int("second", 72, 6, unavailable: 60)
            bool("accuracy", 78)
            position(lonAt: 79, latAt: 107)
            int("epfd", 134, 4)
            bool("raim", 148)
            int("radio", 149, 19)
        }
        mutating func staticVoyage() {
            int("ais_version", 38, 2)
            int("imo", 40, 30, unavailable: 0)
            text("callsign", 70, 7)
            text("shipname", 112, 20)
            int("shiptype", 232, 8)
            dimensions(240)
            int("epfd", 270, 4)
            int("month", 274, 4, unavailable: 0)
            int("day", 278, 5, unavailable: 0)
            int("hour", 283, 5, unavailable: 24)
            int("minute", 288, 6, unavailable: 60)
            if let d = bits.int(294, 8) { sink.field("draught", double: Double(d) / 10) }
            text("destination", 302, 20)
            bool("dte", 422)
        }
        mutating func sar() {
            int("alt", 38, 12, unavailable: 4095)
            if let v = bits.int(50, 10), v != 1023 { sink.field("speed", int: v) }
            bool("accuracy", 60)
            position(lonAt: 61, latAt: 89)
            course(116)
            second(128)
            int("regional", 134, 8)
            bool("dte", 142)
            bool("assigned", 146)
            bool("raim", 147)
            int("radio", 148, 20)
        }
        mutating func safety() { text("text", 40, max(0, (bits.count - 40) / 6)) }
        /// The fields class B reports share (types 18 and 19).
        mutating func classBMotion() {
            int("reserved", 38, 8)
            speed(46)
            bool("accuracy", 56)
            position(lonAt: 57, latAt: 85)
            course(112)
            heading(124)
            second(133)
        }
        mutating func classB() {
            classBMotion()
            int("regional", 139, 2)
            bool("cs", 141)
            bool("display", 142)
            bool("dsc", 143)
            bool("band", 144)
            bool("msg22", 145)
            bool("assigned", 146)
            bool("raim", 147)
            int("radio", 148, 20)
        }
        mutating func classBExtended() {
            classBMotion()
            int("regional", 139, 4)
            text("shipname", 143, 20)
            int("shiptype", 263, 8)
            dimensions(271)
            int("epfd", 301, 4)
            bool("raim", 305)
            bool("dte", 306)
            bool("assigned", 307)
        }
        mutating func aidToNavigation() {
            int("aid_type", 38, 5)
            var name = bits.text(43, 20) ?? ""
            if bits.count > 272, let ext = bits.text(272, (bits.count - 272) / 6) { name += ext }
            sink.field("name", text: name)
            bool("accuracy", 163)
            position(lonAt: 164, latAt: 192)
            dimensions(219)
            int("epfd", 249, 4)
            second(253)
            bool("off_position", 259)
            int("regional", 260, 8)
            bool("raim", 268)
            bool("virtual_aid", 269)
            bool("assigned", 270)
        }
        mutating func staticB(mmsi: Int) {
            guard let part = bits.int(38, 2) else { return }
            sink.field("partno", int: part)
            if part == 0 {
                text("shipname", 40, 20)
                return
            }
            guard part == 1 else { return } // parts 2 and 3 are reserved: only the part number is known
            int("shiptype", 40, 8)
            // Two vendor-id layouts: 3 characters + model + serial (ITU-R M.1371-4), or 7 characters (older).
            text("vendorid", 48, 3)
            int("model", 66, 4)
            int("serial", 70, 20)
            text("callsign", 90, 7)
            if mmsi / 10_000_000 == 98 {
                int("mothership_mmsi", 132, 30) // auxiliary craft: 98XXXYYYY
            } else {
                dimensions(132)
            }
        }
        mutating func longRange() {
            bool("accuracy", 38)
            bool("raim", 39)
            int("status", 40, 4)
            position(lonAt: 44, latAt: 62, lonWidth: 18, latWidth: 17, divisor: 600)
            if let s = bits.int(79, 6), s != 63 { sink.field("speed", int: s) }
            if let c = bits.int(85, 9), c != 511 { sink.field("course", int: c) }
            bool("gnss", 94)
        }
    }
}

/// Where the decoder puts a message's fields, in gpsd's order and with its names: general
/// messages collect them, the JSON writer prints them as they come.
protocol AISFieldSink {
    mutating func field(_ name: StaticString, int value: Int)
    mutating func field(_ name: StaticString, double value: Double)
    mutating func field(_ name: StaticString, bool value: Bool)
    mutating func field(_ name: StaticString, text value: String)
}
