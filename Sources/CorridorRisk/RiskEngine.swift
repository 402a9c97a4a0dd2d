import CorridorCore
import CorridorGeo
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
    struct Item: Sendable {
        var id: String
        var title: String
        var domain: Int
        var location: Coordinate
        var vector: UnitVector
        var ageDays: Double
        /// Base weight × time decay; 0 when outside the time horizon.
        var decayed: Double
        var regional: Bool
        var province: Province?
        var district: String?
        var linked: [String]
        var access: EventAccess
        /// Counts among the site's recent severe incidents (severity, age and place allow it).
        var severe: Bool
    }

    /// The sharing facts of an event, so explanations can leave out what a reader may not see.
    public struct EventAccess: Sendable {
        public var tlp: TLP
        public var originAgency: String?
        public var sharedWithAgencies: [String]
        public var sharedWithUsers: [String]
    }

    public let configuration: RiskConfiguration
    public let asOf: Date
    let domainOrder = Domain.allCases
    let radii: [Double]
    let chordLimits: [Double]
    private(set) var sites: [Site] = []
    private var siteVectors: [UnitVector] = []
    private var siteIndex: [String: Int] = [:]
    private var siteGrid: SpatialGrid
    private var items: [Item] = []
    private var itemIndex: [String: Int] = [:]
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

    public init(
        sites: [Site], events: [Event], agencies: [Agency] = [], asOf: Date,
        configuration: RiskConfiguration = .default, sources: [any RiskIndicatorSource] = []
    ) {
        self.configuration = configuration
        self.asOf = asOf
        self.sources = sources
        radii = Domain.allCases.map { configuration.settings($0).radiusKm }
        chordLimits = radii.map { UnitVector.chordSquared(distanceKm: $0) }
        grids = radii.map { EventGrid(radiusKm: $0) }
        regional = Array(repeating: [:], count: Domain.allCases.count)
        siteGrid = SpatialGrid(radiusKm: configuration.largestRadiusKm)
        severeGrid = EventGrid(radiusKm: configuration.severeIncidents.radiusKm)
        severeChordLimit = UnitVector.chordSquared(distanceKm: configuration.severeIncidents.radiusKm)
        builtIn = BuiltInIndicators(configuration: configuration, bases: agencies.flatMap(\.bases))
        for e in events { insertItem(e) }
        for s in sites { _ = upsert(site: s) }
    }

    // MARK: Events

    /// Only events known at `asOf` count, so `--as-of` shows the world as it was.
    func isKnown(_ e: Event) -> Bool { e.occurredAt <= asOf && e.reportedAt <= asOf }

    private mutating func insertItem(_ e: Event) {
        guard isKnown(e), let d = domainOrder.firstIndex(of: e.domain) else { return }
        let s = configuration.settings(e.domain)
        let age = asOf.timeIntervalSince(e.occurredAt) / 86_400
        let inHorizon = age >= 0 && age <= s.halfLifeDays * configuration.horizonHalfLives
        let severeSettings = configuration.severeIncidents
        let severe = e.severity >= severeSettings.minimumSeverity && age >= 0 && age <= severeSettings.windowDays
        let item = Item(
            id: e.id, title: e.title, domain: d, location: e.location, vector: UnitVector(e.location), ageDays: age,
            decayed: inHorizon
                ? RiskModel.baseWeight(e, configuration) * RiskModel.timeDecay(ageDays: age, halfLifeDays: s.halfLifeDays) : 0,
            // A site named twice is reached once, in a full recompute as in an update.
            regional: e.geoPrecision == .region, province: e.province, district: e.district?.lowercased(),
            linked: e.siteIDs.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } },
            access: EventAccess(
                tlp: e.tlp, originAgency: e.originAgency, sharedWithAgencies: e.sharedWithAgencies,
                sharedWithUsers: e.sharedWithUsers),
            severe: severe)
        let index = items.count
        items.append(item)
        itemIndex[e.id] = index
        if severe {
            if !item.regional {
                let v = item.vector
                severeGrid.insert(
                    PackedEvent(x: v.x, y: v.y, z: v.z, weight: 1, index: Int32(index), linked: !item.linked.isEmpty), at: e.location)
            }
            for siteID in item.linked { severeLinked[siteID, default: []].append(index) }
        }
        if item.decayed == 0 { return }
        if item.regional {
            if let p = item.province { regional[d][p, default: []].append(index) }
        } else {
            let v = item.vector
            grids[d].insert(
                PackedEvent(x: v.x, y: v.y, z: v.z, weight: item.decayed, index: Int32(index), linked: !item.linked.isEmpty),
                at: e.location)
        }
        for siteID in item.linked { linked[siteID, default: []].append(index) }
    }

    private mutating func retire(_ index: Int) {
        let item = items[index]
        if item.decayed > 0 {
            if item.regional {
                if let p = item.province { regional[item.domain][p]?.removeAll { $0 == index } }
            } else {
                grids[item.domain].remove(index: Int32(index), at: item.location)
            }
            for siteID in item.linked { linked[siteID]?.removeAll { $0 == index } }
        }
        if item.severe {
            if !item.regional { severeGrid.remove(index: Int32(index), at: item.location) }
            for siteID in item.linked { severeLinked[siteID]?.removeAll { $0 == index } }
        }
        items[index].decayed = 0
        items[index].severe = false
        itemIndex[item.id] = nil
    }

    /// The weight of `item` at site `s`, and how it reaches the site.
    @inline(__always) private func contribution(_ item: Item, site s: Int) -> (weight: Double, distance: Double?, basis: String) {
        let site = sites[s]
        if !item.linked.isEmpty, item.linked.contains(site.id) {
            return (item.decayed, UnitVector.distanceKm(chordSquared: item.vector.chordSquared(siteVectors[s])), "linked")
        }
        if item.regional {
            guard let p = item.province, p == site.province else { return (0, nil, "province") }
            if let d = item.district, d == site.district?.lowercased() {
                return (item.decayed * configuration.districtWeight, nil, "district")
            }
            return (item.decayed * configuration.provinceWeight, nil, "province")
        }
        let c2 = item.vector.chordSquared(siteVectors[s])
        guard c2 < chordLimits[item.domain] else { return (0, nil, "distance") }
        let distance = UnitVector.fastDistanceKm(chordSquared: c2)
        return (item.decayed * RiskModel.distanceDecay(distanceKm: distance, radiusKm: radii[item.domain]), distance, "distance")
    }

    /// Calls `body` with every event that may touch site `s` (each once).
    private func forEachCandidate(site s: Int, _ body: (Int) -> Void) {
        let site = sites[s]
        for d in 0..<domainOrder.count {
            grids[d].forEachCell(near: site.location, radiusKm: radii[d]) { cell in
                for p in cell where !p.linked || !items[Int(p.index)].linked.contains(site.id) { body(Int(p.index)) }
            }
            if let p = site.province, let list = regional[d][p] {
                for i in list where !items[i].linked.contains(site.id) { body(i) }
            }
        }
        for i in linked[site.id] ?? [] { body(i) }
    }

    /// The hot path of a full recompute: packed cells, squared-chord rejection, no trigonometry.
    private func computeSums(site s: Int) -> [Double] {
        var out = Array(repeating: 0.0, count: domainOrder.count)
        let site = sites[s]
        let v = siteVectors[s]
        for d in 0..<domainOrder.count {
            let limit = chordLimits[d]
            let radius = radii[d]
            var sum = 0.0
            grids[d].forEachCell(near: site.location, radiusKm: radius) { cell in
                for p in cell {
                    let dx = p.x - v.x
                    let dy = p.y - v.y
                    let dz = p.z - v.z
                    let c2 = dx * dx + dy * dy + dz * dz
                    guard c2 < limit else { continue }
                    if p.linked, items[Int(p.index)].linked.contains(site.id) { continue }
                    sum += p.weight * (1 - UnitVector.fastDistanceKm(chordSquared: c2) / radius)
                }
            }
            out[d] = sum
            if let p = site.province, let list = regional[d][p] {
                for i in list where !items[i].linked.contains(site.id) { out[d] += contribution(items[i], site: s).weight }
            }
        }
        for i in linked[site.id] ?? [] { out[items[i].domain] += contribution(items[i], site: s).weight }
        out.append(Double(forEachSevereIncident(site: s) { _ in }))
        return out
    }

    /// Calls `body` with each recent severe incident within the radius of site `s` or naming
    /// it (each once), and returns how many there were.
    @discardableResult
    private func forEachSevereIncident(site s: Int, _ body: (Int) -> Void) -> Int {
        let site = sites[s]
        let v = siteVectors[s]
        var count = 0
        severeGrid.forEachCell(near: site.location, radiusKm: configuration.severeIncidents.radiusKm) { cell in
            for p in cell {
                let dx = p.x - v.x
                let dy = p.y - v.y
                let dz = p.z - v.z
                guard dx * dx + dy * dy + dz * dz < severeChordLimit else { continue }
                if p.linked, items[Int(p.index)].linked.contains(site.id) { continue }
                count += 1
                body(Int(p.index))
            }
        }
        for i in severeLinked[site.id] ?? [] {
            count += 1
            body(i)
        }
        return count
    }

    /// Sites an item counts for: within its domain's reach while its weight lasts, within the
    /// severe-incident radius while it is a recent severe incident, and the sites it names.
    private func reach(_ item: Item) -> [Int] {
        var touched = Set<Int>()
        if item.decayed > 0 {
            if item.regional {
                if let p = item.province { for (i, s) in sites.enumerated() where s.province == p { touched.insert(i) } }
            } else {
                siteGrid.forEachCandidate(near: item.location, radiusKm: radii[item.domain]) { s in
                    if item.vector.chordSquared(siteVectors[s]) < chordLimits[item.domain] { touched.insert(s) }
                }
            }
        }
        if item.severe, !item.regional {
            siteGrid.forEachCandidate(near: item.location, radiusKm: configuration.severeIncidents.radiusKm) { s in
                if item.vector.chordSquared(siteVectors[s]) < severeChordLimit { touched.insert(s) }
            }
        }
        if item.decayed > 0 || item.severe {
            for id in item.linked { if let s = siteIndex[id] { touched.insert(s) } }
        }
        return touched.sorted()
    }

    /// Whether `item` is among the recent severe incidents of site `s`.
    @inline(__always) private func isSevereIncident(_ item: Item, at s: Int) -> Bool {
        guard item.severe else { return false }
        if !item.linked.isEmpty, item.linked.contains(sites[s].id) { return true }
        return !item.regional && item.vector.chordSquared(siteVectors[s]) < severeChordLimit
    }

    /// Adds or replaces an event and recomputes only the sites it reaches (before or after
    /// the change). Returns their ids.
    @discardableResult
    public mutating func upsert(event: Event) -> [String] {
        var touched = Set<Int>()
        let severeSlot = domainOrder.count
        if let old = itemIndex[event.id] {
            let item = items[old]
            for s in reach(item) {
                sums[s][item.domain] -= contribution(item, site: s).weight
                if isSevereIncident(item, at: s) { sums[s][severeSlot] -= 1 }
                touched.insert(s)
            }
            retire(old)
        }
        let before = items.count
        insertItem(event)
        if items.count > before {
            let item = items[before]
            for s in reach(item) {
                sums[s][item.domain] += contribution(item, site: s).weight
                if isSevereIncident(item, at: s) { sums[s][severeSlot] += 1 }
                touched.insert(s)
            }
        }
        for s in touched { results[s] = result(site: s) }
        return touched.sorted().map { sites[$0].id }
    }

    // MARK: Sites

    /// Adds or replaces a site and computes its risk. Returns the site's result.
    @discardableResult
    public mutating func upsert(site: Site) -> SiteRisk {
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
            sums.append([])
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
        sums[s] = computeSums(site: s)
        results[s] = result(site: s)
        return results[s]
    }

    /// Recomputes every site from scratch.
    public mutating func recomputeAll() {
        for s in sites.indices {
            sums[s] = computeSums(site: s)
            results[s] = result(site: s)
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

    private func result(site s: Int) -> SiteRisk {
        let site = sites[s]
        var scores: [String: Double] = [:]
        var values: [Double] = []
        for (d, domain) in domainOrder.enumerated() {
            let v = RiskModel.normalise(sums[s][d], cap: configuration.settings(domain).cap)
            scores[domain.rawValue] = v
            values.append(v)
        }
        let severeCount = Int(sums[s].last ?? 0)
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
    public func explain(siteID: String, top: Int = 10, visible: (EventAccess) -> Bool = { _ in true }) -> RiskExplanation? {
        guard let s = siteIndex[siteID] else { return nil }
        var parts: [EventContribution] = []
        var hidden = Set<String>()
        var counts = Array(repeating: 0, count: domainOrder.count)
        forEachCandidate(site: s) { i in
            let item = items[i]
            let c = contribution(item, site: s)
            guard c.weight > 0 else { return }
            counts[item.domain] += 1
            if !visible(item.access) { hidden.insert(item.id) }
            parts.append(
                EventContribution(
                    eventID: item.id, title: item.title, domain: domainOrder[item.domain], distanceKm: c.distance,
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
            if visible(items[i].access) { severeIDs.append(items[i].id) } else { severeHidden += 1 }
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
