import CorridorCoordination
import CorridorCore
import CorridorStore
import Foundation
import Logging

/// The automatic side of crisis cases: opening a case when an event meets the opening rule,
/// and escalating cases whose deadlines pass. Time comes from the injected clock, so tests
/// move it instead of waiting.
public actor CaseDesk {
    public static let actor = AuditActor.system("case-desk")

    let store: any CorridorStore
    let rule: CaseOpeningRule
    let deadlines: CaseDeadlines
    let now: @Sendable () -> Date
    let logger: Logger

    public init(
        store: any CorridorStore, rule: CaseOpeningRule = .init(), deadlines: CaseDeadlines = .init(),
        now: @escaping @Sendable () -> Date = Date.init,
        logger: Logger = Logger(label: "corridorwatch.cases")
    ) {
        self.store = store
        self.rule = rule
        self.deadlines = deadlines
        self.now = now
        self.logger = logger
    }

    /// Opens a case for a new event that meets the rule, unless an open case already has it.
    /// Returns the case opened, if any.
    @discardableResult
    public func eventSaved(_ event: Event) async -> CrisisCase? {
        guard let reason = rule.reason(event) else { return nil }
        do {
            let open = try await store.allCrisisCases(openOnly: true)
            guard !open.contains(where: { $0.eventIDs.contains(event.id) }) else { return nil }
            var c = try await CaseOpening.open(
                for: [event], title: nil, tlp: nil, store: store, at: now(), actor: Self.actor.name, agency: event.originAgency)
            c = try CaseLifecycle.note(c, "opened automatically: \(reason)", at: now(), actor: Self.actor.name)
            try await store.save(
                crisisCase: c, action: .caseOpen, by: Self.actor,
                alerts: [Self.alert(c, kind: .caseOpened, at: now(), details: ["reason": reason], siteID: event.siteIDs.first)])
            return c
        } catch {
            logger.error("opening a case automatically failed", metadata: ["event": "\(event.id)", "error": "\(error)"])
            return nil
        }
    }

    /// Records every escalation now due on the open cases and raises its alert; returns them.
    @discardableResult
    public func checkDeadlines() async throws -> [(case: String, escalation: CaseDeadlines.Escalation)] {
        let time = now()
        var done: [(String, CaseDeadlines.Escalation)] = []
        for c in try await store.allCrisisCases(openOnly: true) {
            let due = deadlines.due(c, now: time)
            guard !due.isEmpty else { continue }
            // Several servers check the same cases: only the one whose write lands escalates.
            let alerts = due.map { e in
                Self.alert(
                    c, kind: .caseEscalated, at: time,
                    details: ["deadline": e.deadline.rawValue, "level": String(e.level), "notify": e.notify ?? "none (mandate gap)"],
                    suffix: "\(e.deadline.rawValue)-\(e.level)", notify: e.notify)
            }
            guard
                try await store.replace(
                    crisisCase: deadlines.record(due, on: c), expected: c, action: .caseEscalate, by: Self.actor, alerts: alerts)
            else { continue }
            done += due.map { (c.id, $0) }
        }
        return done
    }

    static let verb: [AlertKind: String] = [
        .caseOpened: "Opened", .caseEscalated: "Escalated", .caseClosed: "Closed", .caseReassigned: "Reassigned",
    ]

    /// A case alert reaches the agencies that read the case, and whoever an escalation notifies.
    /// It is at least GREEN even for a public case: it tells who leads the response and how
    /// late it is, which is not for the public.
    public static func alert(
        _ c: CrisisCase, kind: AlertKind, at: Date, details: [String: String], siteID: String? = nil, suffix: String = "",
        notify: String? = nil
    ) -> AlertRecord {
        var all = details
        all["case_id"] = c.id
        if let lead = c.lead { all["lead"] = lead }
        return AlertRecord(
            id: "\(kind)-\(c.id)" + (suffix.isEmpty ? "" : "-\(suffix)"), kind: kind, createdAt: at, siteID: siteID,
            tlp: max(c.tlp, .green),
            title: "\(Self.verb[kind] ?? "Opened"): \(c.title)", details: all,
            originAgency: c.originAgency,
            sharedWithAgencies: c.sharing.agencies + (notify.map { [$0] } ?? []))
    }
}
