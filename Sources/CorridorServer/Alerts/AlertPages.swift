import CorridorAccess
import CorridorAlerts
import CorridorCore
import CorridorStore
import Foundation
import Hummingbird

/// `/alerts`: the live alert feed, and `/admin/webhooks`: agencies' webhooks and the dead letters.
struct AlertPages {
    let store: any CorridorStore
    let now: @Sendable () -> Date
    let allowPrivateDestinations: Bool

    func register(on routes: Routes) {
        routes.get("alerts", .signedIn, use: alerts)
        routes.get("admin/webhooks", .admins, use: webhooks)
        routes.post("admin/webhooks", .admins, use: createWebhook)
        routes.post("admin/webhooks/:id/delete", .admins, use: deleteWebhook)
        routes.post("admin/webhooks/deliveries/:id/retry", .admins, use: retryDelivery)
    }

    static func row(_ a: AlertRecord) -> SafeHTML {
        """
        <tr data-seq="\(a.seq ?? 0)"><td class="num">\(a.seq ?? 0)</td><td>\(DateFormats.format(a.createdAt))</td><td><code>\(a.kind)</code></td>\
        <td>\(a.title)</td><td>\(a.tlp.rawValue)</td></tr>
        """
    }

    /// The newest alerts the reader may see; `app.js` then appends live ones from the stream.
    @Sendable func alerts(_ request: Request, context: CorridorRequestContext) async throws -> Response {
        let latest = try await store.latestAlertSeq()
        let recent = try await store.alerts(kind: nil, limit: 200).filter { $0.isReadable(by: context.principal) }.prefix(50)
        let body: SafeHTML = """
            <h1>Alerts</h1>
            <p>Live: new alerts you may read appear at the top as they are raised, by any server. <span id="live-status" class="note">connecting…</span></p>
            <table id="alerts-table" data-stream="/api/v1/alerts/stream?after=\(latest)"><thead><tr><th>#</th><th>Time</th><th>Kind</th><th>Alert</th><th>TLP</th></tr></thead>
            <tbody>\(recent.map(Self.row))</tbody></table>
            <p class="note">Public (TLP:CLEAR) alerts are also published as <a href="/api/v1/cap/alerts.xml">OASIS CAP 1.2</a>.
            Agencies can receive alerts by webhook (administrators: <a href="/admin/webhooks">webhooks</a>).</p>
            """
        return HTML.response(HTML.page(title: "Alerts", active: "Alerts", body: body, context: context))
    }

    @Sendable func webhooks(_ request: Request, context: CorridorRequestContext) async throws -> Response {
        try await webhooksPage(context: context, message: nil)
    }

    @Sendable func createWebhook(_ request: Request, context: CorridorRequestContext) async throws -> Response {
        var request = request
        let form = try await WebForm.decode(WebForm.NewWebhook.self, from: &request)
        let hook: Webhook
        do {
            hook = try await WebhookRegistration.create(
                url: form.url ?? "", agencyID: form.agencyID ?? context.principal?.agencyID,
                kinds: AlertKindFilter.parse(form.kinds), store: store, at: now(), by: context.auditActor,
                principalAgency: context.principal?.agencyID, allowPrivateDestinations: allowPrivateDestinations)
        } catch let problem as Problem {
            return try await webhooksPage(context: context, message: problem.detail, status: problem.status)
        }
        return try await webhooksPage(
            context: context, message: "Created webhook \(hook.id). Its signing secret, shown only now: \(hook.secret)", status: .created)
    }

    @Sendable func deleteWebhook(_ request: Request, context: CorridorRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        guard try await WebhookScope(store: store, context: context).delete(id: id, by: context.auditActor) else {
            return try await webhooksPage(context: context, message: "no webhook \(id)", status: .notFound)
        }
        return try await webhooksPage(context: context, message: "Removed webhook \(id).")
    }

    @Sendable func retryDelivery(_ request: Request, context: CorridorRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        guard try await WebhookScope(store: store, context: context).retry(id: id, at: now(), by: context.auditActor) else {
            return try await webhooksPage(context: context, message: "no dead letter \(id)", status: .notFound)
        }
        return try await webhooksPage(context: context, message: "Delivery \(id) will be sent again.")
    }

    func webhooksPage(context: CorridorRequestContext, message: String?, status: HTTPResponse.Status = .ok) async throws -> Response {
        let token: SafeHTML = "<input type=\"hidden\" name=\"csrf_token\" value=\"\(context.csrfToken ?? "")\">"
        let scope = WebhookScope(store: store, context: context)
        let hooks = try await scope.webhooks()
        let dead = try await scope.deliveries(status: .dead, limit: 200)
        let hookRows = hooks.map { h -> SafeHTML in
            """
            <tr><td><code>\(h.id)</code></td><td>\(h.agencyID)</td><td>\(h.url)</td>\
            <td>\(h.kinds.isEmpty ? "all" : h.kinds.joined(separator: ", "))</td><td class="num">\(h.cursor)</td>\
            <td><form method="post" action="/admin/webhooks/\(h.id)/delete" data-confirm="Remove webhook \(h.id)? Its undelivered alerts are dropped.">\(token)<button>Remove</button></form></td></tr>
            """
        }
        let deadRows = dead.map { d -> SafeHTML in
            """
            <tr><td><code>\(d.id)</code></td><td><code>\(d.alertID)</code></td><td class="num">\(d.attempts)</td>\
            <td>\(d.lastError ?? "")</td><td>\(DateFormats.format(d.nextAttemptAt))</td>\
            <td><form method="post" action="/admin/webhooks/deliveries/\(d.id)/retry">\(token)<button>Retry</button></form></td></tr>
            """
        }
        let agencies = try await store.agencies()
        let agencyOptions = agencies.map { a -> SafeHTML in "<option value=\"\(a.id)\">\(a.name)</option>" }
        let body: SafeHTML = """
            <h1>Webhooks</h1>
            <p>Each agency's webhook receives, by HTTP POST, every alert the agency may read (TLP), signed with HMAC-SHA256
            (header <code>\(WebhookSignature.headerName)</code>, see docs/alerts.md). Failed deliveries are retried with exponential backoff;
            after the last attempt they become dead letters, listed below.</p>
            <table class="sortable" id="webhooks-table"><thead><tr><th>Id</th><th>Agency</th><th>URL</th><th>Kinds</th><th>Cursor</th><th></th></tr></thead><tbody>\(hookRows)</tbody></table>
            <h2>New webhook</h2>
            <form method="post" action="/admin/webhooks" id="new-webhook-form" class="filters">\(token)
            <label>Agency <select name="agency_id">\(agencyOptions)</select></label>
            <label>URL <input name="url" required placeholder="https://soc.example.gov.pk/corridorwatch"></label>
            <label>Kinds <input name="kinds" placeholder="all, or e.g. case.,maritime.detection"></label>
            <button>Create webhook</button></form>
            <h2>Dead letters</h2>
            <table class="sortable" id="dead-letters-table"><thead><tr><th>Delivery</th><th>Alert</th><th>Attempts</th><th>Last error</th><th>Last attempt due</th><th></th></tr></thead><tbody>\(deadRows)</tbody></table>
            """
        let notice = message.map { m -> SafeHTML in "<p class=\"message\" id=\"webhooks-message\">\(m)</p>" } ?? .empty
        // The page may carry a secret: keep it out of caches.
        return HTML.response(
            HTML.page(title: "Webhooks", active: "Webhooks", body: notice + body, context: context), status: status,
            headers: [.cacheControl: "no-store"])
    }
}
