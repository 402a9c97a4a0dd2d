import Foundation
import HTTPTypes
import Hummingbird

/// The client's address when the server sits behind proxies it was told to trust
/// (`serve --trusted-proxy`): the sign-in throttle, stream caps and the audit log should see the
/// person, not the proxy, or one person's failures would lock out everyone behind it (S8).
///
/// Only a request whose connection comes from a trusted proxy is believed, and only as far as
/// the chain is trusted: `X-Forwarded-For` is read from the right (the entry the nearest
/// proxy added), skipping trusted proxies, and the first other address is the client. A client
/// can write anything it likes at the left of the header, which is why the left is never read
/// first.
///
/// ```swift
/// ForwardedClient.address(peer: "10.0.0.2", forwardedFor: "198.51.100.7, 10.0.0.2", trusted: ["10.0.0.2"])
/// // "198.51.100.7"
/// ```
public enum ForwardedClient {
    /// The client's address, or `peer` when the peer is not trusted or forwarded nothing usable.
    public static func address(peer: String?, forwardedFor: String?, trusted: Set<String>) -> String? {
        guard let peer, trusted.contains(peer), let header = forwardedFor, header.utf8.count <= 2048 else { return peer }
        for entry in header.split(separator: ",").reversed() {
            let candidate = entry.trimmingCharacters(in: .whitespaces)
            guard isIPAddress(candidate) else { return peer }
            if !trusted.contains(candidate) { return candidate }
        }
        return peer
    }

    /// A literal IPv4 or IPv6 address, so that nothing else reaches logs or throttle keys.
    public static func isIPAddress(_ text: String) -> Bool {
        guard !text.isEmpty, text.utf8.count <= 45 else { return false }
        var v4 = in_addr()
        var v6 = in6_addr()
        return inet_pton(AF_INET, text, &v4) == 1 || inet_pton(AF_INET6, text, &v6) == 1
    }
}

/// Replaces the request context's address with the forwarded client's when the peer is a
/// trusted proxy. Runs before authentication, which throttles sign-ins by that address.
struct ForwardedClientMiddleware: RouterMiddleware {
    typealias Context = CorridorRequestContext
    let trusted: Set<String>

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard !trusted.isEmpty else { return try await next(request, context) }
        var context = context
        context.remoteAddress = ForwardedClient.address(
            peer: context.remoteAddress, forwardedFor: request.headers[values: .xForwardedFor].joined(separator: ","),
            trusted: trusted)
        return try await next(request, context)
    }
}

extension HTTPField.Name {
    static let xForwardedFor = HTTPField.Name("X-Forwarded-For")!
}
