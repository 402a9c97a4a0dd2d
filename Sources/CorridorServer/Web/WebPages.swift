import CorridorCore
import CorridorStore
import Foundation
import Hummingbird

/// Pages outside the main navigation: sign-in.
enum WebPages {
    static func loginPage(status: HTTPResponse.Status, message: String?, next: String) -> Response {
        let body = """
            <section class="panel login"><h1>Sign in</h1>
            \(message.map { "<p class=\"message\" id=\"login-message\">\(HTML.escape($0))</p>" } ?? "")
            <form method="post" action="/login" id="login-form">
            <input type="hidden" name="next" value="\(HTML.escape(next))">
            <p><label>Username<br><input name="username" autocomplete="username" required autofocus></label></p>
            <p><label>Password<br><input name="password" type="password" autocomplete="current-password" required></label></p>
            <p><button>Sign in</button></p></form>
            <p class="note">Accounts are created by an administrator. Records are shared by their TLP label.</p></section>
            """
        return Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: HTML.page(title: "Sign in", active: "", body: body))))
    }
}

/// Administrator pages: users and agencies, and the audit log.
struct AdminPages {
    let store: any CorridorStore

    func register(on router: Router<CorridorRequestContext>) {
        router.get("admin/users", use: users)
        router.get("admin/audit", use: audit)
    }

    private func html(_ s: String) -> Response {
        Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: s)))
    }

    @Sendable func users(_ request: Request, context: CorridorRequestContext) async throws -> Response {
        let users = try await store.users()
        let agencies = try await store.agencies()
        let userRows = users.map {
            "<tr><td><code>\(HTML.escape($0.id))</code></td><td>\(HTML.escape($0.displayName))</td><td>\(HTML.escape($0.agencyID))</td><td>\($0.roles.map(\.rawValue).sorted().joined(separator: ", "))</td><td>\($0.disabled ? "disabled" : "active")</td></tr>"
        }.joined()
        let agencyRows = agencies.map {
            "<tr><td><code>\(HTML.escape($0.id))</code></td><td>\(HTML.escape($0.name))</td><td>\($0.kind.rawValue)</td><td>\(HTML.escape($0.jurisdiction.isEmpty ? "national" : $0.jurisdiction.map(\.rawValue).joined(separator: ", ")))</td></tr>"
        }.joined()
        let body = """
            <h1>Users</h1>
            <table class="sortable" id="users-table"><thead><tr><th>Username</th><th>Name</th><th>Agency</th><th>Roles</th><th>State</th></tr></thead><tbody>\(userRows)</tbody></table>
            <p class="note">Create users with <code>POST /api/v1/users</code> or <code>corridorwatch users create</code>.</p>
            <h1>Agencies</h1>
            <table class="sortable" id="agencies-table"><thead><tr><th>Id</th><th>Name</th><th>Kind</th><th>Jurisdiction</th></tr></thead><tbody>\(agencyRows)</tbody></table>
            """
        return html(HTML.page(title: "Users", active: "Users", body: body, context: context))
    }

    @Sendable func audit(_ request: Request, context: CorridorRequestContext) async throws -> Response {
        let q = request.uri.queryParameters
        func value(_ k: String) -> String? { q.get(k).flatMap { $0.isEmpty ? nil : $0 } }
        let entries = try await store.auditLog(
            AuditQuery(actor: value("actor"), action: value("action"), objectType: value("object_type"), limit: 200))
        let rows = entries.map { e in
            "<tr><td class=\"num\">\(e.seq)</td><td>\(DateFormats.format(e.at))</td><td>\(HTML.escape(e.actor))</td><td>\(HTML.escape(e.agency ?? ""))</td><td>\(HTML.escape(e.action))</td><td>\(HTML.escape(e.objectType))</td><td><code>\(HTML.escape(e.objectID ?? ""))</code></td><td>\(HTML.escape(e.client ?? ""))</td><td><code title=\"\(e.hash)\">\(e.hash.prefix(12))…</code></td></tr>"
        }.joined()
        let body = """
            <h1>Audit log</h1>
            <form method="get" class="filters"><label>Actor <input name="actor" value="\(HTML.escape(value("actor") ?? ""))"></label>
            <label>Action <input name="action" value="\(HTML.escape(value("action") ?? ""))"></label>
            <label>Object type <input name="object_type" value="\(HTML.escape(value("object_type") ?? ""))"></label><button>Filter</button></form>
            <p class="note">Entries are hash-chained; <code>corridorwatch audit verify</code> checks the whole chain.</p>
            <table class="sortable" id="audit-table"><thead><tr><th>#</th><th>Time</th><th>Actor</th><th>Agency</th><th>Action</th><th>Object</th><th>Id</th><th>Client</th><th>Hash</th></tr></thead><tbody>\(rows)</tbody></table>
            """
        return html(HTML.page(title: "Audit", active: "Audit", body: body, context: context))
    }
}
