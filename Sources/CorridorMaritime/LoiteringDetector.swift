import CorridorGeo
import Foundation

/// How far a position is from the shore, in km. The detectors take it as a function so the
/// coastline data can be swapped (the shipped one covers Pakistan's coast only).
public typealias ShoreDistance = @Sendable (_ latitude: Double, _ longitude: Double) -> Double

/// Loitering: a vessel moving slower than `maximumSpeed` (implied speed between consecutive
/// positions) for at least `minimumDuration`, more than `minimumShoreDistanceKm` from shore
/// and outside every anchorage. Per Global Fishing Watch's loitering events: < 2 knots for
/// ≥ 4 hours, > 20 nautical miles from shore.
public struct LoiteringDetector: Sendable {
    public struct Configuration: Sendable {
        /// Knots.
        public var maximumSpeed = 2.0
        /// Seconds.
        public var minimumDuration = 4 * 3600.0
        /// 20 nautical miles.
        public var minimumShoreDistanceKm = 20 * 1.852
        public var anchorages: [Anchorage] = []
        /// A silence longer than this ends a slow run (a gap is not evidence of idling).
        public var maximumGap = 3600.0
        public init() {}
    }

    public let configuration: Configuration
    let shoreDistance: ShoreDistance
    private var runs: [Int: [TrackPoint]] = [:]

    public init(configuration: Configuration = .init(), shoreDistance: @escaping ShoreDistance) {
        self.configuration = configuration
        self.shoreDistance = shoreDistance
    }

    /// Takes a vessel's next point (in time order); returns a loitering event when a long
    /// enough slow run ends with this point.
    public mutating func observe(_ point: TrackPoint) -> MaritimeDetection? {
        observe(point, run: &runs[point.mmsi, default: []])
    }

    /// The same for one vessel whose current slow run the caller keeps.
    public func observe(_ point: TrackPoint, run: inout [TrackPoint]) -> MaritimeDetection? {
        observe(point, run: &run, eligible: isOffshore(point))
    }

    /// The same with the shore-and-anchorage test already made by the caller.
    public func observe(_ point: TrackPoint, run: inout [TrackPoint], eligible: Bool) -> MaritimeDetection? {
        guard let previous = run.last else {
            if eligible { run = [point] }
            return nil
        }
        let seconds = point.time - previous.time
        guard seconds >= 0 else { return nil }
        let km = Geodesy.localDistanceKm(
            latitude: previous.latitude, longitude: previous.longitude, latitude: point.latitude, longitude: point.longitude)
        let slow = seconds > 0 && seconds <= configuration.maximumGap && knots(km: km, seconds: seconds) < configuration.maximumSpeed
        if slow && eligible {
            run.append(point)
            return nil
        }
        let ended = report(run)
        run = eligible ? [point] : []
        return ended
    }

    /// Slow runs still going on at the end of the input (or now), if long enough.
    public func openRuns() -> [MaritimeDetection] {
        runs.keys.sorted().compactMap { mmsi in runs[mmsi].flatMap { report($0, open: true) } }
    }

    func isOffshore(_ p: TrackPoint) -> Bool {
        shoreDistance(p.latitude, p.longitude) > configuration.minimumShoreDistanceKm
            && !configuration.anchorages.contains { $0.contains(latitude: p.latitude, longitude: p.longitude) }
    }

    public func report(_ run: [TrackPoint], open: Bool = false) -> MaritimeDetection? {
        guard let first = run.first, let last = run.last, last.time - first.time >= configuration.minimumDuration else { return nil }
        let lat = run.map(\.latitude).reduce(0, +) / Double(run.count)
        let lon = run.map(\.longitude).reduce(0, +) / Double(run.count)
        return MaritimeDetection(
            kind: .loitering, mmsi: first.mmsi, start: first.time, end: open ? nil : last.time, latitude: lat, longitude: lon,
            evidence: run,
            details: [
                "hours": String(format: "%.1f", (last.time - first.time) / 3600),
                "shore_distance_km": String(format: "%.0f", shoreDistance(lat, lon)),
            ])
    }
}
