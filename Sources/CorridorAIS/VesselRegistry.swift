/// What is known about a vessel from its static reports (types 5, 19, 21 and 24 A/B).
public struct VesselStatic: Sendable, Equatable {
    public var mmsi: Int
    public var shipname: String?
    public var callsign: String?
    public var imo: Int?
    public var shiptype: Int?
    public var toBow: Int?
    public var toStern: Int?
    public var toPort: Int?
    public var toStarboard: Int?
    public var destination: String?
    /// For auxiliary craft (MMSI 98xxxxxxx): the mother ship.
    public var mothershipMMSI: Int?

    public init(mmsi: Int) { self.mmsi = mmsi }
}

/// Joins static reports per MMSI, whatever channel or order they arrive in: a class B
/// vessel's name (type 24 part A) and its type, call sign and size (part B) end up in one
/// record. Empty texts never overwrite known ones.
public struct VesselRegistry: Sendable {
    public private(set) var vessels: [Int: VesselStatic] = [:]

    public init() {}

    /// Applies a message; returns the vessel's record when the message carried static data.
    @discardableResult
    public mutating func apply(_ m: AISMessage) -> VesselStatic? {
        guard [5, 19, 21, 24].contains(m.type) else { return nil }
        var v = vessels[m.mmsi] ?? VesselStatic(mmsi: m.mmsi)
        func text(_ name: String) -> String? { m.text(name).flatMap { $0.isEmpty ? nil : $0 } }
        if let name = text("shipname") ?? (m.type == 21 ? text("name") : nil) { v.shipname = name }
        if let c = text("callsign") { v.callsign = c }
        if let d = text("destination") { v.destination = d }
        if let imo = m.int("imo") { v.imo = imo }
        if let t = m.int("shiptype"), t != 0 { v.shiptype = t }
        if let b = m.int("to_bow"), let s = m.int("to_stern"), b + s > 0 {
            v.toBow = b
            v.toStern = s
            v.toPort = m.int("to_port")
            v.toStarboard = m.int("to_starboard")
        }
        if let mother = m.int("mothership_mmsi") { v.mothershipMMSI = mother }
        vessels[m.mmsi] = v
        return v
    }
}
