/// Writes AIVDM sentences for class A position reports (type 1) and static and voyage data
/// (type 5), with an NMEA 4.10 tag block carrying the receive time. Used to turn simulated
/// traffic into the same text a receiver produces, so simulations go through the real
/// decoder (`corridorwatch ais simulate`).
///
/// ```swift
/// let lines = AISEncoder.position(.init(mmsi: 463_000_001, latitude: 25.0, longitude: 62.3, speed: 11.5, course: 92), receivedAt: 1_800_000_000)
/// // ["\\c:1800000000*7E\\!AIVDM,1,1,,A,16...,0*hh"]
/// ```
public enum AISEncoder {
    public struct Position: Sendable, Hashable {
        public var mmsi: Int
        public var latitude: Double
        public var longitude: Double
        /// Knots; nil: not available.
        public var speed: Double?
        /// Degrees; nil: not available.
        public var course: Double?
        /// Navigational status code (0 under way using engine, 1 at anchor, 5 moored, 7 fishing).
        public var status: Int

        public init(mmsi: Int, latitude: Double, longitude: Double, speed: Double? = nil, course: Double? = nil, status: Int = 0) {
            self.mmsi = mmsi
            self.latitude = latitude
            self.longitude = longitude
            self.speed = speed
            self.course = course
            self.status = status
        }
    }

    public struct Static: Sendable, Hashable {
        public var mmsi: Int
        public var imo: Int?
        public var callsign: String?
        public var name: String?
        public var shipType: Int?
        public var destination: String?

        public init(
            mmsi: Int, imo: Int? = nil, callsign: String? = nil, name: String? = nil, shipType: Int? = nil, destination: String? = nil
        ) {
            self.mmsi = mmsi
            self.imo = imo
            self.callsign = callsign
            self.name = name
            self.shipType = shipType
            self.destination = destination
        }
    }

    /// One type 1 sentence.
    public static func position(_ p: Position, receivedAt: Double, channel: Character = "A") -> [String] {
        var bits = BitWriter()
        bits.put(1, 6)
        bits.put(0, 2)
        bits.put(p.mmsi, 30)
        bits.put(p.status, 4)
        bits.put(-128, 8)
        bits.put(p.speed.map { min(1022, Int(($0 * 10).rounded())) } ?? 1023, 10)
        bits.put(0, 1)
        bits.put(Int((p.longitude * 600_000).rounded()), 28)
        bits.put(Int((p.latitude * 600_000).rounded()), 27)
        bits.put(p.course.map { Int(($0 * 10).rounded()) % 3600 } ?? 3600, 12)
        bits.put(511, 9)
        bits.put(Int(receivedAt.rounded(.down)) % 60, 6)
        bits.put(0, 2)
        bits.put(0, 3)
        bits.put(0, 1)
        bits.put(0, 19)
        return sentences(bits, receivedAt: receivedAt, channel: channel, sequence: nil)
    }

    /// Two type 5 sentences (424 bits), sharing `sequence` (0–9).
    public static func staticReport(_ s: Static, receivedAt: Double, sequence: Int = 0, channel: Character = "A") -> [String] {
        var bits = BitWriter()
        bits.put(5, 6)
        bits.put(0, 2)
        bits.put(s.mmsi, 30)
        bits.put(0, 2)
        bits.put(s.imo ?? 0, 30)
        bits.putText(s.callsign ?? "", 7)
        bits.putText(s.name ?? "", 20)
        bits.put(s.shipType ?? 0, 8)
        bits.put(0, 9)
        bits.put(0, 9)
        bits.put(0, 6)
        bits.put(0, 6)
        bits.put(1, 4)
        bits.put(0, 4)
        bits.put(0, 5)
        bits.put(24, 5)
        bits.put(60, 6)
        bits.put(0, 8)
        bits.putText(s.destination ?? "", 20)
        bits.put(0, 1)
        bits.put(0, 1)
        return sentences(bits, receivedAt: receivedAt, channel: channel, sequence: sequence % 10)
    }

    static func sentences(_ bits: BitWriter, receivedAt: Double, channel: Character, sequence: Int?) -> [String] {
        let (payload, fill) = bits.armoured()
        let chunks = stride(from: 0, to: payload.count, by: 60).map { Array(payload[$0..<min(payload.count, $0 + 60)]) }
        let tag = "c:\(Int64(receivedAt.rounded(.down)))"
        return chunks.enumerated().map { i, chunk in
            let body =
                "AIVDM,\(chunks.count),\(i + 1),\(chunks.count > 1 ? String(sequence ?? 0) : ""),\(channel),\(String(decoding: chunk, as: UTF8.self)),\(i == chunks.count - 1 ? fill : 0)"
            return "\\\(tag)*\(checksum(tag))\\!\(body)*\(checksum(body))"
        }
    }

    static func checksum(_ s: String) -> String {
        let x = s.utf8.reduce(UInt8(0), ^)
        let hex = Array("0123456789ABCDEF".utf8)
        return String(decoding: [hex[Int(x >> 4)], hex[Int(x & 15)]], as: UTF8.self)
    }
}

/// Bits written most significant first; signed values in two's complement of the width.
struct BitWriter {
    private(set) var bits: [Bool] = []

    mutating func put(_ value: Int, _ width: Int) {
        let v = UInt64(bitPattern: Int64(value))
        for i in stride(from: width - 1, through: 0, by: -1) { bits.append((v >> UInt64(i)) & 1 == 1) }
    }

    /// AIS six-bit text, padded with `@`.
    mutating func putText(_ text: String, _ characters: Int) {
        let codes = Array(text.uppercased().utf8.prefix(characters))
        for i in 0..<characters {
            let c = i < codes.count ? codes[i] : 64
            put(c >= 64 && c < 96 ? Int(c) - 64 : (c >= 32 && c < 64 ? Int(c) : 0), 6)
        }
    }

    /// Payload characters and fill bits.
    func armoured() -> ([UInt8], Int) {
        let fill = (6 - bits.count % 6) % 6
        let padded = bits + Array(repeating: false, count: fill)
        var out: [UInt8] = []
        for start in stride(from: 0, to: padded.count, by: 6) {
            var v = 0
            for b in padded[start..<start + 6] { v = v << 1 | (b ? 1 : 0) }
            out.append(UInt8(v < 40 ? v + 48 : v + 56))
        }
        return (out, fill)
    }
}
