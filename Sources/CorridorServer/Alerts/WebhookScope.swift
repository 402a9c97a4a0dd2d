import CorridorAccess
import CorridorAlerts
import CorridorCore
import CorridorStore
import Foundation

/// What one administrator sees and manages of webhooks: their own agency's, from the API and
/// the page alike. Other agencies' receiver URLs, and the alert (and so event) ids their
/// deliveries name, are not theirs to see.
struct WebhookScope {
    let store: any CorridorStore
    let agency: String?

    init(store: any CorridorStore, context: CorridorRequestContext) {
        self.store = store
        agency = context.principal?.agencyID
    }

    func webhooks() async throws -> [Webhook] { try await store.webhooks().filter { $0.agencyID == agency } }

    func deliveries(status: WebhookDelivery.Status?, limit: Int) async throws -> [WebhookDelivery] {
        try await store.deliveries(status: status, webhookIDs: try await webhooks().map(\.id), limit: limit)
    }

    /// False when there is no such webhook of this agency.
    func delete(id: String, by actor: AuditActor) async throws -> Bool {
        guard try await webhooks().contains(where: { $0.id == id }) else { return false }
        return try await store.deleteWebhook(id: id, by: actor)
    }

    /// False when there is no such dead letter of this agency's webhooks.
    func retry(id: String, at time: Date, by actor: AuditActor) async throws -> Bool {
        // A delivery id is `WEBHOOK-SEQ`: the dead letter is this agency's when its webhook is.
        guard let dash = id.lastIndex(of: "-"), id[id.index(after: dash)...].allSatisfy(\.isNumber),
            try await webhooks().contains(where: { $0.id == id[..<dash] })
        else { return false }
        return try await store.retryDelivery(id: id, at: time, by: actor)
    }
}
