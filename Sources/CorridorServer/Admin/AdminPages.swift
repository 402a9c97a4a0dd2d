import CorridorAccess
import CorridorCore
import CorridorServices
import CorridorStore
import Foundation
import Hummingbird

/// Pages outside the main navigation: sign-in.
/// Administrator pages: users and agencies, and the audit log.
struct AdminPages {
    let store: any CorridorStore

    let hasher: PasswordHasher

    func register(on routes: Routes) {
        routes.get("admin/users", .admins, use: users)
        routes.post("admin/users", .admins, use: createUser)
        routes.post("admin/agencies", .admins, use: createAgency)
        routes.get("admin/audit", .admins, use: audit)
    }

    /// Creates a user from the form on the users page.
    @Sendable func createUser(_ request: Request, context: CorridorRequestContext) async throws -> Response {
        var request = request
        let form = try await WebForm.decode(WebForm.NewUser.self, from: &request)
        do {
            let user = try UserRules.validated(
                username: form.username ?? "", displayName: form.displayName, agencyID: form.agencyID ?? "",
                roles: form.roles ?? [], password: form.password ?? "", agencies: try await store.agencies().map(\.id))
            guard try await store.user(id: user.id) == nil else {
                throw Problem(.conflict, "user \(user.id) already exists", field: "username")
            }
            _ = try await store.save(user: user, passwordHash: hasher.hash(form.password ?? ""), by: context.auditActor)
            return try await usersPage(context: context, message: "Created user \(user.id).")
        } catch let problem as FieldProblem {
            return try await usersPage(context: context, message: problem.description, status: .unprocessableContent)
        } catch let problem as Problem {
            return try await usersPage(context: context, message: problem.detail, status: .unprocessableContent)
        }
    }

    /// Creates an agency from the form on the users page.
    @Sendable func createAgency(_ request: Request, context: CorridorRequestContext) async throws -> Response {
        var request = request
        let form = try await WebForm.decode(WebForm.NewAgency.self, from: &request)
        let provinces = (form.jurisdiction ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter {
            !$0.isEmpty
        }
        var jurisdiction: [Province] = []
        for p in provinces {
            guard let province = Province(normalising: p) else {
                return try await usersPage(
                    context: context, message: "jurisdiction: \"\(p)\" is not a province", status: .unprocessableContent)
            }
            jurisdiction.append(province)
        }
        guard let kind = Agency.Kind(rawValue: form.kind ?? "") else {
            return try await usersPage(context: context, message: "kind: choose an agency kind", status: .unprocessableContent)
        }
        let agency = Agency(id: (form.id ?? "").lowercased(), name: form.name ?? "", kind: kind, jurisdiction: jurisdiction)
        if let problem = agency.validate().first {
            return try await usersPage(context: context, message: problem.description, status: .unprocessableContent)
        }
        if try await store.agencies().contains(where: { $0.id == agency.id }) {
            return try await usersPage(context: context, message: "agency \(agency.id) already exists", status: .conflict)
        }
        _ = try await store.save(agency: agency, by: context.auditActor)
        return try await usersPage(context: context, message: "Created agency \(agency.id).")
    }

    @Sendable func users(_ request: Request, context: CorridorRequestContext) async throws -> Response {
        try await usersPage(context: context, message: nil)
    }

    func usersPage(context: CorridorRequestContext, message: String?, status: HTTPResponse.Status = .ok) async throws -> Response {
        let users = try await store.users()
        let agencies = try await store.agencies()
        let userRows = users.map { u -> SafeHTML in
            let roles = u.roles.map(\.rawValue).sorted().joined(separator: ", ")
            return
                "<tr><td><code>\(u.id)</code></td><td>\(u.displayName)</td><td>\(u.agencyID)</td><td>\(roles)</td><td>\(u.disabled ? "disabled" : "active")</td></tr>"
        }
        let agencyRows = agencies.map { a -> SafeHTML in
            let jurisdiction = a.jurisdiction.isEmpty ? "national" : a.jurisdiction.map(\.rawValue).joined(separator: ", ")
            return "<tr><td><code>\(a.id)</code></td><td>\(a.name)</td><td>\(a.kind.rawValue)</td><td>\(jurisdiction)</td></tr>"
        }
        let agencyOptions = agencies.map { a -> SafeHTML in "<option value=\"\(a.id)\">\(a.name)</option>" }
        let roleBoxes = Role.allCases.map { r -> SafeHTML in
            "<label><input type=\"checkbox\" name=\"roles[]\" value=\"\(r.rawValue)\"> \(r.rawValue)</label>"
        }
        let kindOptions = Agency.Kind.allCases.map { k -> SafeHTML in "<option>\(k.rawValue)</option>" }
        let body: SafeHTML = """
            <h1>Users</h1>
            <table class="sortable" id="users-table"><thead><tr><th>Username</th><th>Name</th><th>Agency</th><th>Roles</th><th>State</th></tr></thead><tbody>\(userRows)</tbody></table>
            <h2>New user</h2>
            <form method="post" action="/admin/users" id="new-user-form" class="filters">
            <input type="hidden" name="csrf_token" value="\(context.csrfToken ?? "")">
            <label>Username <input name="username" required></label> <label>Name <input name="display_name"></label>
            <label>Agency <select name="agency_id">\(agencyOptions)</select></label>
            \(roleBoxes.joinedHTML(separator: " "))
            <label>Password <input name="password" type="password" minlength="12" required autocomplete="new-password"></label>
            <button>Create user</button></form>
            <h1>Agencies</h1>
            <table class="sortable" id="agencies-table"><thead><tr><th>Id</th><th>Name</th><th>Kind</th><th>Jurisdiction</th></tr></thead><tbody>\(agencyRows)</tbody></table>
            <h2>New agency</h2>
            <form method="post" action="/admin/agencies" id="new-agency-form" class="filters">
            <input type="hidden" name="csrf_token" value="\(context.csrfToken ?? "")">
            <label>Id <input name="id" required placeholder="sindh-police"></label> <label>Name <input name="name" required></label>
            <label>Kind <select name="kind">\(kindOptions)</select></label>
            <label>Jurisdiction <input name="jurisdiction" placeholder="Sindh, Balochistan (empty: national)"></label>
            <button>Create agency</button></form>
            """
        let notice = message.map { m -> SafeHTML in "<p class=\"message\" id=\"admin-message\">\(m)</p>" } ?? .empty
        return HTML.response(HTML.page(title: "Users", active: "Users", body: notice + body, context: context), status: status)
    }

    @Sendable func audit(_ request: Request, context: CorridorRequestContext) async throws -> Response {
        let q = request.formQuery
        func value(_ k: String) -> String? { q[k].flatMap { $0.isEmpty ? nil : $0 } }
        let entries = try await store.auditLog(
            AuditQuery(actor: value("actor"), action: value("action"), objectType: value("object_type"), limit: 200))
        let rows = entries.map { e -> SafeHTML in
            "<tr><td class=\"num\">\(e.seq)</td><td>\(DateFormats.format(e.at))</td><td>\(e.actor)</td><td>\(e.agency ?? "")</td><td>\(e.action)</td><td>\(e.objectType)</td><td><code>\(e.objectID ?? "")</code></td><td>\(e.client ?? "")</td><td><code title=\"\(e.hash)\">\(e.hash.prefix(12))…</code></td></tr>"
        }
        let body: SafeHTML = """
            <h1>Audit log</h1>
            <form method="get" class="filters"><label>Actor <input name="actor" value="\(value("actor") ?? "")"></label>
            <label>Action <input name="action" value="\(value("action") ?? "")"></label>
            <label>Object type <input name="object_type" value="\(value("object_type") ?? "")"></label><button>Filter</button></form>
            <p class="note">Entries are hash-chained; <code>corridorwatch audit verify</code> checks the whole chain.</p>
            <table class="sortable" id="audit-table"><thead><tr><th>#</th><th>Time</th><th>Actor</th><th>Agency</th><th>Action</th><th>Object</th><th>Id</th><th>Client</th><th>Hash</th></tr></thead><tbody>\(rows)</tbody></table>
            """
        return HTML.response(HTML.page(title: "Audit", active: "Audit", body: body, context: context))
    }
}
