import CorridorAccess
import CorridorAlerts
import CorridorCore
import CorridorServices
import CorridorStore
import Foundation
import HTTPTypes
import Hummingbird

/// `/api/v1/alerts` (list and live stream) and `/api/v1/cap/...` (public alerts as CAP 1.2).
struct AlertsController {
    let store: any CorridorStore
    let configuration: ServerConfiguration
    /// Re-checks an open stream's credentials, so a sign-out or a revoked token ends it.
    let auth: AuthService
    /// One poller of the newest alert for all of this server's streams.
    let feed: AlertFeed
    /// The caps on open streams.
    let slots: StreamSlots

    init(store: any CorridorStore, configuration: ServerConfiguration, auth: AuthService) {
        self.store = store
        self.configuration = configuration
        self.auth = auth
        self.feed = AlertFeed(store: store, interval: configuration.alertPollInterval)
        self.slots = StreamSlots(perHolder: configuration.alertStreamsPerUser, total: configuration.alertStreamsPerServer)
    }

    func register(on routes: Routes) {
        routes.get("alerts", .signedIn, use: list)
        routes.get("alerts/stream", .signedIn, use: stream)
        routes.get("cap/alerts.xml", .anyone, use: capFeed)
        routes.get("cap/alerts/:id", .anyone, use: capAlert)
    }

    struct ListBody: Encodable, Sendable {
        let items: [AlertRecord]
        /// Continue with `?after=` this value: it passes alerts the reader may not see too.
        let nextAfter: Int
        enum CodingKeys: String, CodingKey { case items, nextAfter = "next_after" }
    }

    /// Newest first; with `after`, the alerts after that seq in order (for catching up).
    @Sendable func list(_ request: Request, context: CorridorRequestContext) async throws -> JSONDocument<ListBody> {
        let q = try QueryParameters(request, also: ["after"])
        let limit = try q.int("limit", range: 1...1000) ?? 100
        let kinds = AlertKindFilter.parse(q["kind"])
        let scanned: [AlertRecord]
        let after = try q.int("after", range: 0...Int.max)
        if let after {
            scanned = try await store.alerts(afterSeq: after, limit: limit)
        } else {
            scanned = try await store.alerts(kind: nil, limit: limit)
        }
        let items = scanned.filter { $0.isReadable(by: context.principal) && AlertKindFilter.matches($0.kind, kinds) }
        let next = scanned.compactMap(\.seq).max() ?? after ?? 0
        return JSONDocument(ListBody(items: items, nextAfter: next))
    }

    /// Whether the credentials the stream was opened with still stand for the same user and
    /// agency: a sign-out, a new password, a move or a revoked token ends the stream at its next
    /// check. A database that does not answer is not a revocation.
    static func credentialsCheck(_ request: Request, reader: Principal?, auth: AuthService) -> @Sendable () async -> Bool {
        guard let reader else { return { true } }
        let header = request.headers[.authorization]
        let bearer = header.flatMap {
            $0.lowercased().hasPrefix("bearer ") ? String($0.dropFirst(7)).trimmingCharacters(in: .whitespaces) : nil
        }
        let session = request.cookies[AuthService.sessionCookie]?.value
        return {
            do {
                let now: Principal?
                if let bearer {
                    now = try await auth.principal(bearer: bearer)
                } else if let session {
                    now = try await auth.principal(session: session)?.0
                } else {
                    now = nil
                }
                return now?.userID == reader.userID && now?.agencyID == reader.agencyID
            } catch {
                return true
            }
        }
    }

    /// `text/event-stream` of the alerts the caller may read, from `Last-Event-ID` (or
    /// `?after=`) on, or from now when neither is given.
    @Sendable func stream(_ request: Request, context: CorridorRequestContext) async throws -> Response {
        let q = try QueryParameters(request, also: ["after", "max", "timeout"])
        var after: Int
        if let header = request.headers[.lastEventID] {
            guard let seq = Int(header.trimmingCharacters(in: .whitespaces)), seq >= 0 else {
                throw Problem(.badRequest, "Last-Event-ID: \"\(header)\" is not an alert sequence number this server sent")
            }
            after = seq
        } else if let seq = try q.int("after", range: 0...Int.max) {
            after = seq
        } else {
            after = Int.max
        }
        // An id from before a restore (or from another database) would wait for numbers that
        // may never come: start from the newest alert instead.
        let latest = try await store.latestAlertSeq()
        if after > latest { after = latest }
        let lifetime = try q.int("timeout", range: 1...3600).map { Duration.seconds($0) } ?? configuration.alertStreamLifetime
        // Streams need a sign-in (AccessRules); were that to change, callers without one are
        // told apart by address rather than sharing one user's cap.
        let holder = context.principal.map { "user:" + $0.userID } ?? "address:" + (context.remoteAddress ?? "unknown")
        guard let lease = slots.take(for: holder) else {
            let open = slots.open(for: holder)
            let which =
                open.holder >= slots.perHolder
                ? "you have \(open.holder) alert streams open (at most \(slots.perHolder))"
                : "this server has \(open.total) alert streams open (at most \(slots.total))"
            throw Problem(.tooManyRequests, "\(which); close one or try again later", retryAfter: 30)
        }
        let stream = AlertStream(
            store: store, feed: feed, reader: context.principal, after: after, kinds: AlertKindFilter.parse(q["kind"]),
            maximum: try q.int("max", range: 1...100_000), lifetime: lifetime, pollInterval: configuration.alertPollInterval,
            stillAuthorised: Self.credentialsCheck(request, reader: context.principal, auth: auth))
        return Response(
            status: .ok,
            headers: [.contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-cache", .accelBuffering: "no"],
            body: stream.body(holding: lease))
    }

    /// An Atom feed of the newest public (TLP:CLEAR) alerts, each entry a CAP 1.2 alert.
    @Sendable func capFeed(_ request: Request, context: CorridorRequestContext) async throws -> Response {
        let q = try QueryParameters(request)
        let limit = try q.int("limit", range: 1...500) ?? 100
        let alerts = try await store.alerts(tlp: .clear, limit: limit)
        let xml = CAPDocument(sender: configuration.capSender).feed(alerts, selfURL: "/api/v1/cap/alerts.xml", updated: Date())
        return Response(
            status: .ok, headers: [.contentType: "application/atom+xml; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: xml)))
    }

    /// One public alert as a CAP 1.2 document; restricted alerts are "not found".
    @Sendable func capAlert(_ request: Request, context: CorridorRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        guard let alert = try await store.alert(id: id), CAPDocument.isPublic(alert) else { throw Problem.notFound("public alert \(id)") }
        return Response(
            status: .ok, headers: [.contentType: "application/cap+xml; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: CAPDocument(sender: configuration.capSender).xml(for: alert))))
    }
}
