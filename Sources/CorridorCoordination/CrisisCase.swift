import CorridorCore
import Foundation

/// One shared case per crisis: the events it is about, who leads and supports, where it
/// stands, its deadlines, and everything that happened to it.
public struct CrisisCase: Sendable, Hashable, Codable, Identifiable {
    /// `reported → acknowledged → responding → contained → recovery → closed`.
    public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        case reported, acknowledged, responding, contained, recovery, closed
    }

    public var id: String
    public var title: String
    /// True when the title was taken from the first event (not given by whoever opened the
    /// case): it is then re-derived when that event changes, so it never keeps a label or
    /// text the event no longer has.
    public var titleFromEvent: Bool = false
    public var status: Status
    public var openedAt: Date
    public var eventIDs: [String]
    public var lead: String?
    public var supporting: [String]
    /// The mandate rule that chose the lead (nil: chosen by hand, or a gap/overlap).
    public var mandateRule: String?
    public var acknowledgeBy: Date
    public var respondBy: Date
    public var tlp: TLP
    /// The agency that opened it (TLP AMBER readers), if any.
    public var originAgency: String?
    public var tasks: [CaseTask] = []
    public var timeline: [CaseEntry]

    public init(
        id: String, title: String, openedAt: Date, eventIDs: [String], lead: String?, supporting: [String], mandateRule: String?,
        acknowledgeWithin: Double, respondWithin: Double, tlp: TLP, originAgency: String?, actor: String
    ) {
        self.id = id
        self.title = title
        status = .reported
        self.openedAt = openedAt
        self.eventIDs = eventIDs
        self.lead = lead
        self.supporting = supporting
        self.mandateRule = mandateRule
        acknowledgeBy = openedAt.addingTimeInterval(acknowledgeWithin)
        respondBy = openedAt.addingTimeInterval(respondWithin)
        self.tlp = tlp
        self.originAgency = originAgency
        timeline = [
            CaseEntry(at: openedAt, actor: actor, kind: .opened, note: lead.map { "lead \($0)" } ?? "no lead agency from the mandates")
        ]
    }

    enum CodingKeys: String, CodingKey {
        case id, title, titleFromEvent = "title_from_event", status, openedAt = "opened_at", eventIDs = "event_ids", lead, supporting,
            mandateRule = "mandate_rule"
        case acknowledgeBy = "acknowledge_by", respondBy = "respond_by", tlp, originAgency = "origin_agency", tasks, timeline
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        title = try c.decode(String.self, forKey: .title)
        // Cases stored before the flag existed keep their title as it is.
        titleFromEvent = try c.decodeIfPresent(Bool.self, forKey: .titleFromEvent) ?? false
        status = try c.decode(Status.self, forKey: .status)
        openedAt = try c.decode(Date.self, forKey: .openedAt)
        eventIDs = try c.decode([String].self, forKey: .eventIDs)
        lead = try c.decodeIfPresent(String.self, forKey: .lead)
        supporting = try c.decode([String].self, forKey: .supporting)
        mandateRule = try c.decodeIfPresent(String.self, forKey: .mandateRule)
        acknowledgeBy = try c.decode(Date.self, forKey: .acknowledgeBy)
        respondBy = try c.decode(Date.self, forKey: .respondBy)
        tlp = try c.decode(TLP.self, forKey: .tlp)
        originAgency = try c.decodeIfPresent(String.self, forKey: .originAgency)
        // Cases stored before tasks existed have none.
        tasks = try c.decodeIfPresent([CaseTask].self, forKey: .tasks) ?? []
        timeline = try c.decode([CaseEntry].self, forKey: .timeline)
    }
}

/// One line of a case's timeline.
public struct CaseEntry: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable {
        case opened, transition, reopened, note, linkedEvent = "linked_event", reassigned, escalated, task
    }

    public var at: Date
    public var actor: String
    public var kind: Kind
    public var from: CrisisCase.Status?
    public var to: CrisisCase.Status?
    public var note: String

    public init(at: Date, actor: String, kind: Kind, from: CrisisCase.Status? = nil, to: CrisisCase.Status? = nil, note: String) {
        self.at = at
        self.actor = actor
        self.kind = kind
        self.from = from
        self.to = to
        self.note = note
    }
}

/// What can be done to a case, as pure functions: each returns the changed case or throws
/// a ``CaseError`` saying why not.
public enum CaseLifecycle {
    /// The valid moves. Containment can fail and recovery can relapse (back to responding);
    /// nothing skips a step; a closed case only reopens (``reopen(_:to:reason:at:actor:)``).
    public static let transitions: [CrisisCase.Status: Set<CrisisCase.Status>] = [
        .reported: [.acknowledged],
        .acknowledged: [.responding],
        .responding: [.contained],
        .contained: [.recovery, .responding],
        .recovery: [.closed, .responding],
        .closed: [],
    ]

    public static func canMove(from: CrisisCase.Status, to: CrisisCase.Status) -> Bool { transitions[from]?.contains(to) ?? false }

    public static func move(
        _ c: CrisisCase, to status: CrisisCase.Status, note: String, at: Date, actor: String
    ) throws(CaseError) -> CrisisCase {
        guard canMove(from: c.status, to: status) else {
            let allowed = (transitions[c.status] ?? []).map(\.rawValue).sorted()
            throw .invalidTransition(from: c.status, to: status, allowed: allowed)
        }
        var changed = c
        changed.status = status
        changed.timeline.append(CaseEntry(at: at, actor: actor, kind: .transition, from: c.status, to: status, note: note))
        return changed
    }

    /// A closed case opens again (to `responding` by default), with the reason recorded.
    public static func reopen(
        _ c: CrisisCase, to status: CrisisCase.Status = .responding, reason: String, at: Date, actor: String
    )
        throws(CaseError) -> CrisisCase
    {
        guard c.status == .closed else { throw .notClosed(c.status) }
        guard !reason.trimmingCharacters(in: .whitespaces).isEmpty else { throw .reasonRequired }
        guard status != .closed else { throw .invalidTransition(from: .closed, to: .closed, allowed: []) }
        var changed = c
        changed.status = status
        changed.timeline.append(CaseEntry(at: at, actor: actor, kind: .reopened, from: .closed, to: status, note: reason))
        return changed
    }

    public static func reassign(_ c: CrisisCase, lead: String, reason: String, at: Date, actor: String) throws(CaseError) -> CrisisCase {
        guard !reason.trimmingCharacters(in: .whitespaces).isEmpty else { throw .reasonRequired }
        var changed = c
        changed.timeline.append(CaseEntry(at: at, actor: actor, kind: .reassigned, note: "lead \(c.lead ?? "none") → \(lead): \(reason)"))
        changed.lead = lead
        changed.supporting.removeAll { $0 == lead }
        changed.mandateRule = nil
        return changed
    }

    /// Links another report of the same crisis (several agencies reporting one attack).
    public static func link(_ c: CrisisCase, event: String, at: Date, actor: String) throws(CaseError) -> CrisisCase {
        guard !c.eventIDs.contains(event) else { throw .alreadyLinked(event) }
        var changed = c
        changed.eventIDs.append(event)
        changed.timeline.append(CaseEntry(at: at, actor: actor, kind: .linkedEvent, note: event))
        return changed
    }

    public static func note(_ c: CrisisCase, _ text: String, at: Date, actor: String) throws(CaseError) -> CrisisCase {
        guard !text.trimmingCharacters(in: .whitespaces).isEmpty else { throw .reasonRequired }
        var changed = c
        changed.timeline.append(CaseEntry(at: at, actor: actor, kind: .note, note: text))
        return changed
    }
}

public enum CaseError: Error, Equatable, CustomStringConvertible {
    case invalidTransition(from: CrisisCase.Status, to: CrisisCase.Status, allowed: [String])
    case notClosed(CrisisCase.Status)
    case reasonRequired
    case alreadyLinked(String)
    case closedCase
    case duplicateTask(String)
    case noSuchTask(String)
    case noAssignee(String)

    public var description: String {
        switch self {
        case .invalidTransition(let from, let to, let allowed):
            "a case cannot go from \(from.rawValue) to \(to.rawValue)"
                + (allowed.isEmpty
                    ? " (a closed case can only be reopened)" : "; from \(from.rawValue) it can go to \(allowed.joined(separator: ", "))")
        case .notClosed(let s): "only a closed case can be reopened; this one is \(s.rawValue)"
        case .reasonRequired: "a reason (or note) is required"
        case .alreadyLinked(let e): "event \(e) is already linked to this case"
        case .closedCase: "the case is closed; reopen it first"
        case .duplicateTask(let id): "the case already has a task \(id)"
        case .noSuchTask(let id): "the case has no task \(id)"
        case .noAssignee(let title): "nobody to assign \"\(title)\" to: the case has no lead agency"
        }
    }
}
