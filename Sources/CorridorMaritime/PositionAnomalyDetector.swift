import CorridorGeo
import Foundation

/// Impossible jumps: consecutive positions of one vessel further apart than it could sail.
///
/// Rule (docs/maritime-detection.md): a jump when the distance exceeds what `maximumSpeed`
/// covers in the elapsed time plus `timePadding`, plus `positionNoiseKm`. The padding keeps
/// reports a few seconds apart (receive-time jitter, two receivers) from producing absurd
/// speeds; Global Fishing Watch's track segmenter uses 25 knots the same way. Type 27
/// low-resolution positions are not used (they are up to a tenth of a minute off).
public struct PositionAnomalyDetector: Sendable {
    public struct Configuration: Sendable {
        /// Knots.
        public var maximumSpeed = 25.0
        /// Seconds added to the elapsed time.
        public var timePadding = 600.0
        public var positionNoiseKm = 1.0
        public init() {}
    }

    public let configuration: Configuration
    private var last: [Int: TrackPoint] = [:]

    public init(configuration: Configuration = .init()) { self.configuration = configuration }

    /// The largest distance, in km, a vessel may cover in `seconds`.
    public func allowedKm(seconds: Double) -> Double {
        configuration.maximumSpeed * 1.852 * (max(0, seconds) + configuration.timePadding) / 3600 + configuration.positionNoiseKm
    }

    /// Takes a vessel's next point (in time order); returns a detection when it jumped.
    public mutating func observe(_ point: TrackPoint) -> MaritimeDetection? {
        guard !point.lowResolution else { return nil }
        defer { last[point.mmsi] = point }
        guard let previous = last[point.mmsi] else { return nil }
        return jump(from: previous, to: point)
    }

    /// The jump between two consecutive full-resolution points of a vessel, if it is one.
    public func jump(from previous: TrackPoint, to point: TrackPoint) -> MaritimeDetection? {
        guard point.time >= previous.time else { return nil }
        let km = Geodesy.localDistanceKm(
            latitude: previous.latitude, longitude: previous.longitude, latitude: point.latitude, longitude: point.longitude)
        let seconds = point.time - previous.time
        guard km > allowedKm(seconds: seconds) else { return nil }
        return MaritimeDetection(
            kind: .positionAnomaly, mmsi: point.mmsi, start: previous.time, end: point.time, latitude: point.latitude,
            longitude: point.longitude, evidence: [previous, point],
            details: [
                "reason": "impossible_jump", "distance_km": String(format: "%.1f", km), "seconds": String(format: "%.0f", seconds),
                "implied_speed_kn": String(format: "%.0f", knots(km: km, seconds: seconds)),
            ])
    }
}

extension PositionAnomalyDetector {
    /// A position on land (``CorridorGeo/Coastline/isOnLand(latitude:longitude:)``), if the
    /// test says so: a spoofed or corrupted fix.
    public static func onLand(_ point: TrackPoint, isOnLand: (Double, Double) -> Bool) -> MaritimeDetection? {
        guard !point.lowResolution, isOnLand(point.latitude, point.longitude) else { return nil }
        return MaritimeDetection(
            kind: .positionAnomaly, mmsi: point.mmsi, start: point.time, end: point.time, latitude: point.latitude,
            longitude: point.longitude, evidence: [point], details: ["reason": "on_land"])
    }
}
