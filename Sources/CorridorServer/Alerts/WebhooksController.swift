import CorridorAccess
import CorridorAlerts
import CorridorCore
import CorridorStore
import Foundation
import Hummingbird

/// `/api/v1/webhooks`: agencies' alert webhooks and the delivery dead letters (administrators).
struct WebhooksController {
    let store: any CorridorStore
    let now: @Sendable () -> Date
    let allowPrivateDestinations: Bool

    func register(on routes: Routes) {
        routes.get("webhooks", .admins, use: list)
        routes.post("webhooks", .admins, use: create)
        routes.delete("webhooks/:id", .admins, use: delete)
        routes.get("webhooks/deliveries", .admins, use: deliveries)
        routes.post("webhooks/deliveries/:id/retry", .admins, use: retry)
    }

    struct Items<T: Encodable>: Encodable { let items: [T] }

    @Sendable func list(_ request: Request, context: CorridorRequestContext) async throws -> Response {
        try JSONBody.response(Items(items: try await WebhookScope(store: store, context: context).webhooks().map(\.redacted)))
    }

    struct CreateBody: Decodable {
        let url: String
        let agencyID: String?
        let kinds: [String]?
        enum CodingKeys: String, CodingKey { case url, agencyID = "agency_id", kinds }
    }

    /// 201 with the webhook and its `secret`, which is shown this once.
    @Sendable func create(_ request: Request, context: CorridorRequestContext) async throws -> Response {
        let body = try await JSONBody.decode(CreateBody.self, from: request, context: context)
        let saved = try await WebhookRegistration.create(
            url: body.url, agencyID: body.agencyID ?? context.principal?.agencyID, kinds: body.kinds ?? [], store: store, at: now(),
            by: context.auditActor, principalAgency: context.principal?.agencyID, allowPrivateDestinations: allowPrivateDestinations)
        return try JSONBody.response(saved, status: .created, headers: [.location: "/api/v1/webhooks/\(saved.id)"])
    }

    @Sendable func delete(_ request: Request, context: CorridorRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        guard try await WebhookScope(store: store, context: context).delete(id: id, by: context.auditActor) else {
            throw Problem.notFound("webhook \(id)")
        }
        return Response(status: .noContent)
    }

    /// Deliveries newest first; `status=dead` is the dead-letter list.
    @Sendable func deliveries(_ request: Request, context: CorridorRequestContext) async throws -> Response {
        let q = try QueryParameters(request, also: ["status"])
        var status: WebhookDelivery.Status?
        if let s = q["status"] {
            guard let parsed = WebhookDelivery.Status(rawValue: s) else {
                throw Problem.badParameter("status", "\"\(s)\" is not one of pending, delivered, dead")
            }
            status = parsed
        }
        let limit = try q.int("limit", range: 1...1000) ?? 100
        return try JSONBody.response(
            Items(items: try await WebhookScope(store: store, context: context).deliveries(status: status, limit: limit)))
    }

    /// Sends a dead letter again from the first attempt.
    @Sendable func retry(_ request: Request, context: CorridorRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        guard try await WebhookScope(store: store, context: context).retry(id: id, at: now(), by: context.auditActor) else {
            throw Problem.notFound("dead letter \(id)")
        }
        return Response(status: .accepted)
    }
}
