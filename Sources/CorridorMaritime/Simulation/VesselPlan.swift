import CorridorCore
import Foundation

/// Where a simulated vessel is at any time: a path of timed waypoints, straight legs between
/// them, a little GPS noise, silences and spoofed reports. Pure functions of time, so a
/// scenario of thousands of vessels is enumerated in time order without storing tracks.
public struct VesselPlan: Sendable {
    public struct Waypoint: Sendable {
        public var time: Double
        public var latitude: Double
        public var longitude: Double
    }

    public var mmsi: Int
    public var shipType: Int
    public var name: String
    public var imo: Int?
    public var callsign: String
    /// Seconds between reports.
    public var interval: Double
    /// Seconds after the scenario's start of the first report (spreads vessels over a step).
    public var phase: Double
    public var waypoints: [Waypoint]
    /// Times when the transponder is off: [start, end).
    public var silences: [Range<Double>] = []
    /// Reports replaced by a false position: the first report at or after each time.
    public var spoofs: [(time: Double, latitude: Double, longitude: Double)] = []
    /// Identity changes: from this time on, static reports carry these.
    public var renames: [(time: Double, name: String, imo: Int?)] = []
    /// Metres of position noise (uniform, each axis).
    public var noiseMetres = 8.0

    /// The report at `time`, if the vessel reports then.
    public func report(at time: Double) -> TrackPoint? {
        guard let first = waypoints.first, let last = waypoints.last, time >= first.time, time <= last.time else { return nil }
        if silences.contains(where: { $0.contains(time) }) { return nil }
        if let spoof = spoofs.first(where: { time >= $0.time && time < $0.time + interval }) {
            return TrackPoint(mmsi: mmsi, time: time, latitude: spoof.latitude, longitude: spoof.longitude, speed: 12)
        }
        // The leg holding `time` (waypoints are few; a linear scan is fine).
        var i = 0
        while i + 1 < waypoints.count - 1 && waypoints[i + 1].time <= time { i += 1 }
        let a = waypoints[i]
        let b = waypoints[min(i + 1, waypoints.count - 1)]
        let f = b.time > a.time ? (time - a.time) / (b.time - a.time) : 0
        var lat = a.latitude + f * (b.latitude - a.latitude)
        var lon = a.longitude + f * (b.longitude - a.longitude)
        var noise = SplitMix64(seed: UInt64(bitPattern: Int64(mmsi)) &* 0x9E37_79B9 ^ UInt64(bitPattern: Int64(time)))
        lat += (noise.unit() - 0.5) * 2 * noiseMetres / 110_574
        lon += (noise.unit() - 0.5) * 2 * noiseMetres / (111_320 * cos(lat * .pi / 180))
        let km = Self.km(a.latitude, a.longitude, b.latitude, b.longitude)
        let speed = b.time > a.time ? km / 1.852 / ((b.time - a.time) / 3600) : 0
        return TrackPoint(mmsi: mmsi, time: time, latitude: lat, longitude: lon, speed: speed)
    }

    /// The name and IMO number in force at `time`.
    public func identity(at time: Double) -> (name: String, imo: Int?) {
        renames.last { $0.time <= time }.map { ($0.name, $0.imo) } ?? (name, imo)
    }

    static func km(_ lat1: Double, _ lon1: Double, _ lat2: Double, _ lon2: Double) -> Double {
        let kx = 111.32 * cos((lat1 + lat2) / 2 * .pi / 180)
        return hypot((lon2 - lon1) * kx, (lat2 - lat1) * 110.574)
    }

    /// The point `km` away on a bearing (degrees from north), flat approximation.
    static func moved(_ lat: Double, _ lon: Double, km: Double, bearing: Double) -> (Double, Double) {
        let r = bearing * .pi / 180
        return (lat + km * cos(r) / 110.574, lon + km * sin(r) / (111.32 * cos(lat * .pi / 180)))
    }
}
