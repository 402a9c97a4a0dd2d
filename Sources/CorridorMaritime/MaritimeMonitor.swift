import CorridorGeo
import DequeModule
import Foundation

/// All detectors over a stream of reports, as they arrive: the streaming engine behind
/// `serve --ais-feed` and, fed a whole archive, behind `ais detect`.
///
/// Reports of one vessel normally arrive in time order and cost one step of each detector.
/// A late report (older than the vessel's newest, but within ``Configuration/reorderWindow``)
/// is slotted into place and the vessel's last window is run again from a checkpoint; what
/// changed comes out as revisions and withdrawals. Reports older than the window are not
/// used for detection (they are still stored by the feed) and are counted.
///
/// ```swift
/// var monitor = MaritimeMonitor(configuration: .corridor())
/// for point in points { updates += detectors.observe(point) }
/// updates += detectors.advance(to: now)   // open gaps, encounters that ended
/// updates += detectors.finish()           // end of an archive
/// ```
public struct MaritimeMonitor: Sendable {
    public struct Configuration: Sendable {
        public var gap = GapDetector.Configuration()
        public var loitering = LoiteringDetector.Configuration()
        public var anomaly = PositionAnomalyDetector.Configuration()
        public var encounter = EncounterDetector.Configuration()
        public var identityWindow = 24 * 3600.0
        public var zones: [Zone] = []
        public var zoneMarginKm = 0.1
        /// Km to shore; positions this function puts within the loitering limit never loiter.
        public var shoreDistance: ShoreDistance = { _, _ in .infinity }
        /// With a coastline, loitering's shore test is made here, per vessel, measuring only
        /// when needed: offshore means more than `loitering.minimumShoreDistanceKm` and at most
        /// `watchedWithinKm` from this coast, between `watchedLongitudes`.
        public var coast: Coastline?
        public var watchedLongitudes: ClosedRange<Double> = -180...180
        public var watchedWithinKm = Double.infinity
        /// Nil: no on-land test.
        public var isOnLand: (@Sendable (_ latitude: Double, _ longitude: Double) -> Bool)?
        /// Seconds behind a vessel's newest report within which a late report is still used
        /// (at least this much: the window moves in steps of 16 reports).
        public var reorderWindow = 3600.0
        /// Seconds after which a silent vessel is forgotten (its state freed; a gap already
        /// raised stays raised). A long-running server would otherwise keep every vessel ever heard.
        public var forgetAfter = 7 * 86_400.0
        public init() {}

        /// The corridor's defaults: Pakistan's coast and ports, Pakistani waters as the
        /// watched area for gaps, loitering and encounters, and the given zones (by default
        /// the illustrative Gwadar set).
        public static func corridor(coast: Coastline = .pakistan, zones: [Zone] = Zone.gwadarDefaults) -> Configuration {
            var c = Configuration()
            let ports = Anchorage.pakistan
            let waters = MaritimeArea.pakistaniWaters(coast: coast)
            c.gap.ports = ports
            c.gap.covers = waters
            c.loitering.anchorages = ports
            c.encounter.anchorages = ports
            c.encounter.area = waters
            c.zones = zones
            c.coast = coast
            c.watchedLongitudes = MaritimeArea.longitudes
            c.watchedWithinKm = MaritimeArea.withinKm
            // Reported in details; outside the watched waters the shipped coast says nothing
            // about the nearest shore (Iran's is missing), so such positions count as near it.
            c.shoreDistance = { latitude, longitude in
                guard MaritimeArea.longitudes.contains(longitude) else { return 0 }
                let km = coast.distanceKm(latitude: latitude, longitude: longitude)
                return km <= MaritimeArea.withinKm ? km : 0
            }
            // Harbours are where the generalised 1:10m coast is furthest from the real one.
            c.isOnLand = { latitude, longitude in
                coast.isOnLand(latitude: latitude, longitude: longitude)
                    && !ports.contains { $0.contains(latitude: latitude, longitude: longitude) }
            }
            return c
        }
    }

    /// What the monitor has seen, for metrics and summaries.
    public struct Counts: Sendable, Hashable {
        public var positions = 0
        public var latePositions = 0
        /// Older than the reorder window: stored, not used for detection.
        public var tooLatePositions = 0
        public var duplicatePositions = 0
        /// Without a finite time or with a latitude/longitude out of range: not used.
        public var invalidPositions = 0
        /// Silent for longer than `forgetAfter`, and forgotten.
        public var forgottenVessels = 0
        public var identities = 0
    }

    public var configuration: Configuration { detectors.configuration }
    let detectors: MaritimeDetectors
    private var identity: IdentityChangeDetector
    private var encounters: EncounterTracker
    private var vessels: [Int: VesselWatch] = [:]
    /// Identity detections of vessels with no position yet.
    private var pendingIdentity: [Int: [MaritimeDetection]] = [:]
    /// Vessels by the hour of their newest report, so the clock looks only at those silent
    /// long enough to be dark; and those already reported dark.
    private var silentSince: [Int64: Set<Int>] = [:]

    static func hour(_ time: Double) -> Int64 { Int64((time / 3600).rounded(.down)) }
    public private(set) var counts = Counts()
    /// The newest report time seen, seconds since 1970.
    public private(set) var watermark = -Double.infinity

    public init(configuration: Configuration = .init()) {
        detectors = MaritimeDetectors(configuration: configuration)
        identity = IdentityChangeDetector(window: configuration.identityWindow)
        encounters = EncounterTracker(configuration: configuration.encounter)
    }

    /// Vessels being watched.
    public var vesselCount: Int { vessels.count }

    /// Records a vessel's ship type (from its static reports) for zone filters.
    public mutating func setShipType(_ type: Int?, mmsi: Int) {
        guard let type else { return }
        vessels[mmsi, default: VesselWatch()].shipType = type
    }

    /// Takes the next position report.
    public mutating func observe(_ point: TrackPoint) -> [DetectionUpdate] {
        guard point.time.isFinite, abs(point.latitude) <= 90, abs(point.longitude) <= 180 else {
            // NaN fails these comparisons too.
            counts.invalidPositions += 1
            return []
        }
        counts.positions += 1
        watermark = max(watermark, point.time)
        let detectors = self.detectors
        let now = watermark
        // In place: the vessel's state is large enough that moving it out and back shows.
        let (outcome, updates) = vessels[point.mmsi, default: VesselWatch()].observe(point, detectors: detectors, now: now)
        switch outcome {
        case .first:
            silentSince[Self.hour(point.time), default: []].insert(point.mmsi)
            let placed = (pendingIdentity.removeValue(forKey: point.mmsi) ?? []).map { d -> DetectionUpdate in
                var d = d
                (d.latitude, d.longitude) = (point.latitude, point.longitude)
                return DetectionUpdate(.raised, d)
            }
            return placed + updates
        case .inOrder(let leg, let previous):
            let (was, now) = (Self.hour(previous), Self.hour(point.time))
            if was != now {
                silentSince[was]?.remove(point.mmsi)
                if silentSince[was]?.isEmpty == true { silentSince[was] = nil }
                silentSince[now, default: []].insert(point.mmsi)
            }
            guard let leg else { return updates }
            return updates + encounters.add(leg: leg, point)
        case .late: counts.latePositions += 1
        case .duplicate: counts.duplicatePositions += 1
        case .tooLate: counts.tooLatePositions += 1
        }
        return updates
    }

    /// Takes a static report (name, IMO number, call sign).
    public mutating func observe(_ report: IdentityChangeDetector.Identity, shipType: Int? = nil) -> [DetectionUpdate] {
        guard report.time.isFinite else { return [] }
        counts.identities += 1
        setShipType(shipType, mmsi: report.mmsi)
        let at = vessels[report.mmsi]?.history.last
        let found = identity.observe(report, latitude: at?.latitude ?? 0, longitude: at?.longitude ?? 0)
        guard at != nil else {
            // Placed where the vessel is first seen: a detection at 0° 0° would mislead.
            pendingIdentity[report.mmsi, default: []] += found
            return []
        }
        return found.map { DetectionUpdate(.raised, $0) }
    }

    /// Moves the clock to `now` (the newest report time, or the wall clock for a live feed):
    /// raises gaps that have become long enough and ends encounters no report can extend.
    public mutating func advance(to now: Double) -> [DetectionUpdate] {
        guard now.isFinite else { return [] }
        var updates: [DetectionUpdate] = []
        let newestSilent = Self.hour(now - configuration.gap.minimumGap)
        var candidates: [Int] = []
        for (hour, silent) in silentSince where hour <= newestSilent { candidates += silent }
        for mmsi in candidates.sorted() where vessels[mmsi]?.isDark == false {
            guard let last = vessels[mmsi]?.history.last, let open = detectors.gap.openGap(since: last, at: now) else { continue }
            vessels[mmsi]?.isDark = true
            guard vessels[mmsi]?.raised[open.id] == nil else { continue }
            updates += vessels[mmsi, default: VesselWatch()].emit([open], at: now)
        }
        // Forgotten only after the loop above has raised their gap.
        let forgetBefore = Self.hour(now - configuration.forgetAfter)
        for (hour, silent) in silentSince where hour < forgetBefore {
            for mmsi in silent { vessels[mmsi] = nil }
            silentSince[hour] = nil
            counts.forgottenVessels += silent.count
        }
        return updates + encounters.advance(to: now)
    }

    /// The end of an archive: encounters still running end; open gaps, loiters and zone
    /// visits stay open (they were raised open).
    public mutating func finish() -> [DetectionUpdate] {
        advance(to: watermark) + encounters.finish()
    }
}

/// The per-vessel detectors, configured once and shared by every vessel's state. A class
/// (immutable) so that handing it to each report's step is one reference, not a copy of
/// every closure and array in the configuration.
final class MaritimeDetectors: Sendable {
    let configuration: MaritimeMonitor.Configuration
    let gap: GapDetector
    let loitering: LoiteringDetector
    let anomaly: PositionAnomalyDetector
    let zones: ZoneDetector

    /// Loitering's "far from shore, outside anchorages". With a coastline configured, the
    /// distance from shore is measured again only when the vessel has moved far enough since
    /// the last measurement to possibly cross a limit (the distance changes no faster than
    /// the vessel moves).
    func isOffshore(_ p: TrackPoint, memo: inout (latitude: Double, longitude: Double, km: Double)?) -> Bool {
        guard let coast = configuration.coast else { return loitering.isOffshore(p) }
        guard configuration.watchedLongitudes.contains(p.longitude) else { return false }
        let range = configuration.loitering.minimumShoreDistanceKm.nextUp...configuration.watchedWithinKm
        var inRange: Bool?
        if let m = memo {
            let moved = Geodesy.localDistanceKm(latitude: m.latitude, longitude: m.longitude, latitude: p.latitude, longitude: p.longitude)
            if m.km - moved >= range.lowerBound && m.km + moved <= range.upperBound {
                inRange = true
            } else if m.km + moved < range.lowerBound || m.km - moved > range.upperBound {
                inRange = false
            }
        }
        if inRange == nil {
            let km = coast.distanceKm(latitude: p.latitude, longitude: p.longitude)
            memo = (p.latitude, p.longitude, km)
            inRange = range.contains(km)
        }
        guard inRange == true else { return false }
        return !configuration.loitering.anchorages.contains { $0.contains(latitude: p.latitude, longitude: p.longitude) }
    }

    init(configuration: MaritimeMonitor.Configuration) {
        self.configuration = configuration
        gap = GapDetector(configuration: configuration.gap)
        loitering = LoiteringDetector(
            configuration: configuration.loitering, shoreDistance: configuration.shoreDistance)
        anomaly = PositionAnomalyDetector(configuration: configuration.anomaly)
        zones = ZoneDetector(zones: configuration.zones, marginKm: configuration.zoneMarginKm)
    }
}

/// Detector state for one vessel: what `observe` advances one report at a time.
struct VesselState: Sendable {
    var last: TrackPoint?
    var lastFull: TrackPoint?
    var loiterRun: [TrackPoint] = []
    var loiterRaisedStart: Double?
    var zonesInside: [String: Double] = [:]
    /// The last exact distance from shore and where it was measured.
    var shore: (latitude: Double, longitude: Double, km: Double)?

    /// One step of every per-vessel detector; returns detections as they now stand.
    mutating func advance(_ point: TrackPoint, shipType: Int?, detectors: MaritimeDetectors) -> [MaritimeDetection] {
        var found: [MaritimeDetection] = []
        if let last, let g = detectors.gap.gap(from: last, to: point) { found.append(g) }
        last = point
        if !point.lowResolution {
            if let previous = lastFull, let jump = detectors.anomaly.jump(from: previous, to: point) { found.append(jump) }
            lastFull = point
            if let test = detectors.configuration.isOnLand, let d = PositionAnomalyDetector.onLand(point, isOnLand: test) {
                found.append(d)
            }
        }
        let offshore = detectors.isOffshore(point, memo: &shore)
        if let ended = detectors.loitering.observe(point, run: &loiterRun, eligible: offshore) {
            var d = ended
            d.evidence = thinned(d.evidence)
            found.append(d)
        } else if let first = loiterRun.first, loiterRaisedStart != first.time,
            point.time - first.time >= detectors.configuration.loitering.minimumDuration,
            var d = detectors.loitering.report(loiterRun, open: true)
        {
            loiterRaisedStart = first.time
            d.evidence = thinned(d.evidence)
            found.append(d)
        }
        if !detectors.zones.zones.isEmpty {
            found += detectors.zones.observe(point, shipType: shipType, inside: &zonesInside)
        }
        return found
    }
}

/// A vessel as the monitor keeps it: its reports since the oldest checkpoint, checkpoints
/// of the detector state along the way, the state now, and what has been reported about it.
///
/// A late report is replayed from the newest checkpoint before it (not from the start of the
/// window), so out-of-order reports a few seconds apart cost a few steps each.
struct VesselWatch: Sendable {
    var history = Deque<TrackPoint>()
    /// States after every report up to `time`, oldest first; the first is the replay base.
    var checkpoints: [(time: Double, state: VesselState)] = [(-.infinity, VesselState())]
    var current = VesselState()
    var lastFull: TrackPoint?
    var shipType: Int?
    /// Detections reported, by id, with the report time that last changed them.
    var raised: [String: (detection: MaritimeDetection, at: Double)] = [:]
    /// In-order reports since the last checkpoint.
    var sinceCheckpoint = 0
    /// Reported as an open gap since its newest report (the clock need not look again).
    var isDark = false

    static let checkpointEvery = 16

    enum Outcome {
        case first
        /// The previous full-resolution report, for the encounter tracker's leg.
        case inOrder(leg: TrackPoint?, previous: Double)
        case late, duplicate, tooLate
    }

    mutating func observe(_ point: TrackPoint, detectors: MaritimeDetectors, now: Double) -> (Outcome, [DetectionUpdate]) {
        guard let newest = history.last else {
            history.append(point)
            if !point.lowResolution { lastFull = point }
            return (.first, emit(current.advance(point, shipType: shipType, detectors: detectors), at: point.time))
        }
        if point.time > newest.time {
            isDark = false
            let updates = emit(current.advance(point, shipType: shipType, detectors: detectors), at: point.time)
            let leg = point.lowResolution ? nil : lastFull
            if !point.lowResolution { lastFull = point }
            history.append(point)
            sinceCheckpoint += 1
            if sinceCheckpoint >= Self.checkpointEvery {
                checkpoints.append((point.time, current))
                sinceCheckpoint = 0
                trim(before: point.time - detectors.configuration.reorderWindow)
            }
            return (.inOrder(leg: leg, previous: newest.time), updates)
        }
        if point.time == newest.time || history.contains(where: { $0.time == point.time }) { return (.duplicate, []) }
        guard let base = checkpoints.first, point.time > base.time else { return (.tooLate, []) }
        let index = history.firstIndex { $0.time > point.time } ?? history.endIndex
        history.insert(point, at: index)
        return (.late, replay(from: point.time, detectors: detectors, now: now))
    }

    /// Reports new detections and changed ones; a detection equal to the reported one is not
    /// repeated.
    mutating func emit(_ found: [MaritimeDetection], at time: Double) -> [DetectionUpdate] {
        var updates: [DetectionUpdate] = []
        for d in found {
            if let old = raised[d.id] {
                if old.detection != d { updates.append(DetectionUpdate(.revised, d)) }
            } else {
                updates.append(DetectionUpdate(.raised, d))
            }
            raised[d.id] = (d, time)
        }
        return updates
    }

    /// Keeps one checkpoint at or before `cutoff` (the new replay base) and the reports after
    /// it; forgets finished detections last changed before it.
    mutating func trim(before cutoff: Double) {
        guard let keep = checkpoints.lastIndex(where: { $0.time <= cutoff }), keep > 0 else { return }
        checkpoints.removeFirst(keep)
        let base = checkpoints[0].time
        if let first = history.firstIndex(where: { $0.time > base }) { history.removeFirst(first) }
        raised = raised.filter { $0.value.detection.end == nil || $0.value.at >= base }
    }

    /// Runs the reports after the newest checkpoint before `time` again (a late report was
    /// slotted in) and reports the difference from what those reports had produced.
    mutating func replay(from time: Double, detectors: MaritimeDetectors, now: Double) -> [DetectionUpdate] {
        guard let c = checkpoints.lastIndex(where: { $0.time < time }) else { return [] }
        let from = checkpoints[c].time
        // Later checkpoints were taken without the late report.
        checkpoints.removeLast(checkpoints.count - c - 1)
        var state = checkpoints[c].state
        var found: [String: (detection: MaritimeDetection, at: Double)] = [:]
        sinceCheckpoint = 0
        for p in history where p.time > from {
            for d in state.advance(p, shipType: shipType, detectors: detectors) { found[d.id] = (d, p.time) }
            sinceCheckpoint += 1
            if sinceCheckpoint >= Self.checkpointEvery {
                checkpoints.append((p.time, state))
                sinceCheckpoint = 0
            }
        }
        if let last = history.last, let open = detectors.gap.openGap(since: last, at: now) { found[open.id] = (open, now) }
        current = state
        var updates: [DetectionUpdate] = []
        for (id, old) in raised.sorted(by: { $0.key < $1.key }) where old.at > from && found[id] == nil {
            updates.append(DetectionUpdate(.withdrawn, old.detection))
            raised[id] = nil
        }
        for (id, new) in found.sorted(by: { $0.key < $1.key }) {
            if let old = raised[id] {
                if old.detection != new.detection { updates.append(DetectionUpdate(.revised, new.detection)) }
            } else {
                updates.append(DetectionUpdate(.raised, new.detection))
            }
            raised[id] = new
        }
        return updates
    }
}
