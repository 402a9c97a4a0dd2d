import Hummingbird

/// The request context of every route. Authentication (a later module) adds the signed-in
/// user here, so one middleware can enforce access everywhere.
public struct CorridorRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage

    public init(source: Source) {
        coreContext = .init(source: source)
    }

    /// Request bodies over 1 MiB are refused with 413 before they are decoded.
    public var maxUploadSize: Int { ServerConfiguration.maxBodyBytes }
}
