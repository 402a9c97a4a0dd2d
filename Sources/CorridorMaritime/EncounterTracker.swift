import CorridorGeo
import Foundation

/// The streaming form of ``EncounterDetector``: each vessel's legs are resampled as its
/// reports arrive, every resampled point goes into a grid for its time step, and a pair is
/// found close the moment the second of the two arrives at that step. A pair's close steps
/// therefore come in time order, so its current run is kept incrementally; it is raised as
/// soon as it lasts `minimumDuration` with a median speed under the limit, and ended (or
/// withdrawn, if the median over the whole run fails) once no close step can join it any
/// more.
struct EncounterTracker: Sendable {
    let detector: EncounterDetector
    var configuration: EncounterDetector.Configuration { detector.configuration }
    /// Step index → cell → the points there.
    private var steps: [Int64: [EncounterDetector.Cell: [ResampledPoint]]] = [:]
    private var runs: [EncounterDetector.Pair: Run] = [:]
    private let cellLatitude: Double
    private let cellLongitude: Double

    struct Run: Sendable {
        var steps: [(ResampledPoint, ResampledPoint)]
        var raised: MaritimeDetection?
        /// Speeds (two per step) under the limit: the median is under it exactly when more
        /// than half are, so vessels in convoy at speed cost no sorting per step.
        var slow = 0

        init(_ step: (ResampledPoint, ResampledPoint), limit: Double) {
            steps = [step]
            add(step, limit: limit, append: false)
        }

        mutating func add(_ step: (ResampledPoint, ResampledPoint), limit: Double, append: Bool = true) {
            if append { steps.append(step) }
            slow += (step.0.speed < limit ? 1 : 0) + (step.1.speed < limit ? 1 : 0)
        }

        /// The upper median of the speeds is under the limit.
        var isSlow: Bool { slow > steps.count }
    }

    init(configuration: EncounterDetector.Configuration) {
        detector = EncounterDetector(configuration: configuration)
        cellLatitude = configuration.maximumDistanceKm / 110.0
        // Cells wide enough up to 60° of latitude; beyond that neighbours may be missed, which
        // does not matter for the Arabian Sea.
        cellLongitude = configuration.maximumDistanceKm / (111.0 * cos(60 * Double.pi / 180))
    }

    var openPairCount: Int { runs.count }

    /// Takes a vessel's leg between two consecutive in-order reports; returns encounters raised.
    mutating func add(leg a: TrackPoint, _ b: TrackPoint) -> [DetectionUpdate] {
        let resampler = configuration.resampler
        guard b.time > a.time, b.time - a.time <= resampler.maximumGap else { return [] }
        let km = Geodesy.localDistanceKm(latitude: a.latitude, longitude: a.longitude, latitude: b.latitude, longitude: b.longitude)
        let speed = knots(km: km, seconds: b.time - a.time)
        var updates: [DetectionUpdate] = []
        var t = (a.time / resampler.step).rounded(.up) * resampler.step
        while t < b.time {
            let f = (t - a.time) / (b.time - a.time)
            let r = ResampledPoint(
                mmsi: a.mmsi, time: t, latitude: a.latitude + f * (b.latitude - a.latitude),
                longitude: a.longitude + f * (b.longitude - a.longitude), speed: speed)
            updates += add(r, step: Int64((t / resampler.step).rounded()))
            t += resampler.step
        }
        return updates
    }

    private mutating func add(_ r: ResampledPoint, step: Int64) -> [DetectionUpdate] {
        let cell = EncounterDetector.Cell(
            x: Int((r.longitude / cellLongitude).rounded(.down)), y: Int((r.latitude / cellLatitude).rounded(.down)))
        var updates: [DetectionUpdate] = []
        if let grid = steps[step] {
            for dx in -1...1 {
                for dy in -1...1 {
                    for other in grid[EncounterDetector.Cell(x: cell.x + dx, y: cell.y + dy)] ?? []
                    where detector.isClose(r, other) && detector.counts(r, other) {
                        let (x, y) = r.mmsi < other.mmsi ? (r, other) : (other, r)
                        updates += close(EncounterDetector.Pair(a: x.mmsi, b: y.mmsi), (x, y))
                    }
                }
            }
        }
        steps[step, default: [:]][cell, default: []].append(r)
        return updates
    }

    private mutating func close(_ pair: EncounterDetector.Pair, _ step: (ResampledPoint, ResampledPoint)) -> [DetectionUpdate] {
        var updates: [DetectionUpdate] = []
        let limit = configuration.maximumMedianSpeed
        if var run = runs.removeValue(forKey: pair), let last = run.steps.last {
            if step.0.time - last.0.time <= configuration.mergeWithin {
                if step.0.time > last.0.time { run.add(step, limit: limit) }
                runs[pair] = run
            } else {
                if let u = finish(pair, run) { updates.append(u) }
                runs[pair] = Run(step, limit: limit)
            }
        } else {
            runs[pair] = Run(step, limit: limit)
        }
        guard let run = runs[pair], run.raised == nil, let first = run.steps.first, let last = run.steps.last,
            last.0.time - first.0.time >= configuration.minimumDuration, run.isSlow
        else { return updates }
        let median = EncounterDetector.median(run.steps)
        let detection = detector.encounter(pair, run.steps, median: median, open: true)
        runs[pair]?.raised = detection
        return updates + [DetectionUpdate(.raised, detection)]
    }

    /// The end of a run: revised with its end, withdrawn when the median over the whole run
    /// is too fast, nothing when it was never raised.
    private func finish(_ pair: EncounterDetector.Pair, _ run: Run) -> DetectionUpdate? {
        guard let raised = run.raised else { return nil }
        let median = EncounterDetector.median(run.steps)
        guard median < configuration.maximumMedianSpeed else { return DetectionUpdate(.withdrawn, raised) }
        return DetectionUpdate(.revised, detector.encounter(pair, run.steps, median: median, open: false))
    }

    /// Ends the runs no close step can join any more (the last one more than `mergeWithin`
    /// plus the resampler's gap before `now`) and forgets grid steps no vessel can still reach.
    mutating func advance(to now: Double) -> [DetectionUpdate] {
        let horizon = configuration.mergeWithin + configuration.resampler.maximumGap
        var updates: [DetectionUpdate] = []
        for (pair, run) in runs {
            guard let last = run.steps.last, now - last.0.time > horizon else { continue }
            if let u = finish(pair, run) { updates.append(u) }
            runs[pair] = nil
        }
        let oldest = Int64(((now - 2 * configuration.resampler.maximumGap) / configuration.resampler.step).rounded(.down))
        for step in steps.keys where step < oldest { steps[step] = nil }
        return updates.sorted { $0.detection.id < $1.detection.id }
    }

    /// The end of the input: every run ends.
    mutating func finish() -> [DetectionUpdate] {
        let updates = runs.compactMap { finish($0.key, $0.value) }
        runs = [:]
        steps = [:]
        return updates.sorted { $0.detection.id < $1.detection.id }
    }
}
