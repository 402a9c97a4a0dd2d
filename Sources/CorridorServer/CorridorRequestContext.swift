import CorridorCore
import Hummingbird

/// The request context of every route. Authentication (a later module) adds the signed-in
/// user here, so one middleware can enforce access everywhere.
public struct CorridorRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The client's address as the server saw it (no proxy headers are trusted).
    public let remoteAddress: String?

    public init(source: Source) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress?.ipAddress
    }

    /// Who the audit log records for changes made in this request. Until sign-in exists
    /// this is `anonymous` with the client address.
    public var auditActor: AuditActor {
        AuditActor(name: "anonymous", client: remoteAddress)
    }

    /// Request bodies over 1 MiB are refused with 413 before they are decoded.
    public var maxUploadSize: Int { ServerConfiguration.maxBodyBytes }
}
