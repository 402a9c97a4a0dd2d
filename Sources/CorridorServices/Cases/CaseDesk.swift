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

    /// Brings the cases holding a changed event into line with it (S5): a title taken from the
    /// event is decided again for the event as it is now (withheld once a case reader may no
    /// longer read it), the case's label rises with the event's up to AMBER (above that its
    /// readers, the agencies of the mandate, would lose the case; the withheld title keeps the
    /// event's text from them instead), and the case's alerts are revised to match, so no
    /// channel keeps serving the old title or label. Returns the cases changed.
    @discardableResult
    public func eventChanged(_ event: Event) async -> [CrisisCase] {
        var changed: [CrisisCase] = []
        do {
            for found in try await store.crisisCases(holdingEvent: event.id) {
                // A racing change to the case (a note, another server's escalation) makes the
                // replace fail: read the case again and decide anew, as the API does.
                var current: CrisisCase? = found
                for _ in 0..<5 {
                    guard let c = current else { break }
                    let revised = Self.inLine(c, with: event, at: now())
                    if revised == c {
                        // Already in line (perhaps by an earlier pass that did not get to the alerts).
                        try await reviseAlerts(of: c, event: event)
                        break
                    }
                    if try await store.replace(crisisCase: revised, expected: c, action: .caseNote, by: Self.actor, alerts: []) {
                        try await reviseAlerts(of: revised, event: event)
                        changed.append(revised)
                        break
                    }
                    current = try await store.crisisCase(id: c.id)
                }
            }
        } catch {
            logger.error("bringing cases into line with a changed event failed", metadata: ["event": "\(event.id)", "error": "\(error)"])
        }
        return changed
    }

    /// Whether the case's title follows this event: taken from it at opening (or, for cases
    /// stored before that was recorded, still equal to its title).
    static func titleFollows(_ c: CrisisCase, _ event: Event) -> Bool {
        c.eventIDs.first == event.id && (c.titleFromEvent || c.title == event.title)
    }

    /// The case as it should be now that `event` changed; the case itself when nothing differs.
    static func inLine(_ c: CrisisCase, with event: Event, at time: Date) -> CrisisCase {
        var revised = c
        revised.tlp = max(c.tlp, min(event.tlp, .amber))
        if titleFollows(c, event) {
            revised.title = CaseOpening.title(for: event, readers: CaseOpening.readers(of: c))
            revised.titleFromEvent = true
        }
        guard revised != c else { return c }
        revised.timeline.append(
            CaseEntry(
                at: time, actor: Self.actor.name, kind: .note,
                note: "event \(event.id) changed: case title and label brought into line with it"))
        return revised
    }

    /// Every alert raised about the case, re-titled and re-labelled as the case is now. Their
    /// ids are known from the case: one opening, at most two escalations per deadline, and
    /// closures and reassignments numbered by the timeline entry they followed. An alert that
    /// also reaches an agency outside the case (the authority an escalation notifies) gets the
    /// title decided for that agency too.
    private func reviseAlerts(of c: CrisisCase, event: Event) async throws {
        var ids = ["\(AlertKind.caseOpened)-\(c.id)"]
        for deadline in ["acknowledge", "respond"] {
            for level in 1...2 { ids.append("\(AlertKind.caseEscalated)-\(c.id)-\(deadline)-\(level)") }
        }
        for entry in 0...c.timeline.count {
            ids += ["\(AlertKind.caseClosed)-\(c.id)-\(entry)", "\(AlertKind.caseReassigned)-\(c.id)-\(entry)"]
        }
        let caseReaders = CaseOpening.readers(of: c)
        for id in ids {
            guard var alert = try await store.alert(id: id) else { continue }
            let readers = caseReaders.union(alert.sharedWithAgencies)
            let caseTitle =
                Self.titleFollows(c, event) && readers != caseReaders ? CaseOpening.title(for: event, readers: readers) : c.title
            let title = "\(Self.verb[alert.kind] ?? "Opened"): \(caseTitle)"
            let tlp = max(c.tlp, .green)
            guard alert.title != title || alert.tlp != tlp else { continue }
            alert.title = title
            alert.tlp = tlp
            alert.seq = nil
            _ = try await store.revise(alert: alert)
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
