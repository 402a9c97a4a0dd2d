import CorridorCoordination
import CorridorCore
import CorridorServices
import CorridorStore
import Foundation
import Hummingbird

/// `/mandates`: the mandate matrix, one table per domain (provinces × site kinds), each cell
/// showing its lead agency, GAP, OVERLAP or n/a.
struct MandatesPage {
    let store: any CorridorStore
    /// Changes to the book, kept by the escalation authority.
    let desk: MandateDesk
    var keeper: String { desk.keeper }

    func register(on routes: Routes) {
        routes.get("mandates", .signedIn, use: page)
        routes.post("mandates/rules", .siteEditors, use: saveRule)
        routes.post("mandates/rules/:id/delete", .siteEditors, use: deleteRule)
    }

    @Sendable func page(_ request: Request, context: CorridorRequestContext) async throws -> Response {
        try await render(context: context, message: nil)
    }

    /// Adds a rule, or replaces the rule with the same id, from the form on the page. The
    /// whole book is checked as `mandates import` checks a file, so the message names the field.
    @Sendable func saveRule(_ request: Request, context: CorridorRequestContext) async throws -> Response {
        var request = request
        // Every field of this form is one value, so it reads as a dictionary of the mandate file's names.
        let form = try await WebForm.decode([String: String].self, from: &request)
        func value(_ key: String) -> String? { form[key].map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 } }
        var rule = FormRule(
            id: value("id") ?? "", domain: value("domain") ?? "", lead: value("lead") ?? "", eventType: value("event_type"),
            province: value("province"), siteKind: value("site_kind"), acknowledgeWithin: value("acknowledge_within"),
            respondWithin: value("respond_within"), note: value("note"),
            supporting: value("supporting").map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } },
            precedence: nil, notApplicable: form["not_applicable"] != nil ? true : nil)
        if let v = value("precedence") {
            guard let n = Int(v) else {
                return try await render(
                    context: context, message: "precedence: \"\(v.prefix(40))\" is not a whole number", status: .unprocessableContent)
            }
            rule.precedence = n
        }
        let id = rule.id
        return try await changing(context, done: "Saved rule \(id).") {
            try await desk.save(rule: rule, id: id, by: context.auditActor, agency: context.principal?.agencyID)
        }
    }

    /// Makes a desk change and shows the page with what came of it.
    func changing(
        _ context: CorridorRequestContext, done: String, _ change: () async throws -> MandateDesk.Change
    ) async throws
        -> Response
    {
        do {
            _ = try await change()
            return try await render(context: context, message: done)
        } catch let refusal as MandateDesk.Refusal {
            let status: HTTPResponse.Status =
                switch refusal {
                case .notKeeper: .forbidden
                case .invalid: .unprocessableContent
                case .noRule: .notFound
                }
            return try await render(context: context, message: refusal.description, status: status)
        }
    }

    /// The form's fields, in the mandate file's names.
    struct FormRule: Encodable, Sendable {
        var id: String
        var domain: String
        var lead: String
        var eventType: String?
        var province: String?
        var siteKind: String?
        var acknowledgeWithin: String?
        var respondWithin: String?
        var note: String?
        var supporting: [String]?
        var precedence: Int?
        var notApplicable: Bool?

        enum CodingKeys: String, CodingKey {
            case id, domain, lead, eventType = "event_type", province, siteKind = "site_kind"
            case acknowledgeWithin = "acknowledge_within", respondWithin = "respond_within", note, supporting, precedence
            case notApplicable = "not_applicable"
        }
    }

    @Sendable func deleteRule(_ request: Request, context: CorridorRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        return try await changing(context, done: "Removed rule \(id).") {
            try await desk.remove(id: id, by: context.auditActor, agency: context.principal?.agencyID)
        }
    }

    func render(context: CorridorRequestContext, message: String?, status: HTTPResponse.Status = .ok) async throws -> Response {
        let rules = try await store.mandateRules()
        let analysis = MandateBook(rules: rules).analyse()
        let kinds: [Site.Kind?] = [nil] + Site.Kind.allCases.map { $0 }
        var body: SafeHTML = """
            <h1>Mandates</h1>
            <p>\(rules.count) rules. <b id="gap-count">\(analysis.gaps.count)</b> cells with a gap (no lead agency) and
            <b id="overlap-count">\(analysis.overlaps.count)</b> with an overlap (two leads, no precedence), of \(analysis.cells.count).
            A cell marked with * has event types that resolve differently (hover for them). The rules: <a href="/api/v1/mandates">JSON</a>;
            check from the command line with <code>corridorwatch mandates check</code>.</p>
            """
        for domain in Domain.allCases {
            body += "<h2>\(domain.title)</h2><table class=\"mandates\" data-domain=\"\(domain.rawValue)\"><thead><tr><th>Province</th>"
            for k in kinds { body += "<th>\(k?.rawValue.replacingOccurrences(of: "_", with: " ") ?? "away from sites")</th>" }
            body += "</tr></thead><tbody>"
            for province in Province.allCases {
                body += "<tr><th>\(province.rawValue)</th>"
                for k in kinds {
                    guard let cell = analysis.cells.first(where: { $0.domain == domain && $0.province == province && $0.siteKind == k })
                    else {
                        body += "<td></td>"
                        continue
                    }
                    let (text, cls, title) = Self.describe(cell.resolution)
                    let types = cell.byType.map { "\($0.key): \(Self.describe($0.value).0)" }.sorted().joined(separator: "; ")
                    let hover = [title, types.isEmpty ? nil : "by type: " + types].compactMap { $0 }.joined(separator: " · ")
                    body += "<td class=\"\(cls)\" title=\"\(hover)\">\(text)\(types.isEmpty ? "" : "*")</td>"
                }
                body += "</tr>"
            }
            body += "</tbody></table>"
        }
        if let p = context.principal, p.agencyID == keeper,
            AccessRules.allows(.anyRole(AccessRules.siteEditors), p, viaSession: true) == true
        {
            body += editor(rules: rules, csrf: context.csrfToken ?? "")
        }
        let notice = message.map { m -> SafeHTML in "<p class=\"message\" id=\"mandates-message\">\(m)</p>" } ?? .empty
        return HTML.response(HTML.page(title: "Mandates", active: "Mandates", body: notice + body, context: context), status: status)
    }

    /// The rules with a remove button each, and the add-or-replace form (coordinators, administrators).
    func editor(rules: [MandateRule], csrf: String) -> SafeHTML {
        let token: SafeHTML = "<input type=\"hidden\" name=\"csrf_token\" value=\"\(csrf)\">"
        let rows = rules.map { r -> SafeHTML in
            let scope = [r.domain.rawValue, r.eventType, r.province?.rawValue ?? "all provinces", r.siteKind?.rawValue].compactMap { $0 }
                .joined(separator: " / ")
            let who =
                r.notApplicable
                ? "not applicable" : "\(r.lead)" + (r.supporting.isEmpty ? "" : " + \(r.supporting.joined(separator: ", "))")
            return """
                <tr><td><code>\(r.id)</code></td><td>\(scope)</td><td>\(who)</td>\
                <td>\(MandateDuration.format(r.acknowledgeWithin)) / \(MandateDuration.format(r.respondWithin))</td><td class="num">\(r.precedence)</td>\
                <td><form method="post" action="/mandates/rules/\(r.id)/delete" data-confirm="Remove rule \(r.id)?">\(token)<button>Remove</button></form></td></tr>
                """
        }
        func options(_ values: [String], empty: String) -> SafeHTML {
            "<option value=\"\">\(empty)</option>\(values.map { v -> SafeHTML in "<option>\(v)</option>" })"
        }
        let domainOptions = Domain.allCases.map { d -> SafeHTML in "<option>\(d.rawValue)</option>" }
        return """
            <h2 id="edit-rules">Edit rules</h2>
            <table class="sortable" id="rules-table"><thead><tr><th>Rule</th><th>Applies to</th><th>Lead + supporting</th><th>Acknowledge / respond</th><th>Precedence</th><th></th></tr></thead><tbody>\(rows)</tbody></table>
            <form method="post" action="/mandates/rules" id="rule-form" class="filters">\(token)
            <label>Id <input name="id" required placeholder="cyber-sindh-ports"></label>
            <label>Domain <select name="domain">\(domainOptions)</select></label>
            <label>Event type <input name="event_type" placeholder="any"></label>
            <label>Province <select name="province">\(options(Province.allCases.map(\.rawValue), empty: "all"))</select></label>
            <label>Site kind <select name="site_kind">\(options(Site.Kind.allCases.map(\.rawValue), empty: "any"))</select></label>
            <label>Lead <input name="lead" placeholder="agency id"></label>
            <label>Supporting <input name="supporting" placeholder="ids, comma-separated"></label>
            <label>Acknowledge within <input name="acknowledge_within" value="15m" size="5"></label>
            <label>Respond within <input name="respond_within" value="2h" size="5"></label>
            <label>Precedence <input name="precedence" value="0" size="3"></label>
            <label><input type="checkbox" name="not_applicable"> not applicable</label>
            <label>Note <input name="note"></label>
            <button>Save rule</button></form>
            <p class="note">A rule with an existing id replaces it. Every change is audited.</p>
            """
    }

    static func describe(_ r: MandateBook.Resolution) -> (String, String, String?) {
        switch r {
        case .lead(let rule): (rule.lead, "lead", "rule \(rule.id); supporting: \(rule.supporting.joined(separator: ", "))")
        case .gap: ("GAP", "gap", "no rule gives a lead")
        case .overlap(let rules): ("OVERLAP", "overlap", rules.map { "\($0.lead) (\($0.id))" }.joined(separator: " vs "))
        case .notApplicable(let rule): ("n/a", "na", "closed by rule \(rule.id)")
        }
    }
}
