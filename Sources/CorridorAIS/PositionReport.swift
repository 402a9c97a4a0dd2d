/// A vessel position report (types 1, 2, 3, 18 and 27) as typed values: what tracks,
/// the vessel registry and the maritime detectors need, decoded without a heap allocation.
///
/// "Not available" values are `nil`, never numbers. The full set of the message's fields
/// (gpsd's names) is still available through ``message``, which decodes the same bits.
///
/// ```swift
/// var decoder = AISDecoder()
/// decoder.decode(line) { report in
///     if case .position(let p) = report, let lat = p.latitude, let lon = p.longitude { ... }
/// }
/// ```
public struct AISPositionReport: Sendable {
    public var type: Int
    public var mmsi: Int
    /// Degrees, WGS 84.
    public var latitude: Double?
    public var longitude: Double?
    /// Speed over ground, knots.
    public var speed: Double?
    /// Course over ground, degrees.
    public var course: Double?
    /// True heading, degrees.
    public var heading: Int?
    /// Navigation status (class A and type 27 only).
    public var status: Int?
    /// UTC second of the fix (0–59).
    public var second: Int?
    /// Position accuracy flag: true for better than 10 m.
    public var accuracy: Bool
    /// Type 27: positions to 1/10 minute, speed and course in whole units. Not fit for jump tests.
    public var lowResolution: Bool { type == 27 }
    /// The payload is not the standard length; fields past its end are absent.
    public var lengthMismatch: Bool
    /// Reception metadata, as on ``AISMessage``.
    public var channel: String
    public var talker: String
    public var source: String?
    public var receivedAt: Double?

    let bits: AISBits

    /// Decodes a position report; nil when `bits` is not type 1, 2, 3, 18 or 27 or too short for an MMSI.
    init?(_ bits: AISBits) {
        guard let type = bits.int(0, 6), Self.isPositionType(type), let mmsi = bits.int(8, 30) else { return nil }
        self.type = type
        self.mmsi = mmsi
        self.bits = bits
        lengthMismatch = !(AISMessageDecoder.standardLength[type] ?? []).contains(bits.count)
        channel = ""
        talker = ""
        switch type {
        case 18:
            speed = Self.speed(bits, 46)
            accuracy = bits.bool(56) ?? false
            longitude = Self.degrees(bits.signed(57, 28), 600_000, limit: 180)
            latitude = Self.degrees(bits.signed(85, 27), 600_000, limit: 90)
            course = Self.course(bits, 112)
            heading = bits.int(124, 9).flatMap { $0 == 511 ? nil : $0 }
            second = bits.int(133, 6).flatMap { $0 < 60 ? $0 : nil }
        case 27:
            accuracy = bits.bool(38) ?? false
            status = bits.int(40, 4)
            longitude = Self.degrees(bits.signed(44, 18), 600, limit: 180)
            latitude = Self.degrees(bits.signed(62, 17), 600, limit: 90)
            speed = bits.int(79, 6).flatMap { $0 == 63 ? nil : Double($0) }
            course = bits.int(85, 9).flatMap { $0 == 511 ? nil : Double($0) }
        default:
            status = bits.int(38, 4)
            speed = Self.speed(bits, 50)
            accuracy = bits.bool(60) ?? false
            longitude = Self.degrees(bits.signed(61, 28), 600_000, limit: 180)
            latitude = Self.degrees(bits.signed(89, 27), 600_000, limit: 90)
            course = Self.course(bits, 116)
            heading = bits.int(128, 9).flatMap { $0 == 511 ? nil : $0 }
            second = bits.int(137, 6).flatMap { $0 < 60 ? $0 : nil }
        }
    }

    /// The whole message with gpsd's field names (allocates; for output, not for the hot path).
    public var message: AISMessage {
        var m =
            AISMessageDecoder.decode(bits)
            ?? AISMessage(type: type, repeatIndicator: 0, mmsi: mmsi, fields: [], lengthMismatch: true, channel: "", talker: "")
        m.channel = channel
        m.talker = talker
        m.source = source
        m.receivedAt = receivedAt
        return m
    }

    @inline(__always) static func isPositionType(_ type: Int) -> Bool { type <= 3 && type >= 1 || type == 18 || type == 27 }

    /// 1/10,000 minute (or 1/10 minute for type 27) to degrees; the "not available" 181/91 and
    /// anything out of range is absent.
    @inline(__always) static func degrees(_ raw: Int?, _ divisor: Double, limit: Double) -> Double? {
        guard let raw else { return nil }
        let d = Double(raw) / divisor
        return abs(d) <= limit ? d : nil
    }

    @inline(__always) static func speed(_ bits: AISBits, _ at: Int) -> Double? {
        bits.int(at, 10).flatMap { $0 == 1023 ? nil : Double($0) / 10 }
    }

    @inline(__always) static func course(_ bits: AISBits, _ at: Int) -> Double? {
        bits.int(at, 12).flatMap { $0 < 3600 ? Double($0) / 10 : nil }
    }
}

/// What the decoder produces for each complete message: a typed position report on the
/// allocation-free path, or the general message for every other type.
public enum AISReport: Sendable {
    case position(AISPositionReport)
    case message(AISMessage)

    public var mmsi: Int {
        switch self {
        case .position(let p): p.mmsi
        case .message(let m): m.mmsi
        }
    }

    public var type: Int {
        switch self {
        case .position(let p): p.type
        case .message(let m): m.type
        }
    }

    /// The general message (built from a position report's bits when needed).
    public var message: AISMessage {
        switch self {
        case .position(let p): p.message
        case .message(let m): m
        }
    }
}
