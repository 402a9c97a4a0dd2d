import CorridorGeo
import Foundation

/// Possible ship-to-ship transfers: two vessels within `maximumDistanceKm` of each other for at
/// least `minimumDuration` at a median speed below `maximumMedianSpeed`, at least
/// `minimumAnchorageDistanceKm` from every anchorage; encounters of the same pair less than
/// `mergeWithin` apart are one. Global Fishing Watch's published parameters: 500 m, 2 h,
/// 2 knots, 10 km from an anchorage, merged within 4 h.
///
/// Tracks are resampled to 10-minute steps (``TrackResampler``), and at each step vessels
/// are put in a grid of cells at least as large as the distance, so only vessels in the same
/// or neighbouring cells are compared.
public struct EncounterDetector: Sendable {
    public struct Configuration: Sendable {
        public var maximumDistanceKm = 0.5
        public var minimumDuration = 2 * 3600.0
        /// Knots, the median over both vessels' resampled points during the encounter.
        public var maximumMedianSpeed = 2.0
        public var minimumAnchorageDistanceKm = 10.0
        public var mergeWithin = 4 * 3600.0
        public var anchorages: [Anchorage] = []
        public var resampler = TrackResampler()
        /// Where encounters count (``MaritimeArea``); nil: everywhere.
        public var area: (@Sendable (_ latitude: Double, _ longitude: Double) -> Bool)?
        public init() {}
    }

    public let configuration: Configuration

    public init(configuration: Configuration = .init()) { self.configuration = configuration }

    /// Encounters in the given tracks (each vessel's points in time order).
    public func detect(_ tracks: [Int: [TrackPoint]]) -> [MaritimeDetection] {
        detect(tracks, closePairs: gridPairs)
    }

    /// The same with every pair compared at every step: the reference the grid is tested against.
    public func detectBruteForce(_ tracks: [Int: [TrackPoint]]) -> [MaritimeDetection] {
        detect(tracks, closePairs: allPairs)
    }

    func detect(_ tracks: [Int: [TrackPoint]], closePairs: ([ResampledPoint]) -> [(ResampledPoint, ResampledPoint)]) -> [MaritimeDetection]
    {
        var byTime: [Double: [ResampledPoint]] = [:]
        for (_, points) in tracks {
            for r in configuration.resampler.resample(points) { byTime[r.time, default: []].append(r) }
        }
        // Per pair (lower MMSI first): the steps at which they were close, in time order.
        var close: [Pair: [(ResampledPoint, ResampledPoint)]] = [:]
        for time in byTime.keys.sorted() {
            for (a, b) in closePairs(byTime[time] ?? []) where counts(a, b) {
                let (x, y) = a.mmsi < b.mmsi ? (a, b) : (b, a)
                close[Pair(a: x.mmsi, b: y.mmsi), default: []].append((x, y))
            }
        }
        var found: [MaritimeDetection] = []
        for pair in close.keys.sorted(by: { ($0.a, $0.b) < ($1.a, $1.b) }) {
            guard let steps = close[pair] else { continue }
            // Consecutive steps form runs; runs less than `mergeWithin` apart are merged.
            var runs: [[(ResampledPoint, ResampledPoint)]] = []
            for s in steps {
                if let last = runs.last?.last, s.0.time - last.0.time <= configuration.mergeWithin {
                    runs[runs.count - 1].append(s)
                } else {
                    runs.append([s])
                }
            }
            for run in runs {
                guard let first = run.first, let last = run.last, last.0.time - first.0.time >= configuration.minimumDuration else {
                    continue
                }
                let median = Self.median(run)
                guard median < configuration.maximumMedianSpeed else { continue }
                found.append(encounter(pair, run, median: median, open: false))
            }
        }
        return found
    }

    /// Whether a close step counts: its midpoint is far enough from every anchorage (GFW
    /// excludes encounters near anchorages; testing each step rather than the mean position
    /// lets a streaming detector decide at once, and the batch one does the same).
    func counts(_ a: ResampledPoint, _ b: ResampledPoint) -> Bool {
        let lat = (a.latitude + b.latitude) / 2
        let lon = (a.longitude + b.longitude) / 2
        if let area = configuration.area, !area(lat, lon) { return false }
        return !configuration.anchorages.contains {
            Geodesy.localDistanceKm(latitude: lat, longitude: lon, latitude: $0.latitude, longitude: $0.longitude)
                < configuration.minimumAnchorageDistanceKm + $0.radiusKm
        }
    }

    /// The detection for a run of close steps of a pair (lower MMSI first).
    func encounter(_ pair: Pair, _ run: [(ResampledPoint, ResampledPoint)], median: Double, open: Bool) -> MaritimeDetection {
        let first = run[0]
        let last = run[run.count - 1]
        let lat = run.map { ($0.0.latitude + $0.1.latitude) / 2 }.reduce(0, +) / Double(run.count)
        let lon = run.map { ($0.0.longitude + $0.1.longitude) / 2 }.reduce(0, +) / Double(run.count)
        var details = ["other_mmsi": String(pair.b), "median_speed_kn": String(format: "%.1f", median)]
        if open { details["open"] = "true" } else { details["hours"] = String(format: "%.1f", (last.0.time - first.0.time) / 3600) }
        return MaritimeDetection(
            kind: .encounter, mmsi: pair.a, start: first.0.time, end: open ? nil : last.0.time, latitude: lat, longitude: lon,
            evidence: thinned(run.map { Self.point($0.0) }, limit: 60) + thinned(run.map { Self.point($0.1) }, limit: 60), details: details)
    }

    static func median(_ run: [(ResampledPoint, ResampledPoint)]) -> Double {
        let speeds = (run.map(\.0.speed) + run.map(\.1.speed)).sorted()
        return speeds[speeds.count / 2]
    }

    struct Pair: Hashable {
        var a: Int
        var b: Int
    }

    static func point(_ r: ResampledPoint) -> TrackPoint {
        TrackPoint(mmsi: r.mmsi, time: r.time, latitude: r.latitude, longitude: r.longitude, speed: r.speed)
    }

    func isClose(_ a: ResampledPoint, _ b: ResampledPoint) -> Bool {
        a.mmsi != b.mmsi && abs(a.latitude - b.latitude) * 110.574 <= configuration.maximumDistanceKm
            && Geodesy.localDistanceKm(latitude: a.latitude, longitude: a.longitude, latitude: b.latitude, longitude: b.longitude)
                <= configuration.maximumDistanceKm
    }

    func allPairs(_ points: [ResampledPoint]) -> [(ResampledPoint, ResampledPoint)] {
        var out: [(ResampledPoint, ResampledPoint)] = []
        for i in points.indices {
            for j in points.indices where j > i && isClose(points[i], points[j]) { out.append((points[i], points[j])) }
        }
        return out
    }

    /// Cells of `cellDegrees` latitude and the matching longitude width at the points'
    /// latitude (at least the maximum distance wide), so a close pair is in the same or
    /// neighbouring cells.
    func gridPairs(_ points: [ResampledPoint]) -> [(ResampledPoint, ResampledPoint)] {
        guard points.count > 1 else { return [] }
        let cellLat = configuration.maximumDistanceKm / 110.0
        let maxAbsLat = min(89.0, points.map { abs($0.latitude) }.max() ?? 0)
        let cellLon = configuration.maximumDistanceKm / (111.0 * cos(maxAbsLat * .pi / 180))
        func cell(_ p: ResampledPoint) -> Cell {
            Cell(x: Int((p.longitude / cellLon).rounded(.down)), y: Int((p.latitude / cellLat).rounded(.down)))
        }
        var grid: [Cell: [Int]] = [:]
        for (i, p) in points.enumerated() { grid[cell(p), default: []].append(i) }
        var out: [(ResampledPoint, ResampledPoint)] = []
        for (i, p) in points.enumerated() {
            let c = cell(p)
            for dx in -1...1 {
                for dy in -1...1 {
                    for j in grid[Cell(x: c.x + dx, y: c.y + dy)] ?? [] where j > i && isClose(p, points[j]) {
                        out.append((p, points[j]))
                    }
                }
            }
        }
        return out
    }

    struct Cell: Hashable {
        var x: Int
        var y: Int
    }
}
