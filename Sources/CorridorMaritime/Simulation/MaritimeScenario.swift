import CorridorAIS
import CorridorCore
import CorridorGeo
import Foundation
import HeapModule

/// One injected behaviour: what a correct detector must find, and when.
public struct ScenarioLabel: Sendable, Hashable, Codable {
    /// A ``MaritimeDetection/Kind`` raw value.
    public var kind: String
    public var mmsi: Int
    /// Encounters: the other vessel (`mmsi` is the lower of the two).
    public var otherMMSI: Int?
    /// Zone entries: the zone's id.
    public var zone: String?
    public var start: Double
    public var end: Double
    public var note: String

    enum CodingKeys: String, CodingKey {
        case kind, mmsi, otherMMSI = "other_mmsi", zone, start, end, note
    }
}

/// What a scenario emits, in time order.
public enum ScenarioReport: Sendable {
    case position(TrackPoint)
    case identity(IdentityChangeDetector.Identity, shipType: Int)
}

/// SYNTHETIC traffic off Pakistan's coast with labelled behaviours, for testing the
/// detectors and measuring their precision and recall (`corridorwatch ais simulate`).
///
/// Background traffic that must not trigger anything: ships transiting along the coast at
/// 10–15 knots (turning at the ends of their lanes), pairs crossing each other's course
/// within metres at speed, ships at anchor close together in Gwadar's and Karachi's
/// anchorages (some switching off their transponders for hours), fishing boats drifting
/// slowly near the shore, and a cargo ship crossing the small-craft-only approach channel.
/// Injected, labelled: AIS gaps, loitering, encounters, spoofed positions (far at sea and on
/// land), identity changes, MMSIs with unallocated country codes, and zone entries.
///
/// Everything is a pure function of the seed; nothing is real except the coastline, ports
/// and MIDs used to place and flag the invented vessels.
public struct MaritimeScenario: Sendable {
    public struct Configuration: Sendable {
        public var seed: UInt64 = 1
        /// Seconds since 1970 (default 2027-01-15 08:00 UTC).
        public var start: Double = 1_800_000_000
        public var hours: Double = 48
        public var transits = 40
        public var crossings = 6
        public var anchored = 12
        public var fishing = 16
        /// How many of each injected behaviour.
        public var behaviours = 4
        /// Seconds between reports of vessels under way (anchored: 3×, fishing: 2×).
        public var interval: Double = 60
        /// Share of reports lost on the way (collisions, range), at random.
        public var lossRate = 0.05
        /// Share of reports delivered late, 10 s to 2 minutes after later ones (a second
        /// receiver, a buffered link), to exercise out-of-order handling.
        public var lateRate = 0.01
        public init() {}
    }

    public let configuration: Configuration
    public private(set) var plans: [VesselPlan] = []
    public private(set) var labels: [ScenarioLabel] = []
    /// Per plan: the times of its static reports.
    private var staticTimes: [[Double]] = []

    public var end: Double { configuration.start + configuration.hours * 3600 }

    public init(configuration: Configuration = .init(), coast: Coastline = .pakistan) {
        self.configuration = configuration
        var builder = Builder(configuration: configuration, coast: coast)
        builder.build()
        plans = builder.plans
        labels = builder.labels.sorted { ($0.kind, $0.start, $0.mmsi) < ($1.kind, $1.start, $1.mmsi) }
        staticTimes = plans.map { plan in
            var times: [Double] = []
            guard let first = plan.firstReport(atOrAfter: configuration.start) else { return [] }
            var t = first
            while t <= end {
                if plan.report(at: t) != nil || plan.silences.isEmpty { times.append(t) }
                t += 6 * 3600
            }
            for rename in plan.renames { times.append(rename.time) }
            return times.sorted()
        }
    }

    /// Every report in time order (positions and static reports).
    public func forEachReport(_ body: (ScenarioReport) throws -> Void) rethrows {
        struct Next: Comparable {
            var time: Double
            var plan: Int
            var staticIndex: Int?
            static func < (a: Next, b: Next) -> Bool { (a.time, a.plan, a.staticIndex ?? -1) < (b.time, b.plan, b.staticIndex ?? -1) }
        }
        var heap = Heap<Next>()
        struct Held: Comparable {
            var delivery: Double
            var point: TrackPoint
            static func < (a: Held, b: Held) -> Bool { (a.delivery, a.point.mmsi) < (b.delivery, b.point.mmsi) }
            static func == (a: Held, b: Held) -> Bool { a.delivery == b.delivery && a.point == b.point }
        }
        var late = Heap<Held>()
        for (i, plan) in plans.enumerated() {
            if let t = plan.firstReport(atOrAfter: configuration.start) { heap.insert(Next(time: t, plan: i)) }
            if let t = staticTimes[i].first { heap.insert(Next(time: t, plan: i, staticIndex: 0)) }
        }
        while let next = heap.popMin() {
            let plan = plans[next.plan]
            if let s = next.staticIndex {
                let identity = plan.identity(at: next.time)
                try body(
                    .identity(
                        .init(mmsi: plan.mmsi, time: next.time, name: identity.name, imo: identity.imo, callsign: plan.callsign),
                        shipType: plan.shipType))
                if s + 1 < staticTimes[next.plan].count {
                    heap.insert(Next(time: staticTimes[next.plan][s + 1], plan: next.plan, staticIndex: s + 1))
                }
                continue
            }
            // Reports held back are delivered once the clock passes their delivery time.
            while let held = late.min, held.delivery <= next.time {
                try body(.position(held.point))
                _ = late.popMin()
            }
            if let point = plan.report(at: next.time) {
                var fate = SplitMix64(
                    seed: UInt64(bitPattern: Int64(plan.mmsi)) &* 0xD6E8_FEB8_6659_FD93 ^ UInt64(bitPattern: Int64(next.time * 10)))
                let roll = fate.unit()
                // Spoofed reports are never lost: they are what a label is about.
                let isSpoof = plan.spoofs.contains { next.time >= $0.time && next.time < $0.time + plan.interval }
                if roll < configuration.lossRate && !isSpoof {
                    // lost
                } else if roll < configuration.lossRate + configuration.lateRate && !isSpoof {
                    late.insert(Held(delivery: next.time + 10 + fate.unit() * 110, point: point))
                } else {
                    try body(.position(point))
                }
            }
            let following = next.time + plan.interval
            if following <= end { heap.insert(Next(time: following, plan: next.plan)) }
        }
        while let held = late.popMin() { try body(.position(held.point)) }
    }

    /// The number of position reports (walks the scenario).
    public func positionCount() -> Int {
        var n = 0
        forEachReport { if case .position = $0 { n += 1 } }
        return n
    }
}

extension VesselPlan {
    /// The first scheduled report time at or after `time`, if within the plan.
    func firstReport(atOrAfter time: Double) -> Double? {
        guard let first = waypoints.first, let last = waypoints.last else { return nil }
        let base = first.time + phase
        let k = max(0, ((time - base) / interval).rounded(.up))
        let t = base + k * interval
        return t <= last.time ? t : nil
    }

    /// The last scheduled report time strictly before `time`.
    func lastReport(before time: Double) -> Double {
        let base = (waypoints.first?.time ?? 0) + phase
        let k = ((time - base) / interval).rounded(.up) - 1
        return base + k * interval
    }
}

/// Builds the plans and labels; all randomness from one seeded generator.
struct Builder {
    let configuration: MaritimeScenario.Configuration
    let coast: Coastline
    var rng: SplitMix64
    var plans: [VesselPlan] = []
    var labels: [ScenarioLabel] = []
    var serial = 100_001
    let ports = Anchorage.pakistan
    let zones = Zone.gwadarDefaults

    var start: Double { configuration.start }
    var end: Double { configuration.start + configuration.hours * 3600 }

    init(configuration: MaritimeScenario.Configuration, coast: Coastline) {
        self.configuration = configuration
        self.coast = coast
        rng = SplitMix64(seed: configuration.seed)
    }

    mutating func uniform(_ a: Double, _ b: Double) -> Double { a + rng.unit() * (b - a) }

    static let mids = [463, 412, 413, 538, 636, 477, 370, 470, 403, 256, 229, 351].filter {
        MaritimeIdentificationDigits.flag(forMMSI: $0 * 1_000_000 + 1) != nil
    }
    /// MIDs in the ship range that no state has (for invalid-country-code vessels).
    static let unallocatedMIDs = (201...775).filter { MaritimeIdentificationDigits.flag(forMMSI: $0 * 1_000_000 + 1) == nil }

    mutating func mmsi(invalid: Bool = false) -> Int {
        serial += 1
        let list = invalid ? Self.unallocatedMIDs : Self.mids
        let mid = list.isEmpty ? 463 : list[Int(rng.next() % UInt64(list.count))]
        return mid * 1_000_000 + serial
    }

    mutating func plan(shipType: Int, interval: Double, waypoints: [VesselPlan.Waypoint], invalidMID: Bool = false) -> VesselPlan {
        let id = mmsi(invalid: invalidMID)
        return VesselPlan(
            mmsi: id, shipType: shipType, name: "SYN \(Self.names[Int(rng.next() % UInt64(Self.names.count))]) \(serial % 1000)",
            imo: shipType == 30 ? nil : 9_000_000 + serial, callsign: "SYN\(serial % 10000)", interval: interval,
            phase: (uniform(0, interval) * 10).rounded() / 10, waypoints: waypoints)
    }

    static let names = ["MAKRAN", "ARABIAN", "HINGOL", "ASTOLA", "DASHT", "ORMARA", "SONMIANI", "CHURNA", "MUSCAT", "INDUS"]

    mutating func build() {
        let b = configuration.behaviours
        for _ in 0..<configuration.transits { plans.append(transit()) }
        for _ in 0..<configuration.crossings { crossing() }
        for i in 0..<configuration.anchored { anchored(i) }
        fishingFleet()
        plans.append(channelCrosser())
        for _ in 0..<b {
            gap()
            loiter()
            encounter()
            spoof()
            rename()
            invalidMID()
        }
        for i in 0..<b { zoneVisit(smallCraft: i % 2 == 0) }
    }

    // MARK: Paths

    /// A vessel going back and forth along a parallel between two longitudes, from `lon` at
    /// `t0` for `duration` seconds (negative: the path that arrives there at `t0`).
    func lane(
        lat: Double, lon: Double, eastward: Bool, knots: Double, t0: Double, duration: Double, west: Double = 62.2, east: Double = 66.0
    )
        -> [VesselPlan.Waypoint]
    {
        let kmPerDegree = 111.32 * cos(lat * .pi / 180)
        let kmPerSecond = knots * 1.852 / 3600
        var out = [VesselPlan.Waypoint(time: t0, latitude: lat, longitude: lon)]
        // Backwards in time the vessel came from the opposite side.
        let sign = duration >= 0 ? 1.0 : -1.0
        var goingEast = duration >= 0 ? eastward : !eastward
        var t = t0
        var x = lon
        while (t - t0) * sign < abs(duration) {
            let target = goingEast ? east : west
            let dt = abs(target - x) * kmPerDegree / kmPerSecond
            let remaining = abs(duration) - (t - t0) * sign
            if dt >= remaining {
                x += (goingEast ? 1 : -1) * remaining * kmPerSecond / kmPerDegree
                t += sign * remaining
            } else {
                x = target
                t += sign * dt
                goingEast.toggle()
            }
            out.append(VesselPlan.Waypoint(time: t, latitude: lat, longitude: x))
        }
        return duration >= 0 ? out : out.reversed()
    }

    /// A slow drift of `duration` seconds from a point: a waypoint every 30 minutes, each up
    /// to `stepKm` from the last.
    mutating func drift(lat: Double, lon: Double, t0: Double, duration: Double, stepKm: Double = 0.2) -> [VesselPlan.Waypoint] {
        var out = [VesselPlan.Waypoint(time: t0, latitude: lat, longitude: lon)]
        var (y, x, t) = (lat, lon, t0)
        while t < t0 + duration {
            t = min(t0 + duration, t + 1800)
            (y, x) = VesselPlan.moved(y, x, km: uniform(0, stepKm), bearing: uniform(0, 360))
            out.append(VesselPlan.Waypoint(time: t, latitude: y, longitude: x))
        }
        return out
    }

    /// A spot at sea where loitering and encounters count: 42–68 km from the coast (more than
    /// 20 nm, inside the 74 km watched waters) and far from every anchorage.
    mutating func offshoreSpot() -> (Double, Double) {
        for _ in 0..<1000 {
            let lat = uniform(24.70, 24.90)
            let lon = uniform(63.0, 65.6)
            let shore = coast.distanceKm(latitude: lat, longitude: lon)
            let nearPort = ports.contains {
                Geodesy.distanceKm(latitude: lat, longitude: lon, latitude: $0.latitude, longitude: $0.longitude) < $0.radiusKm + 25
            }
            if shore > 42, shore < 68, !nearPort { return (lat, lon) }
        }
        return (24.8, 64.0)
    }

    /// A time for an injected behaviour: late enough for the vessel to be under way, early
    /// enough to end inside the scenario.
    mutating func behaviourTime(lasting seconds: Double) -> Double {
        let earliest = start + 3 * 3600
        let latest = max(earliest, end - seconds - 3 * 3600)
        return (uniform(earliest, latest) / 60).rounded() * 60
    }

    /// A transit path that is at `spot` at `t`, stays there for `hold` (the given waypoints),
    /// and goes on along its lane before and after.
    func through(
        _ spot: (Double, Double), at t: Double, eastward: Bool, knots: Double, hold: [VesselPlan.Waypoint] = []
    )
        -> [VesselPlan.Waypoint]
    {
        let before = lane(lat: spot.0, lon: spot.1, eastward: eastward, knots: knots, t0: t, duration: -(t - start), west: 61.0, east: 66.4)
        let leave = hold.last ?? VesselPlan.Waypoint(time: t, latitude: spot.0, longitude: spot.1)
        let after = lane(
            lat: leave.latitude, lon: leave.longitude, eastward: eastward, knots: knots, t0: leave.time, duration: end - leave.time,
            west: 61.0,
            east: 66.4)
        return Array(before.dropLast()) + hold + Array(after.dropFirst(hold.isEmpty ? 0 : 1))
    }

    // MARK: Background

    mutating func transit() -> VesselPlan {
        let lat = uniform(24.65, 24.98)
        let lon = uniform(62.2, 66.0)
        return plan(
            shipType: [70, 71, 79, 80, 89][Int(rng.next() % 5)], interval: configuration.interval,
            waypoints: lane(lat: lat, lon: lon, eastward: rng.next() % 2 == 0, knots: uniform(10, 15), t0: start, duration: end - start))
    }

    /// Two vessels at speed whose courses cross at one point at the same time.
    mutating func crossing() {
        let spot = offshoreSpot()
        let t = behaviourTime(lasting: 3600)
        plans.append(
            plan(shipType: 70, interval: configuration.interval, waypoints: through(spot, at: t, eastward: true, knots: uniform(10, 14))))
        // The other runs north-south through the same point, 30 m off.
        let knots = uniform(9, 13)
        let kmPerSecond = knots * 1.852 / 3600
        var waypoints: [VesselPlan.Waypoint] = []
        let north = 25.05
        let south = 24.3
        let lon = spot.1 + 0.0003
        var time = t - (north - spot.0) * 110.574 / kmPerSecond // at the north end, heading south
        let leg = (north - south) * 110.574 / kmPerSecond
        while time - leg > start { time -= 2 * leg }
        var atNorth = true
        while time < end + leg {
            waypoints.append(.init(time: time, latitude: atNorth ? north : south, longitude: lon))
            time += leg
            atNorth.toggle()
        }
        plans.append(plan(shipType: 70, interval: configuration.interval, waypoints: waypoints))
    }

    /// At anchor in Gwadar's or Karachi's anchorage, within a few hundred metres of others;
    /// every third switches its transponder off for 8–10 hours.
    mutating func anchored(_ i: Int) {
        let (lat, lon) = i % 2 == 0 ? (25.05, 62.29) : (24.76, 66.93)
        let here = VesselPlan.moved(lat, lon, km: uniform(0, 0.3), bearing: uniform(0, 360))
        var p = plan(
            shipType: 80, interval: 3 * configuration.interval,
            waypoints: drift(lat: here.0, lon: here.1, t0: start, duration: end - start, stepKm: 0.03))
        if i % 3 == 0 {
            let s = behaviourTime(lasting: 10 * 3600)
            p.silences = [s..<(s + uniform(8, 10) * 3600)]
        }
        plans.append(p)
    }

    /// Fishing boats drifting 8–30 km from shore, each around its own home at least 10 km from
    /// the others.
    mutating func fishingFleet() {
        var homes: [(Double, Double)] = []
        var tries = 0
        while homes.count < configuration.fishing && tries < 20_000 {
            tries += 1
            let lat = uniform(24.9, 25.35)
            let lon = uniform(63.0, 66.3)
            let shore = coast.distanceKm(latitude: lat, longitude: lon)
            guard shore > 10, shore < 25, !coast.isOnLand(latitude: lat, longitude: lon),
                !homes.contains(where: { Geodesy.distanceKm(latitude: lat, longitude: lon, latitude: $0.0, longitude: $0.1) < 10 }),
                !ports.contains(where: { $0.contains(latitude: lat, longitude: lon) })
            else { continue }
            homes.append((lat, lon))
        }
        for home in homes {
            var waypoints = [VesselPlan.Waypoint(time: start, latitude: home.0, longitude: home.1)]
            var (y, x, t) = (home.0, home.1, start)
            while t < end {
                t += 3600
                let next = VesselPlan.moved(y, x, km: uniform(0.5, 2.5), bearing: uniform(0, 360))
                let shore = coast.distanceKm(latitude: next.0, longitude: next.1)
                if Geodesy.distanceKm(latitude: next.0, longitude: next.1, latitude: home.0, longitude: home.1) < 4, shore > 5, shore < 33 {
                    (y, x) = next
                }
                waypoints.append(.init(time: t, latitude: y, longitude: x))
            }
            plans.append(plan(shipType: 30, interval: 2 * configuration.interval, waypoints: waypoints))
        }
    }

    /// A cargo ship crossing the approach channel, which applies to small craft only.
    mutating func channelCrosser() -> VesselPlan {
        plan(
            shipType: 70, interval: configuration.interval,
            waypoints: lane(lat: 25.07, lon: 62.1, eastward: true, knots: 8, t0: start, duration: end - start, west: 62.1, east: 62.9))
    }

    // MARK: Injected behaviours

    mutating func gap() {
        let spot = offshoreSpot()
        let t = behaviourTime(lasting: 12 * 3600)
        var p = plan(
            shipType: 70, interval: configuration.interval,
            waypoints: through(spot, at: t, eastward: rng.next() % 2 == 0, knots: uniform(6, 9)))
        let silence = t..<(t + uniform(7, 12) * 3600)
        p.silences = [silence]
        let first = p.firstReport(atOrAfter: silence.upperBound) ?? end
        labels.append(
            ScenarioLabel(
                kind: "ais_gap", mmsi: p.mmsi, start: p.lastReport(before: silence.lowerBound), end: first,
                note: "transponder off \(String(format: "%.1f", (first - p.lastReport(before: silence.lowerBound)) / 3600)) h at sea"))
        plans.append(p)
    }

    mutating func loiter() {
        let spot = offshoreSpot()
        let hours = uniform(5, 9)
        let t = behaviourTime(lasting: hours * 3600)
        let hold = drift(lat: spot.0, lon: spot.1, t0: t, duration: hours * 3600)
        let p = plan(
            shipType: 80, interval: configuration.interval,
            waypoints: through(spot, at: t, eastward: rng.next() % 2 == 0, knots: uniform(10, 13), hold: hold))
        let first = p.firstReport(atOrAfter: t) ?? t
        labels.append(
            ScenarioLabel(
                kind: "loitering", mmsi: p.mmsi, start: first, end: p.lastReport(before: t + hours * 3600 + 0.001),
                note: "drifting under 1 kn for \(String(format: "%.1f", hours)) h"))
        plans.append(p)
    }

    mutating func encounter() {
        let spot = offshoreSpot()
        let hours = uniform(2.5, 3.6)
        let t = behaviourTime(lasting: hours * 3600)
        let hold = drift(lat: spot.0, lon: spot.1, t0: t, duration: hours * 3600, stepKm: 0.15)
        let offset = hold.map { w in
            let m = VesselPlan.moved(w.latitude, w.longitude, km: 0.15, bearing: 0)
            return VesselPlan.Waypoint(time: w.time, latitude: m.0, longitude: m.1)
        }
        let a = plan(
            shipType: 80, interval: configuration.interval,
            waypoints: through(spot, at: t, eastward: true, knots: uniform(10, 13), hold: hold))
        let b = plan(
            shipType: 30, interval: configuration.interval,
            waypoints: through((offset[0].latitude, offset[0].longitude), at: t, eastward: false, knots: uniform(8, 11), hold: offset))
        labels.append(
            ScenarioLabel(
                kind: "encounter", mmsi: min(a.mmsi, b.mmsi), otherMMSI: max(a.mmsi, b.mmsi), start: t, end: t + hours * 3600,
                note: "side by side, 150 m apart, for \(String(format: "%.1f", hours)) h"))
        plans += [a, b]
    }

    mutating func spoof() {
        let spot = offshoreSpot()
        let t = behaviourTime(lasting: 3600)
        var p = plan(
            shipType: 70, interval: configuration.interval,
            waypoints: through(spot, at: t, eastward: rng.next() % 2 == 0, knots: uniform(10, 14)))
        let onLand = rng.next() % 2 == 0
        // North of the band is the Makran coast range; south is open sea.
        let fake = onLand ? (spot.0 + 1.0, spot.1) : (spot.0 - 0.9, spot.1 + 0.3)
        p.spoofs = [(t, fake.0, fake.1)]
        let report = p.firstReport(atOrAfter: t) ?? t
        labels.append(
            ScenarioLabel(
                kind: "position_anomaly", mmsi: p.mmsi, start: report - p.interval, end: report + p.interval,
                note: onLand ? "one report placed on land 110 km away" : "one report placed 100 km away at sea"))
        plans.append(p)
    }

    mutating func rename() {
        let spot = offshoreSpot()
        let t = behaviourTime(lasting: 3600)
        var p = plan(
            shipType: 80, interval: configuration.interval,
            waypoints: through(spot, at: t, eastward: rng.next() % 2 == 0, knots: uniform(10, 14)))
        p.renames = [(t, "SYN RENAMED \(serial % 1000)", 9_500_000 + serial)]
        labels.append(ScenarioLabel(kind: "identity_change", mmsi: p.mmsi, start: t, end: t, note: "new name and IMO number at sea"))
        plans.append(p)
    }

    mutating func invalidMID() {
        let p = plan(
            shipType: 70, interval: configuration.interval,
            waypoints: lane(
                lat: uniform(24.65, 24.98), lon: uniform(62.2, 66.0), eastward: true, knots: uniform(10, 14), t0: start,
                duration: end - start),
            invalidMID: true)
        let first = p.firstReport(atOrAfter: start) ?? start
        labels.append(
            ScenarioLabel(
                kind: "identity_change", mmsi: p.mmsi, start: first, end: first, note: "MID \(p.mmsi / 1_000_000) is not allocated"))
        plans.append(p)
    }

    /// A small craft into the approach channel, or any vessel into the port security zone:
    /// waiting outside, in at 6 knots, 1–2 hours inside, out again.
    mutating func zoneVisit(smallCraft: Bool) {
        let (zoneID, outside, route): (String, (Double, Double), [(Double, Double)]) =
            smallCraft
            ? ("gwadar-approach-channel", (24.99, 62.43), [(25.07, 62.43)])
            : ("gwadar-port-security", (24.98, 62.47), [(25.09, 62.43), (25.12, 62.37)])
        let waitUntil = behaviourTime(lasting: 6 * 3600)
        let kmPerSecond = 6 * 1.852 / 3600
        var waypoints = drift(lat: outside.0, lon: outside.1, t0: start, duration: waitUntil - start, stepKm: 0.05)
        var path = [(outside.0, outside.1)] + route
        var t = waitUntil
        for (a, b) in zip(path, path.dropFirst()) {
            t += VesselPlan.km(a.0, a.1, b.0, b.1) / kmPerSecond
            waypoints.append(.init(time: t, latitude: b.0, longitude: b.1))
        }
        let inside = uniform(1, 2) * 3600
        guard let last = path.last else { return }
        waypoints += drift(lat: last.0, lon: last.1, t0: t, duration: inside, stepKm: 0.05).dropFirst()
        t += inside
        path.reverse()
        for (a, b) in zip(path, path.dropFirst()) {
            t += VesselPlan.km(a.0, a.1, b.0, b.1) / kmPerSecond
            waypoints.append(.init(time: t, latitude: b.0, longitude: b.1))
        }
        waypoints += drift(lat: outside.0, lon: outside.1, t0: t, duration: max(0, end - t), stepKm: 0.05).dropFirst()
        var p = plan(shipType: smallCraft ? 30 : 70, interval: configuration.interval, waypoints: waypoints)
        p.noiseMetres = 5
        // Ground truth from the geometry: the first report inside the polygon, the first after outside.
        guard let zone = zones.first(where: { $0.id == zoneID }) else { return }
        var entry: Double?
        var exit: Double?
        var r = p.firstReport(atOrAfter: waitUntil) ?? waitUntil
        while r <= t + 3600, exit == nil {
            if let point = p.report(at: r) {
                let isIn = zone.contains(latitude: point.latitude, longitude: point.longitude)
                if entry == nil, isIn { entry = r } else if entry != nil, !isIn { exit = r }
            }
            r += p.interval
        }
        if let entry {
            labels.append(
                ScenarioLabel(
                    kind: "zone_entry", mmsi: p.mmsi, zone: zoneID, start: entry, end: exit ?? end,
                    note: smallCraft ? "fishing boat in the small-craft-only approach channel" : "cargo ship inside the port security zone")
            )
        }
        plans.append(p)
    }
}
