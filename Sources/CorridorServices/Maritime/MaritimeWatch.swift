import CorridorCore
import CorridorMaritime
import CorridorStore
import Foundation
import Logging
import Metrics

/// The server's maritime detectors: every stored batch of every AIS feed goes through one
/// ``CorridorMaritime/MaritimeMonitor``, and what it reports becomes maritime events.
///
/// A raised or revised detection goes through the ``EventIntake`` as a live event with its
/// evidence, and a raise also records an alert (`maritime.detection`); a withdrawn one
/// removes the event (audited as `withdraw` with the reason) and records a
/// `maritime.withdrawn` alert. Storing a detection never holds up the feed's positions,
/// which are already stored when the batch arrives here; a failure is logged and counted.
public actor MaritimeWatch {
    public static let actor = AuditActor.system("maritime-watch")

    let intake: EventIntake
    private var monitor: MaritimeMonitor
    private var events: DetectionEvents
    let now: @Sendable () -> Date
    let logger: Logger
    public private(set) var failures = 0

    public init(
        intake: EventIntake, configuration: MaritimeMonitor.Configuration = .corridor(), sites: [Site],
        now: @escaping @Sendable () -> Date = Date.init, logger: Logger = Logger(label: "corridorwatch.maritime")
    ) {
        self.intake = intake
        monitor = MaritimeMonitor(configuration: configuration)
        events = DetectionEvents(sites: sites, zones: configuration.zones)
        self.now = now
        self.logger = logger
    }

    /// Loads the sites to link detections to, then builds the watch.
    public static func start(
        store: any CorridorStore, intake: EventIntake, configuration: MaritimeMonitor.Configuration = .corridor(), logger: Logger
    ) async throws -> MaritimeWatch {
        let sites = try await store.sites(SiteQuery())
        return MaritimeWatch(intake: intake, configuration: configuration, sites: sites, logger: logger)
    }

    public var counts: MaritimeMonitor.Counts { monitor.counts }

    /// Runs a stored batch through the detectors and records what changed; returns the updates.
    @discardableResult
    public func process(positions: [VesselPosition], statics: [Vessel], at newest: Date?) async -> [DetectionUpdate] {
        let updates = monitor.observe(positions: positions, statics: statics, at: newest)
        for update in updates { await record(update) }
        return updates
    }

    /// Moves the clock (open gaps, encounters that ended) without new reports.
    @discardableResult
    public func advance(to time: Date) async -> [DetectionUpdate] {
        let updates = monitor.advance(to: time.timeIntervalSince1970)
        for update in updates { await record(update) }
        return updates
    }

    func record(_ update: DetectionUpdate) async {
        let d = update.detection
        Counter(
            label: "corridorwatch_maritime_detections_total", dimensions: [("kind", d.kind.rawValue), ("change", update.change.rawValue)]
        ).increment()
        let id = DetectionEvents.eventID(d)
        do {
            switch update.change {
            case .raised, .revised:
                guard let event = events.event(for: d, reportedAt: now()) else { return }
                let evidence = String(decoding: DetectionExport.featureCollection([d]), as: UTF8.self)
                let time = now()
                // Only a first raise is news; a revision updates the event and its alerts.
                try await intake.save(
                    event, by: Self.actor, mode: .live, evidence: evidence,
                    ownAlerts: { stored in [AlertRecord(kind: .maritimeDetection, event: stored, at: time)] })
            case .withdrawn:
                let withdrawn = events.event(for: d, reportedAt: now()).map { [alert($0, kind: .maritimeWithdrawn)] } ?? []
                try await intake.withdraw(
                    eventID: id, reason: "withdrawn: later reports show no \(d.kind.rawValue) (\(d.id))", by: Self.actor, alerts: withdrawn)
            }
        } catch {
            failures += 1
            logger.error("recording a maritime detection failed", metadata: ["detection": "\(d.id)", "error": "\(error)"])
        }
    }

    func alert(_ event: Event, kind: AlertKind) -> AlertRecord { AlertRecord(kind: kind, event: event, at: now()) }
}
