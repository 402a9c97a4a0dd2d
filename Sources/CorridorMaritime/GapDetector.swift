import CorridorCore
import CorridorGeo
import Foundation

/// Going dark: a vessel inside receiver coverage and away from port that stops reporting for
/// at least `minimumGap`. Fed one vessel's points in time order; reports an open gap while it
/// lasts (``openGaps(at:)``) and a closed one, with the distance and implied speed across
/// it, when the vessel reappears.
///
/// Defaults (docs/maritime-detection.md): 6 h, after Global Fishing Watch's AIS-disabling
/// events, which use a 6-hour minimum gap for vessels in good reception.
public struct GapDetector: Sendable {
    public struct Configuration: Sendable {
        /// Seconds without a report.
        public var minimumGap: Double = 6 * 3600
        /// Where the receivers hear vessels reliably (polygon rings); a vessel last seen
        /// outside is not "dark", it is out of range.
        public var coverage: [[Coordinate]]?
        /// The same as a test, for areas that are not one polygon (``MaritimeArea``).
        public var covers: (@Sendable (_ latitude: Double, _ longitude: Double) -> Bool)?
        /// A vessel last seen in a port or anchorage is not "dark" (receivers and transponders
        /// are often off in port).
        public var ports: [Anchorage] = []
        public init() {}
    }

    public let configuration: Configuration
    private var last: [Int: TrackPoint] = [:]

    public init(configuration: Configuration = .init()) { self.configuration = configuration }

    /// Takes the next point of a vessel (points of one vessel in time order); returns the
    /// closed gap it ends, if any.
    public mutating func observe(_ point: TrackPoint) -> MaritimeDetection? {
        defer { if last[point.mmsi].map({ point.time >= $0.time }) ?? true { last[point.mmsi] = point } }
        guard let previous = last[point.mmsi] else { return nil }
        return gap(from: previous, to: point)
    }

    /// The gap between two consecutive points of a vessel, if it is one.
    public func gap(from previous: TrackPoint, to point: TrackPoint) -> MaritimeDetection? {
        guard point.time - previous.time >= configuration.minimumGap, isWatched(previous) else { return nil }
        let km = Geodesy.distanceKm(
            latitude: previous.latitude, longitude: previous.longitude, latitude: point.latitude, longitude: point.longitude)
        return MaritimeDetection(
            kind: .aisGap, mmsi: point.mmsi, start: previous.time, end: point.time, latitude: previous.latitude,
            longitude: previous.longitude, evidence: [previous, point],
            details: [
                "hours": String(format: "%.1f", (point.time - previous.time) / 3600), "distance_km": String(format: "%.1f", km),
                "implied_speed_kn": String(format: "%.1f", knots(km: km, seconds: point.time - previous.time)),
            ])
    }

    /// Gaps still open at `now`: vessels last seen in coverage and out of port, silent since.
    public func openGaps(at now: Double) -> [MaritimeDetection] {
        last.values.sorted { $0.mmsi < $1.mmsi }.compactMap { openGap(since: $0, at: now) }
    }

    /// The open gap of a vessel last seen at `p`, if it has been silent long enough.
    public func openGap(since p: TrackPoint, at now: Double) -> MaritimeDetection? {
        guard now - p.time >= configuration.minimumGap, isWatched(p) else { return nil }
        return MaritimeDetection(
            kind: .aisGap, mmsi: p.mmsi, start: p.time, end: nil, latitude: p.latitude, longitude: p.longitude, evidence: [p],
            details: ["open": "true"])
    }

    func isWatched(_ p: TrackPoint) -> Bool {
        if let coverage = configuration.coverage {
            guard let c = try? Coordinate(latitude: p.latitude, longitude: p.longitude), PolygonContainment.contains(coverage, c) else {
                return false
            }
        }
        if let covers = configuration.covers, !covers(p.latitude, p.longitude) { return false }
        return !configuration.ports.contains { $0.contains(latitude: p.latitude, longitude: p.longitude) }
    }
}
