import CorridorCore
import Foundation

/// A piece of work within a case, assigned to an agency (and optionally one of its users).
public struct CaseTask: Sendable, Hashable, Codable, Identifiable {
    public enum Status: String, Sendable, Hashable, Codable, CaseIterable { case open, done, cancelled }

    public var id: String
    public var title: String
    public var agency: String
    public var user: String?
    public var due: Date
    public var status: Status

    public init(id: String, title: String, agency: String, user: String? = nil, due: Date, status: Status = .open) {
        self.id = id
        self.title = title
        self.agency = agency
        self.user = user
        self.due = due
        self.status = status
    }
}

/// A task template of a playbook: who does it (`lead`, `supporting`, or an agency id) and
/// how long after the playbook is applied it is due.
public struct TaskTemplate: Sendable, Hashable, Codable {
    public var title: String
    public var assignee: String
    public var dueWithin: Double

    public init(title: String, assignee: String, dueWithin: Double) {
        self.title = title
        self.assignee = assignee
        self.dueWithin = dueWithin
    }

    enum CodingKeys: String, CodingKey { case title, assignee, dueWithin = "due_within" }
}

/// The tasks to start with for a kind of crisis, keyed by event type.
///
/// Playbooks are data: the stored set (`PUT /api/v1/playbooks`) replaces these built-in
/// ones as a whole once saved.
public enum Playbooks {
    /// The stored playbooks, or the built-in ``defaults`` while none are stored.
    public static func effective(stored: [String: [TaskTemplate]]) -> [String: [TaskTemplate]] {
        stored.isEmpty ? defaults : stored
    }

    /// Everything wrong with a set of playbooks, each naming the event type and task:
    /// unknown event types, empty or long titles, assignees that are neither `lead`,
    /// `supporting` nor a known agency, and due times outside 1 minute to 30 days.
    public static func problems(_ book: [String: [TaskTemplate]], agencies: Set<String>) -> [String] {
        var out: [String] = []
        for (type, templates) in book.sorted(by: { $0.key < $1.key }) {
            if EventTaxonomy.domain(ofType: type) == nil { out.append("\(type): not an event type") }
            if templates.isEmpty { out.append("\(type): has no tasks") }
            if templates.count > 50 { out.append("\(type): more than 50 tasks") }
            for (i, t) in templates.enumerated() {
                let at = "\(type)[\(i)]"
                let title = t.title.trimmingCharacters(in: .whitespacesAndNewlines)
                if title.isEmpty || title.count > 200 { out.append("\(at).title: must be 1 to 200 characters") }
                if !["lead", "supporting"].contains(t.assignee), !agencies.contains(t.assignee) {
                    out.append("\(at).assignee: \"\(t.assignee)\" is not lead, supporting or a known agency")
                }
                if !(60...2_592_000).contains(t.dueWithin) { out.append("\(at).due_within: must be 60 to 2592000 seconds") }
            }
        }
        return out
    }

    /// ILLUSTRATIVE defaults, written by the team from the response steps these crises call
    /// for; not any agency's procedure.
    public static let defaults: [String: [TaskTemplate]] = [
        // An attack on a convoy (armed assault, IED or suicide attack on the road).
        "armed_assault": convoy, "ied": convoy, "suicide_attack": convoy,
        "ransomware": [
            TaskTemplate(title: "Isolate affected port systems from the network", assignee: "lead", dueWithin: 1800),
            TaskTemplate(title: "Preserve logs and images for forensics", assignee: "lead", dueWithin: 3600),
            TaskTemplate(title: "Switch terminal operations to manual procedures", assignee: "supporting", dueWithin: 3600),
            TaskTemplate(title: "Notify the national CERT and affected partners", assignee: "lead", dueWithin: 7200),
        ],
        "land_dispute": [
            TaskTemplate(title: "Send a liaison to meet the protesters' representatives", assignee: "lead", dueWithin: 3600),
            TaskTemplate(title: "Keep site access open without force", assignee: "supporting", dueWithin: 1800),
            TaskTemplate(title: "Record the grievance and the land records in question", assignee: "lead", dueWithin: 86_400),
        ],
    ]

    static let convoy: [TaskTemplate] = [
        TaskTemplate(title: "Secure the scene and the remaining convoy vehicles", assignee: "lead", dueWithin: 900),
        TaskTemplate(title: "Casualty evacuation to the nearest trauma centre", assignee: "supporting", dueWithin: 1800),
        TaskTemplate(title: "Hold further movements on the route", assignee: "lead", dueWithin: 900),
        TaskTemplate(title: "Account for every foreign national in the area", assignee: "supporting", dueWithin: 3600),
    ]
}

extension CaseLifecycle {
    public static func addTask(_ c: CrisisCase, _ task: CaseTask, at: Date, actor: String) throws(CaseError) -> CrisisCase {
        guard c.status != .closed else { throw .closedCase }
        guard !c.tasks.contains(where: { $0.id == task.id }) else { throw .duplicateTask(task.id) }
        var changed = c
        changed.tasks.append(task)
        changed.timeline.append(
            CaseEntry(
                at: at, actor: actor, kind: .task,
                note: "task \(task.id) \"\(task.title)\" → \(task.agency), due \(DateFormats.format(task.due))"))
        return changed
    }

    public static func setTask(
        _ c: CrisisCase, id: String, status: CaseTask.Status, at: Date, actor: String
    ) throws(CaseError) -> CrisisCase {
        guard let i = c.tasks.firstIndex(where: { $0.id == id }) else { throw .noSuchTask(id) }
        guard c.tasks[i].status != status else { return c }
        var changed = c
        changed.tasks[i].status = status
        changed.timeline.append(CaseEntry(at: at, actor: actor, kind: .task, note: "task \(id) \(status.rawValue)"))
        return changed
    }

    /// The playbook's tasks, assigned to the case's lead (or the first supporting agency), due
    /// from `at`. A template for an absent role falls to the lead; with no lead at all it is
    /// refused, since nobody could be assigned.
    public static func applyPlaybook(_ c: CrisisCase, _ templates: [TaskTemplate], at: Date, actor: String) throws(CaseError) -> CrisisCase
    {
        var changed = c
        for t in templates {
            let agency: String?
            switch t.assignee {
            case "lead": agency = c.lead
            case "supporting": agency = c.supporting.first ?? c.lead
            default: agency = t.assignee
            }
            guard let agency else { throw .noAssignee(t.title) }
            let task = CaseTask(id: "t\(changed.tasks.count + 1)", title: t.title, agency: agency, due: at.addingTimeInterval(t.dueWithin))
            changed = try addTask(changed, task, at: at, actor: actor)
        }
        return changed
    }
}
