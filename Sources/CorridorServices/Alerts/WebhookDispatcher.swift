import AsyncHTTPClient
import CorridorAccess
import CorridorAlerts
import CorridorCore
import CorridorStore
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix

/// Sends one webhook request and reports the HTTP status. The real one is
/// ``HTTPWebhookTransport``; tests use it too, against a receiver on 127.0.0.1.
public protocol WebhookTransport: Sendable {
    func post(url: String, headers: [(String, String)], body: [UInt8]) async throws -> Int
}

/// Why a delivery was not made, in words safe to show in a dead letter: never the underlying
/// error's text, which can carry internal addresses.
public enum WebhookTransportError: Error, Sendable, Equatable, CustomStringConvertible {
    case refusedDestination(String)
    case timedOut
    case unreachable

    public var description: String {
        switch self {
        case .refusedDestination(let why): "not sent: \(why)"
        case .timedOut: "timed out"
        case .unreachable: "could not connect"
        }
    }
}

/// ``WebhookTransport`` over AsyncHTTPClient: a per-request timeout, no redirects followed (a
/// redirect would carry the signed alert somewhere else), at most 64 KiB of the answer read,
/// and every address the host resolves to checked against ``WebhookDestination`` first.
public struct HTTPWebhookTransport: WebhookTransport {
    public var timeout: TimeAmount
    public var allowPrivateDestinations: Bool

    /// One client for the process, configured never to follow redirects; it lives as long as
    /// the process, so it is never shut down.
    static let client = HTTPClient(
        eventLoopGroup: HTTPClient.defaultEventLoopGroup,
        configuration: HTTPClient.Configuration(redirectConfiguration: .disallow))

    public init(timeout: TimeAmount = .seconds(10), allowPrivateDestinations: Bool = false) {
        self.timeout = timeout
        self.allowPrivateDestinations = allowPrivateDestinations
    }

    public func post(url: String, headers: [(String, String)], body: [UInt8]) async throws -> Int {
        guard let host = URL(string: url)?.host else { throw WebhookTransportError.refusedDestination("the URL has no host") }
        if let problem = WebhookDestination.problem(host: host, allowPrivate: allowPrivateDestinations) {
            throw WebhookTransportError.refusedDestination(problem)
        }
        if !allowPrivateDestinations {
            // getaddrinfo blocks: run it on NIO's thread pool, not on the tasks' cooperative threads.
            let addresses = try await NIOThreadPool.singleton.runIfActive { WebhookDestination.resolve(host) }
            if let problem = WebhookDestination.problem(resolvedAddresses: addresses, allowPrivate: false) {
                throw WebhookTransportError.refusedDestination(problem)
            }
        }
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(bytes: body))
        let response: HTTPClientResponse
        do { response = try await Self.client.execute(request, timeout: timeout) } catch let error as HTTPClientError {
            throw error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout
                ? WebhookTransportError.timedOut : WebhookTransportError.unreachable
        } catch {
            throw WebhookTransportError.unreachable
        }
        // The receiver's answer is not used; read (a little of) it so the connection can be reused.
        _ = try? await response.body.collect(upTo: 64 * 1024)
        return Int(response.status.code)
    }
}

/// Delivers alerts to agencies' webhooks: at least once, signed, with exponential backoff and
/// dead letters. Any number of servers may run one on the same database: the store's cursor
/// and claims make each delivery happen once (and a retry after a crash reuses the
/// idempotency key, so receivers can drop the duplicate).
public actor WebhookDispatcher {
    public static let userAgent = "CorridorWatch-Webhooks/1"

    let store: any CorridorStore
    let transport: any WebhookTransport
    let schedule: RetrySchedule
    let now: @Sendable () -> Date
    let logger: Logger
    /// How long a claimed delivery is ours before another server may try it.
    let lease: TimeInterval
    let batchSize: Int

    public init(
        store: any CorridorStore, transport: any WebhookTransport = HTTPWebhookTransport(), schedule: RetrySchedule = .init(),
        now: @escaping @Sendable () -> Date = Date.init, logger: Logger = Logger(label: "corridorwatch.webhooks"),
        lease: TimeInterval = 60, batchSize: Int = 20
    ) {
        self.store = store
        self.transport = transport
        self.schedule = schedule
        self.now = now
        self.logger = logger
        self.lease = lease
        self.batchSize = batchSize
    }

    /// What one pass did.
    public struct Pass: Sendable, Equatable {
        public var queued = 0
        public var delivered = 0
        public var retrying = 0
        public var dead = 0

        public init(queued: Int = 0, delivered: Int = 0, retrying: Int = 0, dead: Int = 0) {
            self.queued = queued
            self.delivered = delivered
            self.retrying = retrying
            self.dead = dead
        }
    }

    /// Queues new alerts for every active webhook, then attempts every delivery that is due.
    @discardableResult
    public func runOnce() async throws -> Pass {
        var pass = Pass()
        let hooks = try await store.webhooks()
        for hook in hooks where hook.active { pass.queued += try await queue(hook) }
        var byID = Dictionary(hooks.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        while true {
            let claimed = try await store.claimDeliveries(now: now(), lease: lease, limit: batchSize)
            if claimed.isEmpty { break }
            // Another server may have queued for a webhook created after this pass read them.
            if claimed.contains(where: { byID[$0.webhookID] == nil }) {
                byID = Dictionary(try await store.webhooks().map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
            }
            let current = byID
            let outcomes = await withTaskGroup(of: WebhookDelivery.self) { group in
                for delivery in claimed { group.addTask { await self.attempt(delivery, hook: current[delivery.webhookID]) } }
                var done: [WebhookDelivery] = []
                for await d in group { done.append(d) }
                return done
            }
            for d in outcomes {
                try await store.finish(delivery: d)
                switch d.status {
                case .delivered: pass.delivered += 1
                case .pending: pass.retrying += 1
                case .dead: pass.dead += 1
                }
                CorridorMetrics.recordWebhookAttempt(outcome: d.status == .pending ? "retry" : d.status.rawValue)
            }
            if claimed.count < batchSize { break }
        }
        return pass
    }

    /// Moves a webhook's cursor over the alerts stored since, queueing those its agency may
    /// read and asked for. Returns how many were queued.
    func queue(_ hook: Webhook) async throws -> Int {
        var cursor = hook.cursor
        var queued = 0
        while true {
            let batch = try await store.alerts(afterSeq: cursor, limit: 500)
            guard let last = batch.last?.seq else { break }
            let wanted = batch.filter { $0.isReadable(byAgency: hook.agencyID) && hook.wants(kind: $0.kind) }
            // Another server moved the cursor first: it queued these; the next pass goes on from there.
            guard try await store.queueDeliveries(webhookID: hook.id, cursor: cursor, newCursor: last, alerts: wanted, at: now()) else {
                break
            }
            queued += wanted.count
            cursor = last
            if batch.count < 500 { break }
        }
        return queued
    }

    /// Tries one delivery and returns it with its new status.
    func attempt(_ delivery: WebhookDelivery, hook: Webhook?) async -> WebhookDelivery {
        var d = delivery
        let time = now()
        func failed(_ reason: String) -> WebhookDelivery {
            d.lastError = reason
            if let wait = schedule.delay(afterFailedAttempts: d.attempts) {
                d.status = .pending
                d.nextAttemptAt = time.addingTimeInterval(wait)
            } else {
                d.status = .dead
                logger.warning("webhook delivery is a dead letter", metadata: ["delivery": "\(d.id)", "error": "\(reason)"])
            }
            return d
        }
        guard let hook, hook.active else {
            d.status = .dead
            d.lastError = "the webhook was removed or deactivated"
            return d
        }
        let alert: AlertRecord?
        do { alert = try await store.alert(id: d.alertID) } catch { return failed("reading the alert failed: \(error)") }
        guard let alert else {
            d.status = .dead
            d.lastError = "the alert no longer exists"
            return d
        }
        // Alerts are revised when their record changes (relabelled, withdrawn): what was
        // queued for an agency is sent only if the agency may still read it now.
        guard alert.isReadable(byAgency: hook.agencyID) else {
            d.status = .dead
            d.lastError = "not sent: the alert is no longer shared with this agency"
            return d
        }
        let body: [UInt8]
        do { body = try Self.payload(alert) } catch { return failed("encoding the alert failed: \(error)") }
        let headers = [
            ("Content-Type", "application/json"), ("User-Agent", Self.userAgent),
            (WebhookSignature.headerName, WebhookSignature.header(secret: hook.secret, timestamp: time, body: body)),
            ("Idempotency-Key", d.idempotencyKey), ("X-CorridorWatch-Delivery", d.id), ("X-CorridorWatch-Attempt", String(d.attempts)),
        ]
        do {
            let status = try await transport.post(url: hook.url, headers: headers, body: body)
            guard (200..<300).contains(status) else { return failed("HTTP \(status)") }
            d.status = .delivered
            d.deliveredAt = time
            d.lastError = nil
            return d
        } catch let error as WebhookTransportError {
            return failed(error.description)
        } catch {
            // Other transports' errors may carry internal detail: log it, store only the kind.
            logger.warning("webhook delivery failed", metadata: ["delivery": "\(d.id)", "error": "\(error)"])
            return failed("could not deliver")
        }
    }

    /// The alert as JSON (keys sorted, so the signed bytes are stable).
    static func payload(_ alert: AlertRecord) throws -> [UInt8] { Array(try DateFormats.jsonEncoder().encode(alert)) }
}
