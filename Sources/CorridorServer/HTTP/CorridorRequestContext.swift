import CorridorCore
import Foundation
import Hummingbird

/// The request context of every route. Authentication (a later module) adds the signed-in
/// user here, so one middleware can enforce access everywhere.
public struct CorridorRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The client's address: the connection's peer, or, when the peer is a proxy the server
    /// was told to trust (`serve --trusted-proxy`), the client it forwarded for
    /// (``ForwardedClient``).
    public var remoteAddress: String?
    /// The signed-in user or API token holder; nil for anonymous requests. Set by the
    /// authentication middleware before any route runs.
    public var principal: Principal?
    /// The session's CSRF token when the request came with a session cookie.
    public var csrfToken: String?
    /// SHA-256 of the session id, for logout.
    public var sessionHash: String?

    public init(source: Source) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress?.ipAddress
    }

    /// Who the audit log records for changes made in this request.
    public var auditActor: AuditActor {
        AuditActor(name: principal?.userID ?? "anonymous", agency: principal?.agencyID, client: remoteAddress)
    }

    /// Values handlers return (``JSONDocument``) are written with the platform's JSON conventions.
    public var responseEncoder: JSONEncoder { DateFormats.jsonEncoder() }

    /// Request bodies over 1 MiB are refused with 413 before they are decoded.
    public var maxUploadSize: Int { ServerConfiguration.maxBodyBytes }
}
