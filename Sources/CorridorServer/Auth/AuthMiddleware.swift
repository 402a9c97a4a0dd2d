import CorridorAccess
import CorridorCore
import CorridorServices
import Foundation
import HTTPTypes
import Hummingbird

/// Resolves who is calling (session cookie or `Authorization: Bearer` token), enforces the
/// route's rule from ``AccessRules`` (401 to sign in, 403 forbidden), and requires the
/// session's CSRF token on state-changing requests made with a session cookie.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = CorridorRequestContext
    let auth: AuthService

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        var request = request
        var viaSession = false
        let path = context.endpointPath ?? request.uri.path
        let method = request.method.rawValue
        guard let rule = AccessRules.requirement(method: method, path: path) else {
            throw Problem(.forbidden, "no access rule for \(method) \(path)")
        }
        do {
            if let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer ") {
                let token = String(header.dropFirst("bearer ".count)).trimmingCharacters(in: .whitespaces)
                guard let principal = try await auth.principal(bearer: token) else {
                    throw Problem(.unauthorized, "the API token is unknown, expired or revoked")
                }
                context.principal = principal
            } else if let session = Self.cookie(AuthService.sessionCookie, in: request),
                let (principal, csrf, hash) = try await auth.principal(session: session)
            {
                context.principal = principal
                context.csrfToken = csrf
                context.sessionHash = hash
                viaSession = true
            }
        } catch let problem as Problem {
            throw problem
        } catch {
            // Credentials cannot be checked while the database is away. Routes open to anyone
            // (health, readiness, the public feed) answer for an anonymous caller; the rest say
            // when to try again instead of failing as if the server were broken.
            guard rule == .anyone else {
                context.logger.warning("credentials not checked", metadata: ["error": "\(error)"])
                throw Problem(.serviceUnavailable, "the database is not reachable; try again shortly", retryAfter: 5)
            }
            context.principal = nil
        }
        switch AccessRules.allows(rule, context.principal, viaSession: viaSession) {
        case .none:
            if Self.isPage(path) { return WebPages.loginPage(status: .unauthorized, message: "Please sign in to continue.", next: request.uri.path) }
            throw Problem(.unauthorized, "sign in or send an API token (Authorization: Bearer ...)")
        case .some(false):
            throw Problem(
                .forbidden, rule == .session ? "\(method) \(path) needs a signed-in session, not an API token" : "your role may not \(method) \(path)")
        case .some(true):
            break
        }
        // Routes open to anyone (signing in) act for no one, so they need no CSRF token; a
        // signed-in user who signs in again is not refused.
        if viaSession, rule != .anyone, ![.get, .head, .options].contains(request.method) {
            let sent = try await Self.csrf(from: &request)
            guard let sent, let expected = context.csrfToken, Secrets.constantTimeEquals(sent, expected) else {
                throw Problem(.forbidden, "missing or wrong CSRF token")
            }
        }
        return try await next(request, context)
    }

    /// Web pages get an HTML sign-in page instead of a problem document.
    static func isPage(_ path: String) -> Bool {
        !path.hasPrefix("/api/") && path != "/metrics" && path != "/openapi.yaml"
    }

    static func cookie(_ name: String, in request: Request) -> String? {
        for field in request.headers[values: .cookie] {
            for part in field.split(separator: ";") {
                let pair = part.trimmingCharacters(in: .whitespaces)
                if pair.hasPrefix(name + "=") { return String(pair.dropFirst(name.count + 1)) }
            }
        }
        return nil
    }

    /// The CSRF token from the `X-CSRF-Token` header or a form's `csrf_token` field (the body
    /// is read and put back for the route).
    static func csrf(from request: inout Request) async throws -> String? {
        if let header = request.headers[.csrfToken] { return header }
        guard request.headers[.contentType]?.lowercased().hasPrefix("application/x-www-form-urlencoded") == true else { return nil }
        let body = try await request.collectBody(upTo: 64 * 1024)
        return FormBody(String(buffer: body))["csrf_token"]
    }
}

extension HTTPField.Name {
    static let csrfToken = HTTPField.Name("X-CSRF-Token")!
}

/// An `application/x-www-form-urlencoded` body.
struct FormBody {
    let fields: [String: String]
    init(_ text: String) {
        var out: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map {
                String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0)
            }
            if let key = parts.first { out[key] = parts.count > 1 ? parts[1] : "" }
        }
        fields = out
    }
    subscript(_ key: String) -> String? { fields[key] }
}
