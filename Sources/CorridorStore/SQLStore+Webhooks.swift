import CorridorAccess
import CorridorAlerts
import CorridorCoordination
import CorridorCore
import CorridorGeo
import Foundation
import SQLKit

/// ``WebhookStore`` over SQL: webhooks, and deliveries claimed under a lease across servers.
extension SQLStore {
    public func save(webhook: Webhook, by actor: AuditActor) async throws -> Webhook {
        let postgres = dialect == .postgres
        return try await withTransaction { db in
            var hook = webhook
            if let row = try await db.select().column("cursor").from("webhooks").where("id", .equal, webhook.id).first() {
                hook.cursor = try row.decode(column: "cursor", as: Int.self)
                try await db.update("webhooks").set("agency_id", to: hook.agencyID).set("body", to: try Self.encode(hook))
                    .where("id", .equal, hook.id).run()
                try await Self.appendAudit(
                    db, actor, .update, "webhook", hook.id, AuditChain.sha256Hex(try Self.encode(hook.redacted)), postgres: postgres)
            } else {
                hook.cursor = try await Self.latestSeq(db)
                try await db.insert(into: "webhooks").columns("id", "agency_id", "cursor", "body")
                    .values(SQLBind(hook.id), SQLBind(hook.agencyID), SQLBind(hook.cursor), SQLBind(try Self.encode(hook))).run()
                try await Self.appendAudit(
                    db, actor, .create, "webhook", hook.id, AuditChain.sha256Hex(try Self.encode(hook.redacted)), postgres: postgres)
            }
            return hook
        }
    }

    public func webhooks() async throws -> [Webhook] {
        try await withDatabase { db in
            try await db.select().columns("body", "cursor").from("webhooks").orderBy("id").all().map { row in
                var hook = try Self.decode(Webhook.self, try row.decode(column: "body", as: String.self))
                hook.cursor = try row.decode(column: "cursor", as: Int.self)
                return hook
            }
        }
    }

    public func deleteWebhook(id: String, by actor: AuditActor) async throws -> Bool {
        let postgres = dialect == .postgres
        return try await withTransaction { db in
            guard try await db.select().column("id").from("webhooks").where("id", .equal, id).first() != nil else { return false }
            try await db.delete(from: "webhooks").where("id", .equal, id).run()
            // Undelivered alerts go with it; delivered and dead ones stay as history.
            try await db.delete(from: "webhook_deliveries").where("webhook_id", .equal, id)
                .where("status", .equal, WebhookDelivery.Status.pending.rawValue).run()
            try await Self.appendAudit(db, actor, .delete, "webhook", id, nil, postgres: postgres)
            return true
        }
    }

    public func queueDeliveries(webhookID: String, cursor: Int, newCursor: Int, alerts: [AlertRecord], at: Date) async throws -> Bool {
        try await withTransaction { db in
            let moved = try await db.update("webhooks").set("cursor", to: newCursor)
                .where("id", .equal, webhookID).where("cursor", .equal, cursor)
                .returning("id").all()
            guard !moved.isEmpty else { return false }
            for alert in alerts {
                guard let seq = alert.seq else { continue }
                try await db.insert(into: "webhook_deliveries")
                    .columns(
                        "id", "webhook_id", "alert_id", "alert_seq", "status", "attempts", "next_attempt_ms", "claimed_until_ms",
                        "last_error", "delivered_ms"
                    )
                    .values(
                        SQLBind(WebhookDelivery.id(webhookID: webhookID, alertSeq: seq)), SQLBind(webhookID), SQLBind(alert.id),
                        SQLBind(seq), SQLBind(WebhookDelivery.Status.pending.rawValue), SQLBind(0), SQLBind(Self.millis(at)),
                        SQLBind(Int64(0)), SQLBind(String?.none), SQLBind(Int64?.none)
                    ).run()
            }
            return true
        }
    }

    static let deliveryColumns = [
        "id", "webhook_id", "alert_id", "alert_seq", "status", "attempts", "next_attempt_ms", "last_error", "delivered_ms",
    ]

    static func decodeDelivery(_ row: any SQLRow) throws -> WebhookDelivery {
        let status = try row.decode(column: "status", as: String.self)
        return WebhookDelivery(
            id: try row.decode(column: "id", as: String.self), webhookID: try row.decode(column: "webhook_id", as: String.self),
            alertID: try row.decode(column: "alert_id", as: String.self), alertSeq: try row.decode(column: "alert_seq", as: Int.self),
            status: WebhookDelivery.Status(rawValue: status) ?? .pending, attempts: try row.decode(column: "attempts", as: Int.self),
            nextAttemptAt: Self.date(millis: try row.decode(column: "next_attempt_ms", as: Int64.self)),
            lastError: try row.decode(column: "last_error", as: String?.self),
            deliveredAt: try row.decode(column: "delivered_ms", as: Int64?.self).map(Self.date(millis:)))
    }

    public func claimDeliveries(now: Date, lease: TimeInterval, limit: Int) async throws -> [WebhookDelivery] {
        let nowMs = Self.millis(now)
        let until = Self.millis(now.addingTimeInterval(lease))
        return try await withDatabase { db in
            let due = try await db.select().column("id").from("webhook_deliveries")
                .where("status", .equal, WebhookDelivery.Status.pending.rawValue)
                .where("next_attempt_ms", .lessThanOrEqual, nowMs).where("claimed_until_ms", .lessThanOrEqual, nowMs)
                .orderBy("next_attempt_ms").orderBy("id").limit(max(1, min(limit, 100))).all()
                .map { try $0.decode(column: "id", as: String.self) }
            var claimed: [WebhookDelivery] = []
            for id in due {
                // The conditions are checked again under the row lock: of two servers racing
                // for the same delivery, exactly one gets a row back.
                let rows = try await db.update("webhook_deliveries")
                    .set("claimed_until_ms", to: until)
                    .set(SQLIdentifier("attempts"), to: SQLRaw("attempts + 1"))
                    .where("id", .equal, id).where("status", .equal, WebhookDelivery.Status.pending.rawValue)
                    .where("claimed_until_ms", .lessThanOrEqual, nowMs)
                    .returning(Self.deliveryColumns.map { SQLColumn($0) })
                    .all()
                claimed += try rows.map(Self.decodeDelivery)
            }
            return claimed
        }
    }

    public func finish(delivery: WebhookDelivery) async throws {
        try await withDatabase { db in
            try await db.update("webhook_deliveries")
                .set("status", to: delivery.status.rawValue)
                .set("next_attempt_ms", to: Self.millis(delivery.nextAttemptAt))
                .set("claimed_until_ms", to: Int64(0))
                .set("last_error", to: delivery.lastError.map { String($0.prefix(500)) })
                .set("delivered_ms", to: delivery.deliveredAt.map(Self.millis))
                .where("id", .equal, delivery.id).run()
        }
    }

    public func deliveries(status: WebhookDelivery.Status?, webhookIDs: [String]?, limit: Int) async throws -> [WebhookDelivery] {
        if let webhookIDs, webhookIDs.isEmpty { return [] }
        return try await withDatabase { db in
            var q = db.select().columns(Self.deliveryColumns.map { SQLColumn($0) }).from("webhook_deliveries")
            if let status { q = q.where("status", .equal, status.rawValue) }
            if let webhookIDs { q = q.where("webhook_id", .in, webhookIDs) }
            return try await q.orderBy("alert_seq", .descending).orderBy("id").limit(max(1, min(limit, 1000))).all()
                .map(Self.decodeDelivery)
        }
    }

    public func retryDelivery(id: String, at: Date, by actor: AuditActor) async throws -> Bool {
        let postgres = dialect == .postgres
        return try await withTransaction { db in
            let rows = try await db.update("webhook_deliveries")
                .set("status", to: WebhookDelivery.Status.pending.rawValue).set("attempts", to: 0)
                .set("next_attempt_ms", to: Self.millis(at)).set("claimed_until_ms", to: Int64(0))
                .where("id", .equal, id).where("status", .equal, WebhookDelivery.Status.dead.rawValue)
                .returning("id").all()
            guard !rows.isEmpty else { return false }
            try await Self.appendAudit(db, actor, .retry, "webhook_delivery", id, nil, postgres: postgres)
            return true
        }
    }
}
