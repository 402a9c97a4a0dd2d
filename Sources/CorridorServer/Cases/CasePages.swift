import CorridorAccess
import CorridorCoordination
import CorridorCore
import CorridorServices
import CorridorStore
import Foundation
import Hummingbird

/// `/cases` (the open cases), `/cases/{id}` (one case and its timeline) and
/// `/cases/{id}/report` (the printable after-action report: response times against deadlines).
struct CasePages {
    let store: any CorridorStore
    let now: @Sendable () -> Date

    func register(on routes: Routes) {
        routes.get("cases", .signedIn, use: list)
        routes.get("cases/:id", .signedIn, use: show)
        routes.get("cases/:id/report", .signedIn, use: report)
    }

    static func time(_ d: Date) -> String { DateFormats.format(d) }

    @Sendable func list(_ request: Request, context: CorridorRequestContext) async throws -> Response {
        let cases = try await store.crisisCases(openOnly: false, limit: 200).filter {
            AccessPolicy.canRead($0.sharing, by: context.principal)
        }
        let rows = cases.map { c -> SafeHTML in
            """
            <tr><td>\(Self.time(c.openedAt))</td><td><a href="/cases/\(c.id)">\(c.title)</a></td>\
            <td class="case-status" data-status="\(c.status.rawValue)">\(c.status.rawValue)</td><td>\(c.lead ?? "no lead (mandate gap)")</td>\
            <td>\(c.eventIDs.count)</td><td>\(c.tlp.rawValue)</td></tr>
            """
        }
        let body: SafeHTML = """
            <h1>Crisis cases</h1>
            <p>\(cases.count) cases you may read, newest first. Open one with <code>POST /api/v1/cases</code>; severe events open one by themselves.</p>
            <table class="sortable" id="cases-table"><thead><tr><th>Opened</th><th>Title</th><th>Status</th><th>Lead</th><th>Events</th><th>TLP</th></tr></thead>\
            <tbody>\(rows)</tbody></table>
            """
        return HTML.response(HTML.page(title: "Cases", active: "Cases", body: body, context: context))
    }

    func readable(_ context: CorridorRequestContext) async throws -> CrisisCase? {
        let id = try context.parameters.require("id")
        guard let c = try await store.crisisCase(id: id), AccessPolicy.canRead(c.sharing, by: context.principal) else { return nil }
        return c
    }

    @Sendable func show(_ request: Request, context: CorridorRequestContext) async throws -> Response {
        guard let c = try await readable(context) else {
            return HTML.response(
                HTML.page(title: "Not found", active: "Cases", body: "<h1>No such case</h1>", context: context), status: .notFound)
        }
        let events = try await linkedEvents(c, context)
        let timeline = c.timeline.map { e -> SafeHTML in
            let step = [e.from?.rawValue, e.to?.rawValue].compactMap { $0 }.joined(separator: " → ")
            let what = step.isEmpty ? e.kind.rawValue : "\(e.kind.rawValue) (\(step))"
            return
                "<tr class=\"entry\" data-kind=\"\(e.kind.rawValue)\"><td>\(Self.time(e.at))</td><td>\(what)</td><td>\(e.actor)</td><td>\(e.note)</td></tr>"
        }
        let rule = c.mandateRule.map { " (rule \($0))" } ?? ""
        let body: SafeHTML = """
            <h1>\(c.title)</h1>
            <p><span class="case-status" data-status="\(c.status.rawValue)">\(c.status.rawValue)</span> <span class="tlp">TLP:\(c.tlp.rawValue)</span></p>
            <table class="details">
            <tr><th>Lead</th><td>\(c.lead ?? "none: the mandates leave a gap or an overlap")\(rule)</td></tr>
            <tr><th>Supporting</th><td>\(c.supporting.joined(separator: ", "))</td></tr>
            <tr><th>Opened</th><td>\(Self.time(c.openedAt))</td></tr>
            <tr><th>Acknowledge by</th><td>\(Self.time(c.acknowledgeBy))</td></tr>
            <tr><th>Respond by</th><td>\(Self.time(c.respondBy))</td></tr>
            <tr><th>Events</th><td>\(events)</td></tr>
            </table>
            <h2>Timeline</h2>
            <table id="timeline"><thead><tr><th>Time</th><th>What</th><th>Who</th><th>Note</th></tr></thead><tbody>\(timeline)</tbody></table>
            <p><a href="/cases/\(c.id)/report">After-action report</a> · <a href="/api/v1/cases/\(c.id)">JSON</a></p>
            """
        return HTML.response(HTML.page(title: c.title, active: "Cases", body: body, context: context))
    }

    func linkedEvents(_ c: CrisisCase, _ context: CorridorRequestContext) async throws -> SafeHTML {
        var items: [SafeHTML] = []
        for id in c.eventIDs {
            if let e = try await store.event(id: id), e.isReadable(by: context.principal) {
                items.append("<a href=\"/events/\(e.id)\">\(e.title)</a> (\(HTML.day(e.occurredAt)), severity \(e.severity))")
            } else {
                items.append("an event you may not read")
            }
        }
        return items.joinedHTML(separator: "<br>")
    }

    /// When each step of the response was reached, against the deadlines.
    struct Milestone {
        let name: String
        let reached: Date?
        let deadline: Date?
    }

    static func milestones(_ c: CrisisCase) -> [Milestone] {
        func first(_ s: CrisisCase.Status) -> Date? { c.timeline.first { $0.kind == .transition && $0.to == s }?.at }
        return [
            Milestone(name: "acknowledged", reached: first(.acknowledged), deadline: c.acknowledgeBy),
            Milestone(name: "responding", reached: first(.responding), deadline: c.respondBy),
            Milestone(name: "contained", reached: first(.contained), deadline: nil),
            Milestone(name: "recovery", reached: first(.recovery), deadline: nil),
            Milestone(name: "closed", reached: first(.closed), deadline: nil),
        ]
    }

    static func duration(_ seconds: Double) -> String {
        let m = Int((seconds / 60).rounded())
        return m >= 60 ? "\(m / 60) h \(m % 60) min" : "\(m) min"
    }

    @Sendable func report(_ request: Request, context: CorridorRequestContext) async throws -> Response {
        guard let c = try await readable(context) else {
            return HTML.response(
                HTML.page(title: "Not found", active: "Cases", body: "<h1>No such case</h1>", context: context), status: .notFound)
        }
        let rows = Self.milestones(c).map { m -> SafeHTML in
            let after = m.reached.map { Self.duration($0.timeIntervalSince(c.openedAt)) } ?? "not reached"
            var verdict = ""
            if let deadline = m.deadline {
                if let reached = m.reached {
                    verdict = reached <= deadline ? "met" : "missed by \(Self.duration(reached.timeIntervalSince(deadline)))"
                } else {
                    verdict = now() > deadline ? "missed" : "open"
                }
            }
            let verdictWord = verdict.split(separator: " ").first ?? ""
            let deadline = m.deadline.map { Self.duration($0.timeIntervalSince(c.openedAt)) } ?? ""
            return
                "<tr class=\"milestone\" data-name=\"\(m.name)\" data-verdict=\"\(verdictWord)\"><td>\(m.name)</td><td>\(after)</td><td>\(deadline)</td><td>\(verdict)</td></tr>"
        }
        let tasks = c.tasks.map { t -> SafeHTML in
            "<tr class=\"task\" data-status=\"\(t.status.rawValue)\"><td>\(t.title)</td><td>\(t.agency)</td><td>\(Self.time(t.due))</td><td>\(t.status.rawValue)</td></tr>"
        }
        let escalations = c.timeline.filter { $0.kind == .escalated }.map { e -> SafeHTML in "<li>\(Self.time(e.at)): \(e.note)</li>" }
        let notes = c.timeline.filter { $0.kind == .note || $0.kind == .reassigned || $0.kind == .reopened }
            .map { e -> SafeHTML in "<li>\(Self.time(e.at)) \(e.actor): \(e.note)</li>" }
        let none: SafeHTML = "<li>none</li>"
        let body: SafeHTML = """
            <article class="report">
            <h1>After-action report: \(c.title)</h1>
            <p>Case \(c.id) · opened \(Self.time(c.openedAt)) · now \(c.status.rawValue) · lead \(c.lead ?? "none") · TLP:\(c.tlp.rawValue)</p>
            <h2>Response against the deadlines</h2>
            <table id="milestones"><thead><tr><th>Step</th><th>Reached after</th><th>Deadline after</th><th>Verdict</th></tr></thead><tbody>\(rows)</tbody></table>
            <h2>Tasks</h2><table id="tasks"><thead><tr><th>Task</th><th>Agency</th><th>Due</th><th>Status</th></tr></thead><tbody>\(tasks)</tbody></table>
            <h2>Escalations</h2><ul>\(escalations.isEmpty ? none : escalations.joinedHTML())</ul>
            <h2>Decisions and notes</h2><ul>\(notes.isEmpty ? none : notes.joinedHTML())</ul>
            <h2>Events</h2><p>\(try await linkedEvents(c, context))</p>
            </article>
            """
        return HTML.response(HTML.page(title: "After-action report", active: "Cases", body: body, context: context))
    }
}
