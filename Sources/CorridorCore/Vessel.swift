import Foundation

/// One reported position of a vessel, as stored in its track.
///
/// Times come from the receiver (NMEA tag block `c:`, Gatehouse `$PGHP`, or a trailing epoch)
/// and otherwise from the moment the sentence was read.
public struct VesselPosition: Sendable, Hashable, Codable {
    public var mmsi: Int
    public var at: Date
    public var latitude: Double
    public var longitude: Double
    /// Knots.
    public var speed: Double?
    /// Degrees over ground.
    public var course: Double?
    public var heading: Int?
    /// AIS navigation status (0 under way using engine, 1 at anchor, 5 moored, ...).
    public var status: Int?
    /// The AIS message type that reported it (1–3, 18, 19, 27).
    public var messageType: Int
    /// The receiver or feed (tag block `s:` or the feed's name).
    public var source: String?

    public init(
        mmsi: Int, at: Date, latitude: Double, longitude: Double, speed: Double? = nil, course: Double? = nil, heading: Int? = nil,
        status: Int? = nil, messageType: Int, source: String? = nil
    ) {
        self.mmsi = mmsi
        self.at = at
        self.latitude = latitude
        self.longitude = longitude
        self.speed = speed
        self.course = course
        self.heading = heading
        self.status = status
        self.messageType = messageType
        self.source = source
    }

    enum CodingKeys: String, CodingKey {
        case mmsi, at, latitude = "lat", longitude = "lon", speed, course, heading, status, messageType = "type", source
    }
}

/// What the registry knows of a vessel: identity from its static reports (types 5, 19, 24),
/// the flag its MMSI claims, and its last reported position.
public struct Vessel: Sendable, Hashable, Codable {
    public var mmsi: Int
    public var imo: Int?
    public var name: String?
    public var callsign: String?
    /// AIS ship and cargo type code (e.g. 70 cargo, 80 tanker, 30 fishing).
    public var shipType: Int?
    /// Metres from the AIS reference point.
    public var toBow: Int?
    public var toStern: Int?
    public var toPort: Int?
    public var toStarboard: Int?
    public var destination: String?
    /// Auxiliary craft (MMSI 98xxxxxxx): the mother ship.
    public var mothershipMMSI: Int?
    /// ISO 3166-1 alpha-2 of the flag state the MMSI's MID claims; nil for an unallocated MID.
    public var flag: String?
    public var lastSeen: Date?
    public var lastPosition: VesselPosition?

    public init(
        mmsi: Int, imo: Int? = nil, name: String? = nil, callsign: String? = nil, shipType: Int? = nil, toBow: Int? = nil,
        toStern: Int? = nil, toPort: Int? = nil, toStarboard: Int? = nil, destination: String? = nil, mothershipMMSI: Int? = nil,
        flag: String? = nil, lastSeen: Date? = nil, lastPosition: VesselPosition? = nil
    ) {
        self.mmsi = mmsi
        self.imo = imo
        self.name = name
        self.callsign = callsign
        self.shipType = shipType
        self.toBow = toBow
        self.toStern = toStern
        self.toPort = toPort
        self.toStarboard = toStarboard
        self.destination = destination
        self.mothershipMMSI = mothershipMMSI
        self.flag = flag
        self.lastSeen = lastSeen
        self.lastPosition = lastPosition
    }

    /// Overall length in metres, when both bow and stern distances are known.
    public var length: Int? { toBow.flatMap { b in toStern.map { b + $0 } } }

    enum CodingKeys: String, CodingKey {
        case mmsi, imo, name, callsign, shipType = "ship_type", toBow = "to_bow", toStern = "to_stern", toPort = "to_port"
        case toStarboard = "to_starboard", destination, mothershipMMSI = "mothership_mmsi", flag, lastSeen = "last_seen"
        case lastPosition = "last_position"
    }
}
