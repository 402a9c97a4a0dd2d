import CorridorCore
import Foundation

/// An agency's endpoint for alerts: every alert the agency may read (and of the kinds it
/// chose) is POSTed to ``url``, signed with ``secret`` (see ``WebhookSignature``).
public struct Webhook: Sendable, Hashable, Codable, Identifiable {
    public var id: String
    public var agencyID: String
    /// `http` or `https` URL the alerts are POSTed to.
    public var url: String
    /// The shared HMAC key. Shown once, when the webhook is created.
    public var secret: String
    /// Alert kinds to deliver (`case.opened`) or kind prefixes ending in `.` (`maritime.`);
    /// empty: every kind.
    public var kinds: [String]
    public var active: Bool
    public var createdAt: Date
    /// The last alert sequence number already considered for this webhook; new webhooks
    /// start at the newest alert, so they receive what happens from then on.
    public var cursor: Int

    public init(
        id: String, agencyID: String, url: String, secret: String, kinds: [String] = [], active: Bool = true,
        createdAt: Date, cursor: Int = 0
    ) {
        self.id = id
        self.agencyID = agencyID
        self.url = url
        self.secret = secret
        self.kinds = kinds
        self.active = active
        self.createdAt = createdAt
        self.cursor = cursor
    }

    enum CodingKeys: String, CodingKey {
        case id, agencyID = "agency_id", url, secret, kinds, active, createdAt = "created_at", cursor
    }

    /// Whether an alert of `kind` is one this webhook asked for.
    public func wants(kind: AlertKind) -> Bool { AlertKindFilter.matches(kind, kinds) }

    /// The webhook as shown after creation: the secret is never shown again.
    public var redacted: Webhook {
        var copy = self
        copy.secret = ""
        return copy
    }

    /// What is wrong with a webhook URL, if anything: only absolute `http(s)` URLs with a host.
    public static func urlProblem(_ text: String) -> String? {
        guard text.count <= 2048, let url = URL(string: text), let scheme = url.scheme?.lowercased() else {
            return "not a URL"
        }
        guard scheme == "https" || scheme == "http" else { return "must be an http or https URL, not \(scheme)" }
        guard let host = url.host, !host.isEmpty else { return "has no host" }
        return nil
    }
}

/// One alert on its way to one webhook. Delivery is at least once with a stable
/// ``idempotencyKey``: a receiver that remembers keys sees every alert exactly once.
public struct WebhookDelivery: Sendable, Hashable, Codable, Identifiable {
    public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        /// Waiting for its first attempt or a retry.
        case pending
        /// The receiver answered 2xx.
        case delivered
        /// Every attempt failed: kept as a dead letter for an administrator to see or retry.
        case dead
    }

    /// `WEBHOOK-SEQ`.
    public var id: String
    public var webhookID: String
    public var alertID: String
    public var alertSeq: Int
    public var status: Status
    public var attempts: Int
    public var nextAttemptAt: Date
    public var lastError: String?
    public var deliveredAt: Date?

    public init(
        id: String, webhookID: String, alertID: String, alertSeq: Int, status: Status = .pending, attempts: Int = 0,
        nextAttemptAt: Date, lastError: String? = nil, deliveredAt: Date? = nil
    ) {
        self.id = id
        self.webhookID = webhookID
        self.alertID = alertID
        self.alertSeq = alertSeq
        self.status = status
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.lastError = lastError
        self.deliveredAt = deliveredAt
    }

    public static func id(webhookID: String, alertSeq: Int) -> String { "\(webhookID)-\(alertSeq)" }

    /// Sent as `Idempotency-Key`: the same for every attempt at this alert and webhook.
    public var idempotencyKey: String { "\(alertID)@\(webhookID)" }

    enum CodingKeys: String, CodingKey {
        case id, webhookID = "webhook_id", alertID = "alert_id", alertSeq = "alert_seq", status, attempts
        case nextAttemptAt = "next_attempt_at", lastError = "last_error", deliveredAt = "delivered_at"
    }
}
