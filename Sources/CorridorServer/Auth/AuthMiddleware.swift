import CorridorAccess
import CorridorCore
import CorridorServices
import Foundation
import HTTPTypes
import Hummingbird

/// Resolves who is calling (session cookie or `Authorization: Bearer` token), enforces the
/// route's rule (declared with the route, ``Routes``) (401 to sign in, 403 forbidden), and requires the
/// session's CSRF token on state-changing requests made with a session cookie.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = CorridorRequestContext
    let auth: AuthService
    /// The rules the routes declared as they were registered.
    let rules: AccessRuleBook

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        var request = request
        var viaSession = false
        let path = context.endpointPath ?? request.uri.path
        let method = request.method.rawValue
        guard let rule = rules.requirement(method: method, path: path) else {
            // Every routed operation has a rule, so no rule means no such operation: 405 with
            // the methods the path does answer, or 404 for a path nothing answers.
            let allowed = rules.methods(forRequestPath: request.uri.path)
            guard !allowed.isEmpty else { throw Problem.notFound("\(request.uri.path)") }
            var problem = Problem(.methodNotAllowed, "\(method) is not answered here; use \(allowed.joined(separator: ", "))")
            problem.allow = allowed
            throw problem
        }
        do {
            if let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer ") {
                let token = String(header.dropFirst("bearer ".count)).trimmingCharacters(in: .whitespaces)
                guard let principal = try await auth.principal(bearer: token) else {
                    throw Problem(.unauthorized, "the API token is unknown, expired or revoked")
                }
                context.principal = principal
            } else if let session = request.cookies[AuthService.sessionCookie]?.value,
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
            if Self.isPage(path) {
                return WebPages.loginPage(status: .unauthorized, message: "Please sign in to continue.", next: request.uri.path)
            }
            throw Problem(.unauthorized, "sign in or send an API token (Authorization: Bearer ...)")
        case .some(false):
            throw Problem(
                .forbidden,
                rule == .session ? "\(method) \(path) needs a signed-in session, not an API token" : "your role may not \(method) \(path)")
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

    /// The CSRF token from the `X-CSRF-Token` header or a form's `csrf_token` field (the body
    /// is read and put back for the route).
    static func csrf(from request: inout Request) async throws -> String? {
        if let header = request.headers[.csrfToken] { return header }
        guard request.headers[.contentType]?.lowercased().hasPrefix("application/x-www-form-urlencoded") == true else { return nil }
        let body = try await WebForm.collect(&request)
        // A body that is not a well-formed form carries no token: the request is refused as such.
        return (try? URLEncodedFormDecoder().decode(WebForm.CSRF.self, from: String(buffer: body)))?.csrfToken
    }
}

extension HTTPField.Name {
    static let csrfToken = HTTPField.Name("X-CSRF-Token")!
}
