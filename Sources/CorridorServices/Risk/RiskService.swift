import CorridorCoordination
import CorridorCore
import CorridorRisk
import CorridorStore
import Foundation
import Logging

/// Holds the server's risk engine and keeps it current.
///
/// Writes through the API update it incrementally (only the sites in reach). Writes by
/// other processes (imports, other instances) are picked up when the counts of sites or
/// events change, and in any case after ``maxAge``. The first computation of each day
/// records the daily snapshot and raises `risk.class_changed` alert records.
public actor RiskService {
    let store: any CorridorStore
    public let configuration: RiskConfiguration
    let now: @Sendable () -> Date
    /// A cached engine older than this is rebuilt from the store.
    let maxAge: TimeInterval = 60

    private var engine: RiskEngine?
    private var builtAt: Date = .distantPast
    private var fingerprint: (sites: Int, events: Int) = (-1, -1)
    private var snapshotDay: String?
    /// The rebuild under way: callers that arrive meanwhile wait for it instead of each
    /// building their own (the actor is re-entered at every await).
    private var rebuilding: (day: String, task: Task<RiskEngine, any Error>)?
    /// Events saved through this server while a build ran, applied to it when it lands.
    private var savedDuringRebuild: [Event] = []
    let logger = Logger(label: "corridorwatch.risk")
    /// Engines as of past times, so a page of history viewed again (or by many) is built once;
    /// dropped when the counts of sites or events change, after ten minutes, or past four.
    private var past: [Date: (engine: RiskEngine, counts: (sites: Int, events: Int), builtAt: Date)] = [:]

    public init(store: any CorridorStore, configuration: RiskConfiguration = .default, now: @escaping @Sendable () -> Date) {
        self.store = store
        self.configuration = configuration
        self.now = now
    }

    /// Builds an engine from the store as the world was at `asOf` (all events known then).
    ///
    /// Events are read a page at a time into the engine, which keeps them packed: no more
    /// than one page of `Event` values is held at once.
    public static func build(store: any CorridorStore, configuration: RiskConfiguration, asOf: Date) async throws -> RiskEngine {
        let sites = try await store.sites(SiteQuery())
        let agencies = try await store.agencies()
        // Mandate coverage feeds the lack of coping capacity once there are rules.
        let mandates = try await store.mandateRules()
        var sources: [any RiskIndicatorSource] = mandates.isEmpty ? [] : [MandateCoverage(book: MandateBook(rules: mandates))]
        // Deadline performance of the crisis cases opened by then, by the province of their first event.
        let cases = try await store.allCrisisCases(openOnly: false).filter { $0.openedAt <= asOf }
        if !cases.isEmpty {
            var provinces: [String: Province] = [:]
            for id in Set(cases.compactMap(\.eventIDs.first)) {
                if let province = try await store.event(id: id)?.province { provinces[id] = province }
            }
            sources.append(ResponsePerformance(cases: cases, asOf: asOf) { c in c.eventIDs.first.flatMap { provinces[$0] } })
        }
        var engine = RiskEngine(sites: sites, agencies: agencies, asOf: asOf, configuration: configuration, sources: sources)
        var query = EventQuery(to: asOf, limit: 1000)
        while true {
            let page = try await store.events(query)
            engine.load(page.items)
            guard let next = page.nextCursor else { break }
            query.cursor = next
        }
        engine.recomputeAll()
        return engine
    }

    /// The current engine; records today's snapshot once a day.
    ///
    /// Only the first engine, and the first of each day, are built while the caller waits.
    /// An engine that is stale by age or by other processes' writes is answered at once
    /// while one rebuild runs behind it: at a million events a build reads for two minutes,
    /// and every view would otherwise wait for it once a minute.
    public func current() async throws -> RiskEngine {
        let time = now()
        let counts = (try await store.siteCount(), try await store.eventCount())
        if let engine, RiskSnapshots.day(engine.asOf) == RiskSnapshots.day(time) {
            // Relabels by other processes change no count: age alone bounds how long an
            // explanation may still show an event under its old label (maxAge plus one build).
            if counts != fingerprint || time.timeIntervalSince(builtAt) >= maxAge, rebuilding == nil {
                _ = rebuild(at: time, counts: counts)
            }
            return engine
        }
        let task = rebuilding.flatMap { $0.day == RiskSnapshots.day(time) ? $0.task : nil } ?? rebuild(at: time, counts: counts)
        let fresh = try await task.value
        if snapshotDay != RiskSnapshots.day(time) {
            snapshotDay = RiskSnapshots.day(time)
            do { _ = try await recordSnapshot(fresh, at: time) } catch {
                snapshotDay = nil
                throw error
            }
        }
        return fresh
    }

    /// Starts building an engine as of `time`; it replaces the cached one when done.
    private func rebuild(at time: Date, counts: (Int, Int)) -> Task<RiskEngine, any Error> {
        let (store, configuration) = (store, configuration)
        let task = Task { try await Self.build(store: store, configuration: configuration, asOf: time) }
        rebuilding = (RiskSnapshots.day(time), task)
        Task { await self.finish(task, at: time, counts: counts) }
        return task
    }

    private func finish(_ task: Task<RiskEngine, any Error>, at time: Date, counts: (Int, Int)) async {
        let result = await task.result
        if rebuilding?.task == task { rebuilding = nil }
        switch result {
        case .success(var fresh):
            // A later build may have finished first; keep the newest.
            guard time >= builtAt || engine == nil else { return }
            for event in savedDuringRebuild { fresh.upsert(event: event) }
            // A newer build under way needs them too.
            if rebuilding == nil { savedDuringRebuild = [] }
            engine = fresh
            builtAt = time
            fingerprint = counts
        case .failure(let error):
            logger.warning("risk engine rebuild failed", metadata: ["error": "\(error)"])
        }
    }

    /// An engine as of a past time; the current one for nil or a time not yet past.
    public func engine(asOf: Date?) async throws -> RiskEngine {
        guard let asOf, asOf < now() else { return try await current() }
        let counts = (sites: try await store.siteCount(), events: try await store.eventCount())
        if let hit = past[asOf], hit.counts == counts, now().timeIntervalSince(hit.builtAt) < 600 { return hit.engine }
        let built = try await Self.build(store: store, configuration: configuration, asOf: asOf)
        if past.count >= 4, let oldest = past.min(by: { $0.value.builtAt < $1.value.builtAt })?.key { past[oldest] = nil }
        past[asOf] = (built, counts, now())
        return built
    }

    /// Stores the day's snapshot of every site and the alerts for classes that rose.
    @discardableResult
    public func recordSnapshot(_ engine: RiskEngine, at time: Date) async throws -> [AlertRecord] {
        let day = RiskSnapshots.day(engine.asOf)
        let previous = try await store.latestSnapshots(before: day)
        let alerts = RiskSnapshots.classRises(previous: previous, current: engine.results, day: day, at: time)
        try await store.save(snapshots: engine.results.map { $0.snapshot(day: day) })
        try await store.save(alerts: alerts)
        return alerts
    }

    /// Applies an event saved through the API to the cached engine: only the sites in its
    /// reach are recomputed.
    public func eventSaved(_ event: Event, outcome: SaveOutcome) {
        guard outcome != .unchanged else { return }
        // The build under way may have read the events before this one (the first one too).
        if rebuilding != nil { savedDuringRebuild.append(event) }
        guard engine != nil else { return }
        engine?.upsert(event: event)
        if outcome == .inserted { fingerprint.events += 1 }
    }

    public func siteSaved(_ site: Site, outcome: SaveOutcome) {
        guard engine != nil, outcome != .unchanged else { return }
        engine?.upsert(site: site)
        if outcome == .inserted { fingerprint.sites += 1 }
    }
}
