import CorridorAccess
import CorridorCoordination
import CorridorCore
import CorridorServices
import CorridorStore
import Foundation
import Hummingbird

/// `/api/v1/cases`: joint crisis cases. Opening resolves the lead and supporting agencies and
/// the deadlines from the mandates; every change is a lifecycle step checked by
/// `CaseLifecycle`, recorded on the case's timeline and in the audit log.
struct CasesController {
    let store: any CorridorStore
    let now: @Sendable () -> Date
    /// The agency deadlines escalate to last (the corridor authority): it may act on any case.
    let authority: String

    func register(on routes: Routes) {
        routes.get("cases", .signedIn, use: list)
        routes.post("cases", .writers, use: open)
        routes.get("cases/:id", .signedIn, use: get)
        routes.post("cases/:id/transitions", .writers, use: transition)
        routes.post("cases/:id/reopen", .writers, use: reopen)
        routes.post("cases/:id/notes", .writers, use: note)
        routes.post("cases/:id/events", .writers, use: link)
        routes.put("cases/:id/lead", .siteEditors, use: reassign)
        routes.post("cases/:id/tasks", .writers, use: addTask)
        routes.put("cases/:id/tasks/:task/status", .writers, use: setTask)
        routes.post("cases/:id/playbook", .writers, use: playbook)
    }

    struct TaskBody: Decodable {
        let title: String
        let agency: String
        let user: String?
        /// `90s`, `15m`, `2h`, `1d` from now.
        let dueIn: String
        enum CodingKeys: String, CodingKey { case title, agency, user, dueIn = "due_in" }
    }

    @Sendable func addTask(_ request: Request, context: CorridorRequestContext) async throws -> Response {
        let body = try await JSONBody.decode(TaskBody.self, from: request, context: context)
        guard !body.title.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw Problem(.unprocessableContent, "title: required", field: "title")
        }
        guard let seconds = MandateDuration.parse(body.dueIn), seconds > 0 else {
            throw Problem(.unprocessableContent, "due_in: \"\(body.dueIn)\" is not a duration (e.g. 15m, 2h, 1d)", field: "due_in")
        }
        guard try await store.agencies().contains(where: { $0.id == body.agency }) else {
            throw Problem(.unprocessableContent, "agency: no agency \(body.agency)", field: "agency")
        }
        let time = now()
        return try await change(context, action: .caseTask) { c, actor throws(CaseError) in
            let task = CaseTask(
                id: "t\(c.tasks.count + 1)", title: body.title, agency: body.agency, user: body.user, due: time.addingTimeInterval(seconds))
            return try CaseLifecycle.addTask(c, task, at: time, actor: actor)
        }
    }

    struct TaskStatusBody: Decodable { let status: CaseTask.Status }

    @Sendable func setTask(_ request: Request, context: CorridorRequestContext) async throws -> Response {
        let body = try await JSONBody.decode(TaskStatusBody.self, from: request, context: context)
        let task = try context.parameters.require("task")
        let time = now()
        return try await change(context, action: .caseTask) { c, actor throws(CaseError) in
            try CaseLifecycle.setTask(c, id: task, status: body.status, at: time, actor: actor)
        }
    }

    struct PlaybookBody: Decodable {
        let eventType: String?
        enum CodingKeys: String, CodingKey { case eventType = "event_type" }
    }

    /// Adds the tasks of the playbook for `event_type` (default: the first event's type).
    @Sendable func playbook(_ request: Request, context: CorridorRequestContext) async throws -> Response {
        let body = try await JSONBody.decode(PlaybookBody.self, from: request, context: context)
        let c = try await readable(context)
        var type = body.eventType
        if type == nil, let first = c.eventIDs.first { type = try await store.event(id: first)?.type }
        let book = Playbooks.effective(stored: try await store.playbooks())
        guard let type, let templates = book[type] else {
            let known = book.keys.sorted().joined(separator: ", ")
            throw Problem(
                .unprocessableContent, "event_type: no playbook for \(type ?? "this case") (playbooks: \(known))", field: "event_type")
        }
        let time = now()
        return try await change(context, action: .casePlaybook) { c, actor throws(CaseError) in
            try CaseLifecycle.applyPlaybook(c, templates, at: time, actor: actor)
        }
    }

    struct OpenBody: Decodable {
        let eventIDs: [String]
        let title: String?
        let tlp: TLP?
        enum CodingKeys: String, CodingKey { case eventIDs = "event_ids", title, tlp }
    }

    @Sendable func open(_ request: Request, context: CorridorRequestContext) async throws -> Response {
        let body = try await JSONBody.decode(OpenBody.self, from: request, context: context)
        guard !body.eventIDs.isEmpty else { throw Problem(.unprocessableContent, "event_ids: at least one event", field: "event_ids") }
        var events: [Event] = []
        for (i, id) in body.eventIDs.enumerated() {
            guard let e = try await store.event(id: id), e.isReadable(by: context.principal) else {
                throw Problem(.unprocessableContent, "event_ids[\(i)]: no event \(id)", field: "event_ids[\(i)]")
            }
            events.append(e)
        }
        let c = try await CaseOpening.open(
            for: events, title: body.title, tlp: body.tlp, store: store, at: now(), actor: context.auditActor.name,
            agency: context.principal?.agencyID)
        try await store.save(
            crisisCase: c, action: .caseOpen, by: context.auditActor,
            alerts: [
                CaseDesk.alert(
                    c, kind: .caseOpened, at: now(), details: ["reason": "opened by \(context.auditActor.name)"],
                    siteID: events[0].siteIDs.first)
            ])
        return try JSONBody.response(c, status: .created, headers: [.location: "/api/v1/cases/\(c.id)"])
    }

    @Sendable func list(_ request: Request, context: CorridorRequestContext) async throws -> Response {
        let q = try QueryParameters(request, also: ["status"])
        let openOnly: Bool
        switch q["status"] {
        case nil, "open": openOnly = true
        case "all": openOnly = false
        case let other?: throw Problem.badParameter("status", "\"\(other)\": use open or all")
        }
        struct Items: Encodable { let items: [CrisisCase] }
        let cases = try await store.crisisCases(openOnly: openOnly, limit: try q.int("limit", range: 1...1000) ?? 100)
        return try JSONBody.response(Items(items: cases.filter { AccessPolicy.canRead($0.sharing, by: context.principal) }))
    }

    func readable(_ context: CorridorRequestContext) async throws -> CrisisCase {
        let id = try context.parameters.require("id")
        guard let c = try await store.crisisCase(id: id), AccessPolicy.canRead(c.sharing, by: context.principal) else {
            throw Problem.notFound("case \(id)")
        }
        return c
    }

    @Sendable func get(_ request: Request, context: CorridorRequestContext) async throws -> JSONDocument<CrisisCase> {
        JSONDocument(try await readable(context))
    }

    /// Applies a lifecycle step; a refused step is 409 with the reason.
    /// `alerts` are the alerts the changed case raises, stored with it.
    func change(
        _ context: CorridorRequestContext, action: AuditAction, alerts: (CrisisCase) -> [AlertRecord] = { _ in [] },
        _ step: (CrisisCase, String) throws(CaseError) -> CrisisCase
    ) async throws -> Response {
        // Two people (or servers) may change a case at once: the write lands only on the state
        // it was computed from; otherwise the step runs again on the fresh case.
        for _ in 0..<5 {
            let c = try await readable(context)
            // Reading a case is not enough to steer it (S14): its agencies act on it.
            let acting = Set([c.originAgency, c.lead, authority].compactMap { $0 } + c.supporting)
            guard let agency = context.principal?.agencyID, acting.contains(agency) else {
                throw Problem(.forbidden, "only the case's lead, supporting or reporting agency, or \(authority), may change it")
            }
            let changed: CrisisCase
            do { changed = try step(c, context.auditActor.name) } catch { throw Problem(.conflict, error.description) }
            if try await store.replace(crisisCase: changed, expected: c, action: action, by: context.auditActor, alerts: alerts(changed)) {
                return try JSONBody.response(changed)
            }
        }
        throw Problem(.conflict, "the case is being changed by others right now; try again")
    }

    struct TransitionBody: Decodable {
        let to: CrisisCase.Status
        let note: String?
    }

    @Sendable func transition(_ request: Request, context: CorridorRequestContext) async throws -> Response {
        let body = try await JSONBody.decode(TransitionBody.self, from: request, context: context)
        let time = now()
        let closing: (CrisisCase) -> [AlertRecord] = { c in
            guard body.to == .closed else { return [] }
            let seconds = Int(time.timeIntervalSince(c.openedAt))
            return [
                CaseDesk.alert(
                    c, kind: .caseClosed, at: time, details: ["open_for_seconds": String(seconds)], suffix: String(c.timeline.count))
            ]
        }
        return try await change(context, action: .caseTransition, alerts: closing) { c, actor throws(CaseError) in
            try CaseLifecycle.move(c, to: body.to, note: body.note ?? "", at: time, actor: actor)
        }
    }

    struct ReasonBody: Decodable {
        let reason: String
        let to: CrisisCase.Status?
    }

    @Sendable func reopen(_ request: Request, context: CorridorRequestContext) async throws -> Response {
        let body = try await JSONBody.decode(ReasonBody.self, from: request, context: context)
        let time = now()
        return try await change(context, action: .caseReopen) { c, actor throws(CaseError) in
            try CaseLifecycle.reopen(c, to: body.to ?? .responding, reason: body.reason, at: time, actor: actor)
        }
    }

    struct NoteBody: Decodable { let note: String }

    @Sendable func note(_ request: Request, context: CorridorRequestContext) async throws -> Response {
        let body = try await JSONBody.decode(NoteBody.self, from: request, context: context)
        let time = now()
        return try await change(context, action: .caseNote) { c, actor throws(CaseError) in
            try CaseLifecycle.note(c, body.note, at: time, actor: actor)
        }
    }

    struct LinkBody: Decodable {
        let eventID: String
        enum CodingKeys: String, CodingKey { case eventID = "event_id" }
    }

    @Sendable func link(_ request: Request, context: CorridorRequestContext) async throws -> Response {
        let body = try await JSONBody.decode(LinkBody.self, from: request, context: context)
        guard let e = try await store.event(id: body.eventID), e.isReadable(by: context.principal) else {
            throw Problem(.unprocessableContent, "event_id: no event \(body.eventID)", field: "event_id")
        }
        let time = now()
        return try await change(context, action: .caseLink) { c, actor throws(CaseError) in
            try CaseLifecycle.link(c, event: e.id, at: time, actor: actor)
        }
    }

    struct LeadBody: Decodable {
        let lead: String
        let reason: String
    }

    @Sendable func reassign(_ request: Request, context: CorridorRequestContext) async throws -> Response {
        let body = try await JSONBody.decode(LeadBody.self, from: request, context: context)
        guard try await store.agencies().contains(where: { $0.id == body.lead }) else {
            throw Problem(.unprocessableContent, "lead: no agency \(body.lead)", field: "lead")
        }
        let time = now()
        // The new lead hears of it at once (the alert reaches the agencies that read the case).
        let reassigned: (CrisisCase) -> [AlertRecord] = { c in
            [CaseDesk.alert(c, kind: .caseReassigned, at: time, details: ["reason": body.reason], suffix: String(c.timeline.count))]
        }
        // A new lead is a new reader: a title copied from the first event stays only if it may read it.
        let first = try await readable(context).eventIDs.first.asyncMap { try await store.event(id: $0) } ?? nil
        return try await change(context, action: .caseReassign, alerts: reassigned) { c, actor throws(CaseError) in
            var changed = try CaseLifecycle.reassign(c, lead: body.lead, reason: body.reason, at: time, actor: actor)
            if let first, changed.titleFromEvent || changed.title == first.title {
                changed.title = CaseOpening.title(for: first, readers: CaseOpening.readers(of: changed))
                changed.titleFromEvent = true
            }
            return changed
        }
    }
}

/// Opening a case, as the API does it (also for the escalation tests and the demo).
