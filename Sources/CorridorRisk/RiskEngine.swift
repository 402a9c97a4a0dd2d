import CorridorCore
import CorridorGeo
import Dispatch
import Foundation

/// Computes every site's risk from the events around it, and keeps it current as events
/// and sites change.
///
/// Events sit in one spatial grid per domain, with cells as wide as that domain's radius,
/// so a full recompute reads only nearby cells. Each event's decayed weight (severity ×
/// casualties × confidence × time decay) does not depend on the site and is computed once.
///
/// ```swift
/// var engine = RiskEngine(sites: sites, events: events, agencies: agencies, asOf: now)
/// let top = engine.results.sorted { $0.risk > $1.risk }.prefix(10)
/// let touched = engine.upsert(event: newEvent)   // recomputes only the sites in reach
/// ```
public struct RiskEngine: Sendable {
    /// What the engine keeps of an event: numbers and small codes, no `Event` value.
    /// Its id is in ``ids`` at the same index; the sites it names and who it is shared
    /// with, rare both, in side tables.
    struct Item: Sendable {
        var location: Coordinate
        var ageDays: Double
        /// Base weight × time decay; 0 when outside the time horizon.
        var decayed: Double
        /// Index in ``names`` of the lowercased district, or -1.
        var district: Int32
        /// Index in ``names`` of the originating agency, or -1.
        var origin: Int32
        var domain: UInt8
        var province: Province?
        var tlp: TLP
        var regional: Bool
        /// Counts among the site's recent severe incidents (severity, age and place allow it).
        var severe: Bool
        var linked: Bool
        var shared: Bool
        /// False once replaced by a newer version of the event.
        var live: Bool

        var vector: UnitVector { UnitVector(location) }
    }

    /// The sharing facts of an event, so explanations can leave out what a reader may not see.
    public struct EventAccess: Sendable {
        public var tlp: TLP
        public var originAgency: String?
        public var sharedWithAgencies: [String]
        public var sharedWithUsers: [String]

        public init(tlp: TLP, originAgency: String?, sharedWithAgencies: [String], sharedWithUsers: [String]) {
            self.tlp = tlp
            self.originAgency = originAgency
            self.sharedWithAgencies = sharedWithAgencies
            self.sharedWithUsers = sharedWithUsers
        }
    }

    public let configuration: RiskConfiguration
    public let asOf: Date
    let domainOrder = Domain.allCases
    let radii: [Double]
    let chordLimits: [Double]
    let caps: [Double]
    private(set) var sites: [Site] = []
    private var siteVectors: [UnitVector] = []
    private var siteIndex: [String: Int] = [:]
    private var siteGrid: SpatialGrid
    private var items: [Item] = []
    private var ids = PackedStrings()
    /// Districts and agency ids, each stored once.
    private var names = PackedStrings()
    private var linkedSites: [Int32: [String]] = [:]
    private var sharing: [Int32: (agencies: [String], users: [String])] = [:]
    private var grids: [EventGrid]
    private var regional: [[Province: [Int]]]
    private var linked: [String: [Int]] = [:]
    /// Recent severe incidents: located ones by place (weight 1 each), and those naming sites.
    private var severeGrid: EventGrid
    private var severeLinked: [String: [Int]] = [:]
    private let severeChordLimit: Double
    private var sums: [[Double]] = []
    private var indicators: [[IndicatorValue]] = []
    /// V, LCC and confidence per site: they change only with the site, not with events.
    private var dimensions: [(vulnerability: Double, copingLack: Double, confidence: RiskConfidence)] = []
    private let builtIn: BuiltInIndicators
    private let sources: [any RiskIndicatorSource]
    public private(set) var results: [SiteRisk] = []

    /// Builds the engine and computes every site, on all cores.
    ///
    /// `events` is read once and not kept: pass a lazy sequence, or use ``load(_:)`` page by
    /// page, to avoid holding every `Event` at once.
    public init(
        sites: [Site], events: some Sequence<Event>, agencies: [Agency] = [], asOf: Date,
        configuration: RiskConfiguration = .default, sources: [any RiskIndicatorSource] = []
    ) {
        self.configuration = configuration
        self.asOf = asOf
        self.sources = sources
        radii = Domain.allCases.map { configuration.settings($0).radiusKm }
        chordLimits = radii.map { UnitVector.chordSquared(distanceKm: $0) }
        caps = Domain.allCases.map { configuration.settings($0).cap }
        grids = radii.map { EventGrid(radiusKm: $0) }
        regional = Array(repeating: [:], count: Domain.allCases.count)
        siteGrid = SpatialGrid(radiusKm: configuration.largestRadiusKm)
        severeGrid = EventGrid(radiusKm: configuration.severeIncidents.radiusKm)
        severeChordLimit = UnitVector.chordSquared(distanceKm: configuration.severeIncidents.radiusKm)
        builtIn = BuiltInIndicators(configuration: configuration, bases: agencies.flatMap(\.bases))
        load(events)
        for s in sites { add(site: s) }
        recomputeAll()
    }

    /// An engine with sites and no events yet: ``load(_:)`` the events, then ``recomputeAll(cores:)``.
    public init(
        sites: [Site], agencies: [Agency] = [], asOf: Date, configuration: RiskConfiguration = .default,
        sources: [any RiskIndicatorSource] = []
    ) {
        self.init(sites: sites, events: [Event](), agencies: agencies, asOf: asOf, configuration: configuration, sources: sources)
    }

    /// Adds events without recomputing any site (bulk loading); ``recomputeAll(cores:)``
    /// afterwards brings the results up to date.
    public mutating func load(_ events: some Sequence<Event>) {
        for e in events {
            if let old = ids.index(of: e.id), items[old].live { retire(old) }
            insertItem(e)
        }
    }

    // MARK: Events

    /// Only events known at `asOf` count, so `--as-of` shows the world as it was.
    func isKnown(_ e: Event) -> Bool { e.occurredAt <= asOf && e.reportedAt <= asOf }

    private mutating func intern(_ name: String?) -> Int32 {
        guard let name else { return -1 }
        return Int32(truncatingIfNeeded: names.index(of: name) ?? names.append(name))
    }

    private mutating func insertItem(_ e: Event) {
        guard isKnown(e), let d = domainOrder.firstIndex(of: e.domain) else { return }
        let s = configuration.settings(e.domain)
        let age = asOf.timeIntervalSince(e.occurredAt) / 86_400
        let inHorizon = age >= 0 && age <= s.halfLifeDays * configuration.horizonHalfLives
        let severeSettings = configuration.severeIncidents
        let severe = e.severity >= severeSettings.minimumSeverity && age >= 0 && age <= severeSettings.windowDays
        let index = items.count
        let key = Int32(truncatingIfNeeded: index)
        // A site named twice is reached once, in a full recompute as in an update.
        let named = e.siteIDs.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        if !named.isEmpty { linkedSites[key] = named }
        if !e.sharedWithAgencies.isEmpty || !e.sharedWithUsers.isEmpty {
            sharing[key] = (e.sharedWithAgencies, e.sharedWithUsers)
        }
        let item = Item(
            location: e.location, ageDays: age,
            decayed: inHorizon
                ? RiskModel.baseWeight(e, configuration) * RiskModel.timeDecay(ageDays: age, halfLifeDays: s.halfLifeDays) : 0,
            district: intern(e.district?.lowercased()), origin: intern(e.originAgency), domain: UInt8(d), province: e.province,
            tlp: e.tlp, regional: e.geoPrecision == .region, severe: severe, linked: !named.isEmpty,
            shared: sharing[key] != nil, live: true)
        items.append(item)
        ids.append(e.id)
        if severe {
            if !item.regional {
                severeGrid.insert(item.vector, weight: 1, item: key, linked: item.linked, at: e.location)
            }
            for siteID in named { severeLinked[siteID, default: []].append(index) }
        }
        if item.decayed == 0 { return }
        if item.regional {
            if let p = item.province { regional[d][p, default: []].append(index) }
        } else {
            grids[d].insert(item.vector, weight: item.decayed, item: key, linked: item.linked, at: e.location)
        }
        for siteID in named { linked[siteID, default: []].append(index) }
    }

    private mutating func retire(_ index: Int) {
        let item = items[index]
        let key = Int32(truncatingIfNeeded: index)
        let named = linkedSites[key] ?? []
        if item.decayed > 0 {
            if item.regional {
                if let p = item.province { regional[Int(item.domain)][p]?.removeAll { $0 == index } }
            } else {
                grids[Int(item.domain)].remove(item: key, linked: item.linked, at: item.location)
            }
            for siteID in named { linked[siteID]?.removeAll { $0 == index } }
        }
        if item.severe {
            if !item.regional { severeGrid.remove(item: key, linked: item.linked, at: item.location) }
            for siteID in named { severeLinked[siteID]?.removeAll { $0 == index } }
        }
        items[index].decayed = 0
        items[index].severe = false
        items[index].live = false
        linkedSites[key] = nil
        sharing[key] = nil
    }

    /// Whether item `i` names site `siteID`.
    @inline(__always) private func names(_ i: Int, _ siteID: String) -> Bool {
        items[i].linked && (linkedSites[Int32(truncatingIfNeeded: i)]?.contains(siteID) ?? false)
    }

    private func access(_ i: Int) -> EventAccess {
        let item = items[i]
        let shared = sharing[Int32(truncatingIfNeeded: i)]
        return EventAccess(
            tlp: item.tlp, originAgency: item.origin >= 0 ? names[Int(item.origin)] : nil, sharedWithAgencies: shared?.agencies ?? [],
            sharedWithUsers: shared?.users ?? [])
    }

    /// The weight of item `i` at site `s`, and how it reaches the site.
    @inline(__always) private func contribution(_ i: Int, site s: Int) -> (weight: Double, distance: Double?, basis: String) {
        let item = items[i]
        let site = sites[s]
        if names(i, site.id) {
            return (item.decayed, UnitVector.distanceKm(chordSquared: item.vector.chordSquared(siteVectors[s])), "linked")
        }
        if item.regional {
            guard let p = item.province, p == site.province else { return (0, nil, "province") }
            if item.district >= 0, names[Int(item.district)] == site.district?.lowercased() {
                return (item.decayed * configuration.districtWeight, nil, "district")
            }
            return (item.decayed * configuration.provinceWeight, nil, "province")
        }
        let c2 = item.vector.chordSquared(siteVectors[s])
        let d = Int(item.domain)
        guard c2 < chordLimits[d] else { return (0, nil, "distance") }
        let distance = UnitVector.fastDistanceKm(chordSquared: c2)
        return (item.decayed * RiskModel.distanceDecay(distanceKm: distance, radiusKm: radii[d]), distance, "distance")
    }

    /// Calls `body` with every event that may touch site `s` (each once).
    private func forEachCandidate(site s: Int, _ body: (Int) -> Void) {
        let site = sites[s]
        let v = siteVectors[s]
        for d in 0..<domainOrder.count {
            grids[d].forEachSpan(near: site.location, radiusKm: radii[d]) { span, staged, _ in
                grids[d].forEachEvent(span, staged: staged, site: v, chordLimit: chordLimits[d]) { i, _ in
                    if !names(i, site.id) { body(i) }
                }
            }
            if let p = site.province, let list = regional[d][p] {
                for i in list where !names(i, site.id) { body(i) }
            }
        }
        for i in linked[site.id] ?? [] { body(i) }
    }

    /// The hot path of a full recompute: packed cells read four events at a time,
    /// squared-chord rejection without branches, no trigonometry.
    private func computeSums(site s: Int) -> [Double] {
        var out = Array(repeating: 0.0, count: domainOrder.count + 1)
        let site = sites[s]
        let v = siteVectors[s]
        for d in grids.indices {
            out[d] = grids[d].decayedSum(
                near: site.location, site: v, radiusKm: radii[d], chordLimit: chordLimits[d], siteID: site.id, links: linkedSites)
        }
        if let p = site.province {
            for d in 0..<domainOrder.count {
                guard let list = regional[d][p] else { continue }
                for i in list where !names(i, site.id) { out[d] += contribution(i, site: s).weight }
            }
        }
        for i in linked[site.id] ?? [] { out[Int(items[i].domain)] += contribution(i, site: s).weight }
        out[domainOrder.count] = Double(severeIncidentCount(site: s))
        return out
    }

    /// How many recent severe incidents lie within the radius of site `s` or name it.
    private func severeIncidentCount(site s: Int) -> Int {
        let site = sites[s]
        let count = severeGrid.count(
            near: site.location, site: siteVectors[s], radiusKm: configuration.severeIncidents.radiusKm, chordLimit: severeChordLimit,
            siteID: site.id, links: linkedSites)
        return count + (severeLinked[site.id]?.count ?? 0)
    }

    /// Calls `body` with each recent severe incident within the radius of site `s` or naming
    /// it (each once).
    private func forEachSevereIncident(site s: Int, _ body: (Int) -> Void) {
        let site = sites[s]
        let v = siteVectors[s]
        severeGrid.forEachSpan(near: site.location, radiusKm: configuration.severeIncidents.radiusKm) { span, staged, _ in
            severeGrid.forEachEvent(span, staged: staged, site: v, chordLimit: severeChordLimit) { i, _ in
                if !names(i, site.id) { body(i) }
            }
        }
        for i in severeLinked[site.id] ?? [] { body(i) }
    }

    /// Sites an item counts for: within its domain's reach while its weight lasts, within the
    /// severe-incident radius while it is a recent severe incident, and the sites it names.
    private func reach(_ i: Int) -> [Int] {
        let item = items[i]
        let d = Int(item.domain)
        let vector = item.vector
        var touched = Set<Int>()
        if item.decayed > 0 {
            if item.regional {
                if let p = item.province { for (i, s) in sites.enumerated() where s.province == p { touched.insert(i) } }
            } else {
                siteGrid.forEachCandidate(near: item.location, radiusKm: radii[d]) { s in
                    if vector.chordSquared(siteVectors[s]) < chordLimits[d] { touched.insert(s) }
                }
            }
        }
        if item.severe, !item.regional {
            siteGrid.forEachCandidate(near: item.location, radiusKm: configuration.severeIncidents.radiusKm) { s in
                if vector.chordSquared(siteVectors[s]) < severeChordLimit { touched.insert(s) }
            }
        }
        if item.decayed > 0 || item.severe {
            for id in linkedSites[Int32(truncatingIfNeeded: i)] ?? [] { if let s = siteIndex[id] { touched.insert(s) } }
        }
        return touched.sorted()
    }

    /// Whether item `i` is among the recent severe incidents of site `s`.
    @inline(__always) private func isSevereIncident(_ i: Int, at s: Int) -> Bool {
        let item = items[i]
        guard item.severe else { return false }
        if names(i, sites[s].id) { return true }
        return !item.regional && item.vector.chordSquared(siteVectors[s]) < severeChordLimit
    }

    /// Adds or replaces an event and recomputes only the sites it reaches (before or after
    /// the change). Returns their ids.
    @discardableResult
    public mutating func upsert(event: Event) -> [String] {
        var touched = Set<Int>()
        let severeSlot = domainOrder.count
        if let old = ids.index(of: event.id), items[old].live {
            let domain = Int(items[old].domain)
            for s in reach(old) {
                sums[s][domain] -= contribution(old, site: s).weight
                if isSevereIncident(old, at: s) { sums[s][severeSlot] -= 1 }
                touched.insert(s)
            }
            retire(old)
        }
        let before = items.count
        insertItem(event)
        packGrids(always: false)
        if items.count > before {
            let domain = Int(items[before].domain)
            for s in reach(before) {
                sums[s][domain] += contribution(before, site: s).weight
                if isSevereIncident(before, at: s) { sums[s][severeSlot] += 1 }
                touched.insert(s)
            }
        }
        for s in touched { results[s] = result(site: s, sums: sums[s]) }
        return touched.sorted().map { sites[$0].id }
    }

    // MARK: Sites

    /// Adds or replaces a site and computes its risk. Returns the site's result.
    @discardableResult
    public mutating func upsert(site: Site) -> SiteRisk {
        packGrids(always: false)
        let s = add(site: site)
        sums[s] = computeSums(site: s)
        results[s] = result(site: s, sums: sums[s])
        return results[s]
    }

    /// Places a site and its indicators; its sums are left to the caller.
    @discardableResult
    private mutating func add(site: Site) -> Int {
        let s: Int
        if let existing = siteIndex[site.id] {
            s = existing
            siteGrid.remove(s, at: sites[s].location)
            sites[s] = site
            siteVectors[s] = UnitVector(site.location)
        } else {
            s = sites.count
            sites.append(site)
            siteVectors.append(UnitVector(site.location))
            siteIndex[site.id] = s
            sums.append(Array(repeating: 0, count: domainOrder.count + 1))
            indicators.append([])
            dimensions.append((0, 0, RiskConfidence(dataShare: 0, flaggedDimensions: [])))
            results.append(
                SiteRisk(
                    siteID: site.id, siteName: site.name, risk: 0, riskClass: .veryLow, hazardExposure: 0, domainScores: [:],
                    completeness: 0))
        }
        siteGrid.insert(s, at: site.location)
        indicators[s] = builtIn.values(for: site, sources: sources)
        dimensions[s] = Self.dimensions(of: indicators[s], configuration)
        return s
    }

    /// Recomputes every site from scratch, the sites split over `cores` threads (all active
    /// processors when nil).
    ///
    /// Sites are visited in spatial order, so that neighbours, which read the same cells,
    /// follow each other and find them in cache; each thread takes a contiguous stretch.
    public mutating func recomputeAll(cores: Int? = nil) {
        packGrids(always: true)
        let n = sites.count
        let order = spatialOrder()
        let workers = max(1, min(cores ?? ProcessInfo.processInfo.activeProcessorCount, n / 64))
        if workers == 1 {
            for s in order {
                sums[s] = computeSums(site: s)
                results[s] = result(site: s, sums: sums[s])
            }
            return
        }
        let engine = self
        let out = DisjointSlots<([Double], SiteRisk)>(count: n)
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            for s in order[(n * w / workers)..<(n * (w + 1) / workers)] {
                let sums = engine.computeSums(site: s)
                out.set(s, (sums, engine.result(site: s, sums: sums)))
            }
        }
        for s in 0..<n {
            guard let (sums, result) = out[s] else { continue }
            self.sums[s] = sums
            results[s] = result
        }
    }

    /// Packs each grid's staged events, one grid at a time (so only one is ever held twice);
    /// unless `always`, only grids whose staged part has grown large.
    private mutating func packGrids(always: Bool) {
        for d in grids.indices where always ? grids[d].staged.count > 0 : grids[d].shouldPack { grids[d].pack() }
        if always ? severeGrid.staged.count > 0 : severeGrid.shouldPack { severeGrid.pack() }
    }

    /// Site indices by half-degree band of latitude, then longitude, alternating direction
    /// from band to band.
    private func spatialOrder() -> [Int] {
        func band(_ s: Int) -> Int { Int((sites[s].location.latitude * 2).rounded(.down)) }
        return sites.indices.sorted { a, b in
            let (ba, bb) = (band(a), band(b))
            if ba != bb { return ba < bb }
            let (la, lb) = (sites[a].location.longitude, sites[b].location.longitude)
            return ba % 2 == 0 ? la < lb : la > lb
        }
    }

    public func result(for siteID: String) -> SiteRisk? { siteIndex[siteID].map { results[$0] } }

    /// The raw hazard & exposure weight sums of a site, one per domain in `Domain.allCases`
    /// order, for checks against reference implementations.
    public func domainSums(siteID: String) -> [Double]? { siteIndex[siteID].map { Array(sums[$0].prefix(domainOrder.count)) } }

    private static func dimensions(
        of indicators: [IndicatorValue], _ c: RiskConfiguration
    )
        -> (vulnerability: Double, copingLack: Double, confidence: RiskConfidence)
    {
        func observed(_ dim: RiskDimension) -> [Double?] { indicators.filter { $0.dimension == dim }.map(\.value) }
        return (
            RiskModel.dimension(observed(.vulnerability), imputed: c.imputedIndicatorValue),
            RiskModel.dimension(observed(.copingCapacityLack), imputed: c.imputedIndicatorValue),
            RiskConfidence(indicators: indicators, minimumCoverage: c.minimumDimensionCoverage)
        )
    }

    private func result(site s: Int, sums: [Double]) -> SiteRisk {
        let site = sites[s]
        var scores: [String: Double] = [:]
        var values: [Double] = []
        for (d, domain) in domainOrder.enumerated() {
            let v = RiskModel.normalise(sums[d], cap: caps[d])
            scores[domain.rawValue] = v
            values.append(v)
        }
        let severeCount = Int(sums.last ?? 0)
        let severeScore = RiskModel.normalise(Double(severeCount), cap: configuration.severeIncidents.scale)
        let he = RiskModel.combineDomains(values + [severeScore])
        let (v, lcc, confidence) = dimensions[s]
        let risk = RiskModel.combineDimensions(hazard: he, vulnerability: v, copingLack: lcc)
        return SiteRisk(
            siteID: site.id, siteName: site.name, province: site.province, district: site.district, risk: risk,
            riskClass: RiskModel.riskClass(risk, cutPoints: configuration.classCutPoints), hazardExposure: he,
            vulnerability: v, copingCapacityLack: lcc, domainScores: scores, recentSevereIncidents: severeCount,
            severeIncidentScore: severeScore, completeness: confidence.dataShare, confidence: confidence)
    }

    // MARK: Explanation

    /// The full breakdown for one site: dimensions, indicators, and the `top` events by weight.
    /// `visible` decides which events a reader may see; the rest are counted, not listed.
    ///
    /// The events come without titles: the engine keeps no labels, since they change after
    /// the engine is built and may be relabelled out of a reader's reach. `RiskService`
    /// reads them from the store as they are when the explanation is shown.
    public func explain(siteID: String, top: Int = 10, visible: (EventAccess) -> Bool = { _ in true }) -> RiskExplanation? {
        guard let s = siteIndex[siteID] else { return nil }
        var parts: [EventContribution] = []
        var hidden = Set<String>()
        var counts = Array(repeating: 0, count: domainOrder.count)
        forEachCandidate(site: s) { i in
            let item = items[i]
            let c = contribution(i, site: s)
            guard c.weight > 0 else { return }
            counts[Int(item.domain)] += 1
            let id = ids[i]
            if !visible(access(i)) { hidden.insert(id) }
            parts.append(
                EventContribution(
                    eventID: id, title: "", domain: domainOrder[Int(item.domain)], distanceKm: c.distance,
                    ageDays: item.ageDays, weight: c.weight, share: 0, basis: c.basis))
        }
        let total = parts.reduce(0) { $0 + $1.weight }
        for i in parts.indices { parts[i].share = total > 0 ? parts[i].weight / total : 0 }
        parts.sort { ($0.weight, $1.eventID) > ($1.weight, $0.eventID) }
        let shown = parts.filter { !hidden.contains($0.eventID) }
        let domains = domainOrder.enumerated().map { d, domain in
            RiskExplanation.DomainPart(
                domain: domain, rawWeight: sums[s][d], score: results[s].domainScores[domain.rawValue] ?? 0,
                events: counts[d], halfLifeDays: configuration.settings(domain).halfLifeDays, radiusKm: radii[d])
        }
        var severeIDs: [String] = []
        var severeHidden = 0
        forEachSevereIncident(site: s) { i in
            if visible(access(i)) { severeIDs.append(ids[i]) } else { severeHidden += 1 }
        }
        let severeSettings = configuration.severeIncidents
        let severe = RiskExplanation.SevereIncidentsPart(
            count: results[s].recentSevereIncidents, score: results[s].severeIncidentScore,
            minimumSeverity: severeSettings.minimumSeverity, radiusKm: severeSettings.radiusKm,
            windowDays: severeSettings.windowDays, eventIDs: severeIDs.sorted(), withheld: severeHidden)
        var explained = indicators[s]
        for dim in RiskDimension.allCases {
            let expected = explained.filter { $0.dimension == dim }.count
            for i in explained.indices where explained[i].dimension == dim {
                explained[i].contribution = (explained[i].value ?? configuration.imputedIndicatorValue) / Double(expected)
            }
        }
        return RiskExplanation(
            result: results[s], asOf: asOf, domains: domains, severeIncidents: severe, indicators: explained,
            topEvents: Array(shown.prefix(top)),
            withheldEvents: parts.count - shown.count)
    }
}
