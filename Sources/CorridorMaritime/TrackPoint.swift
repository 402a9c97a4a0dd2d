import Foundation

/// One position of a vessel as the detectors see it.
public struct TrackPoint: Sendable, Hashable {
    public var mmsi: Int
    /// Seconds since 1970 (receive time).
    public var time: Double
    public var latitude: Double
    public var longitude: Double
    /// Knots.
    public var speed: Double?
    /// Type 27 (long-range) reports: positions to a tenth of a minute, not fit for jump tests.
    public var lowResolution: Bool

    public init(mmsi: Int, time: Double, latitude: Double, longitude: Double, speed: Double? = nil, lowResolution: Bool = false) {
        self.mmsi = mmsi
        self.time = time
        self.latitude = latitude
        self.longitude = longitude
        self.speed = speed
        self.lowResolution = lowResolution
    }
}

/// A behaviour found in tracks, with the points that justify it.
public struct MaritimeDetection: Sendable, Hashable {
    /// The event type it becomes (docs/formats.md, domain `maritime`).
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case aisGap = "ais_gap", loitering, encounter, positionAnomaly = "position_anomaly"
        case identityChange = "identity_change", zoneEntry = "zone_entry"
    }

    public var kind: Kind
    public var mmsi: Int
    public var start: Double
    /// Nil while the behaviour is still going on (an open gap).
    public var end: Double?
    public var latitude: Double
    public var longitude: Double
    /// The track points that justify it.
    public var evidence: [TrackPoint]
    /// Measured values, by name (e.g. `distance_km`, `implied_speed_kn`, `old_name`).
    public var details: [String: String]

    public init(
        kind: Kind, mmsi: Int, start: Double, end: Double?, latitude: Double, longitude: Double, evidence: [TrackPoint],
        details: [String: String] = [:]
    ) {
        self.kind = kind
        self.mmsi = mmsi
        self.start = start
        self.end = end
        self.latitude = latitude
        self.longitude = longitude
        self.evidence = evidence
        self.details = details
    }
}

/// Knots from kilometres over seconds (1 nautical mile = 1.852 km).
func knots(km: Double, seconds: Double) -> Double { seconds > 0 ? km / 1.852 / (seconds / 3600) : .infinity }
