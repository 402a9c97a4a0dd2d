import CorridorAccess
import CorridorCoordination
import CorridorCore
import CorridorStore
import Foundation

/// The one way an event enters, changes or leaves the store, whoever brings it: the API, the
/// web form, a file import, the demo, the maritime detectors, and the capabilities to come.
///
/// Each path used to do part of the follow-up by hand; here it is decided once:
///
/// | what happened | always | ``Mode/live`` only |
/// |---|---|---|
/// | inserted | audit (in the store's transaction), metrics, risk | the path's own alerts, the alert rule's alerts, a crisis case |
/// | updated | audit, metrics, risk, the event's alerts brought in line | alerts it newly meets |
/// | unchanged | metrics | |
/// | withdrawn | audit, the event's alerts marked withdrawn, the path's own alerts | |
///
/// ```swift
/// let intake = EventIntake(store: store, risk: risk, alerts: EventAlerts(store: store), cases: desk)
/// let (outcome, stored) = try await intake.save(event, by: actor, originatedBy: "balochistan-police", mode: .live)
/// ```
public struct EventIntake: Sendable {
    /// Whether an event is news or a record of the past.
    public enum Mode: String, Sendable, CaseIterable {
        /// A record of the past (a file of history): stored, counted and scored, but no alert,
        /// public warning or crisis case claims it is happening now.
        case history
        /// A report of something happening now: alerts and cases follow.
        case live
    }

    let store: any CorridorStore
    let risk: RiskService?
    let alerts: EventAlerts
    let cases: CaseDesk?

    /// - Parameters:
    ///   - risk: the engine to keep current; nil where no engine is held (a CLI import: the
    ///     server picks the new counts up by itself).
    ///   - cases: opens crisis cases for live events that meet the opening rule; nil for none.
    public init(store: any CorridorStore, risk: RiskService? = nil, alerts: EventAlerts, cases: CaseDesk? = nil) {
        self.store = store
        self.risk = risk
        self.alerts = alerts
        self.cases = cases
    }

    /// An intake for work outside a server (a file import, the demo's seeding): the alert rule and
    /// a case desk by `casePolicy`, no risk engine (servers pick the change up from the counts)
    /// and nothing of sign-in, so a command pays for no password hashing it does not use.
    public init(store: any CorridorStore, casePolicy: CasePolicy, now: @escaping @Sendable () -> Date = { Date() }) {
        self.init(
            store: store, alerts: EventAlerts(store: store, now: now),
            cases: CaseDesk(store: store, rule: casePolicy.opening, deadlines: casePolicy.escalation, now: now))
    }

    /// Stores an event and does its follow-up.
    ///
    /// - Parameters:
    ///   - reporter: when set, an existing record changes only if the reporter's agency made it
    ///     and the reporter may read it (``StoreError/notOriginator`` otherwise), checked in
    ///     the store's transaction.
    ///   - evidence: GeoJSON that justifies an automated detection, stored beside it.
    ///   - ownAlerts: alerts of the path's own kind for a newly inserted live event (for example
    ///     `maritime.detection`), recorded before the alert rule's.
    /// - Returns: what the save did and the event as stored.
    @discardableResult
    public func save(
        _ event: Event, by actor: AuditActor, reportedBy reporter: Principal? = nil, mode: Mode, evidence: String? = nil,
        ownAlerts: @Sendable (Event) -> [AlertRecord] = { _ in [] }
    ) async throws -> (SaveOutcome, Event) {
        let (outcome, stored) =
            if let reporter {
                try await store.save(event: event, by: actor, reportedBy: reporter)
            } else {
                try await store.save(event: event, by: actor)
            }
        CorridorMetrics.recordEventSaved(outcome: outcome.rawValue)
        if let evidence { try await store.save(evidence: evidence, forEvent: stored.id) }
        await risk?.eventSaved(stored, outcome: outcome)
        switch (outcome, mode) {
        case (.inserted, .live):
            let own = ownAlerts(stored)
            if !own.isEmpty { _ = try await store.save(alerts: own) }
            await alerts.eventSaved(stored)
            await cases?.eventSaved(stored)
        case (.updated, _):
            // A relabelled record must not leave its old alerts readable under the old label,
            // however it came back (S5): history revises them too, but raises nothing new.
            await alerts.eventChanged(stored, raisingNew: mode == .live)
            await cases?.eventChanged(stored)
        case (.inserted, .history), (.unchanged, _):
            break
        }
        return (outcome, stored)
    }

    /// Removes an event that turned out not to have happened, audited with the reason, and
    /// records the path's alerts about the withdrawal. Returns false if there was no such event.
    @discardableResult
    public func withdraw(eventID: String, reason: String, by actor: AuditActor, alerts: [AlertRecord] = []) async throws -> Bool {
        let event = try await store.event(id: eventID)
        guard try await store.withdraw(eventID: eventID, reason: reason, by: actor) else { return false }
        // The rule's alerts about it (a severe detection near a site) say it was withdrawn.
        if let event { await self.alerts.eventWithdrawn(event) }
        if !alerts.isEmpty { _ = try await store.save(alerts: alerts) }
        return true
    }
}
