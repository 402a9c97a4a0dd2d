import CorridorAccess
import CorridorCore
import CorridorServices
import CorridorStore
import Foundation
import HTTPTypes
import Hummingbird

/// Sign-in and tokens: `/api/v1/session`, `/api/v1/tokens`, and the web `/login`, `/logout`.
struct SessionController {
    let auth: AuthService
    let store: any CorridorStore
    let secureCookies: Bool

    func register(api: Routes, web: Routes) {
        api.post("session", .anyone, use: apiLogin)
        api.get("session", .signedIn, use: whoami)
        api.delete("session", .signedIn, use: apiLogout)
        api.get("tokens", .signedIn, use: listTokens)
        api.post("tokens", .session, use: createToken)
        api.delete("tokens/:id", .signedIn, use: revokeToken)
        web.get("login", .anyone) { request, _ in
            WebPages.loginPage(status: .ok, message: nil, next: request.formQuery["next"] ?? "/")
        }
        web.post("login", .anyone, use: webLogin)
        web.post("logout", .signedIn, use: webLogout)
    }

    func cookie(_ session: String) -> String {
        "\(AuthService.sessionCookie)=\(session); Path=/; HttpOnly; SameSite=Lax; Max-Age=\(Int(SessionRecord.absoluteTimeout))"
            + (secureCookies ? "; Secure" : "")
    }

    var clearedCookie: String {
        "\(AuthService.sessionCookie)=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0" + (secureCookies ? "; Secure" : "")
    }

    struct Credentials: Decodable {
        let username: String
        let password: String
    }

    struct SessionBody: Encodable, Sendable {
        let user: String
        let agency: String
        let roles: [String]
        let csrfToken: String?
        enum CodingKeys: String, CodingKey { case user, agency, roles, csrfToken = "csrf_token" }
    }

    @Sendable func apiLogin(_ request: Request, context: CorridorRequestContext) async throws -> Response {
        let c = try await JSONBody.decode(Credentials.self, from: request, context: context)
        do {
            let (session, csrf, user) = try await auth.login(username: c.username, password: c.password, address: context.remoteAddress)
            return try JSONBody.response(
                SessionBody(user: user.id, agency: user.agencyID, roles: user.roles.map(\.rawValue).sorted(), csrfToken: csrf),
                headers: [.setCookie: cookie(session)])
        } catch AuthService.LoginError.throttled {
            throw Problem(.tooManyRequests, "too many failed sign-ins; wait 15 minutes")
        } catch AuthService.LoginError.wrongCredentials {
            throw Problem(.unauthorized, "wrong username or password")
        }
    }

    @Sendable func whoami(_ request: Request, context: CorridorRequestContext) async throws -> Response {
        guard let p = context.principal else { throw Problem(.unauthorized, "not signed in") }
        return try JSONBody.response(
            SessionBody(user: p.userID, agency: p.agencyID, roles: p.roles.map(\.rawValue).sorted(), csrfToken: context.csrfToken))
    }

    @Sendable func apiLogout(_ request: Request, context: CorridorRequestContext) async throws -> Response {
        if let hash = context.sessionHash { try await auth.logout(sessionHash: hash, actor: context.auditActor) }
        return Response(status: .noContent, headers: [.setCookie: clearedCookie])
    }

    @Sendable func webLogin(_ request: Request, context: CorridorRequestContext) async throws -> Response {
        var request = request
        let form = try await WebForm.decode(WebForm.Login.self, from: &request)
        let next = LoginRedirect.safe(form.next)
        // Login CSRF: the form must carry the token of the cookie its own page set (SameSite=Strict,
        // so a form posted from another site arrives without it).
        guard let sent = form.loginToken, let expected = request.cookies[WebPages.loginCookie]?.value,
            Secrets.constantTimeEquals(sent, expected)
        else {
            return WebPages.loginPage(
                status: .forbidden, message: "This sign-in form has expired or came from another site. Please sign in again.", next: next)
        }
        do {
            let (session, _, _) = try await auth.login(
                username: form.username ?? "", password: form.password ?? "", address: context.remoteAddress)
            var headers: HTTPFields = [.location: next, .setCookie: cookie(session)]
            headers.append(
                HTTPField(name: .setCookie, value: "\(WebPages.loginCookie)=; Path=/login; HttpOnly; SameSite=Strict; Max-Age=0"))
            return Response(status: .seeOther, headers: headers)
        } catch AuthService.LoginError.throttled {
            return WebPages.loginPage(status: .tooManyRequests, message: "Too many failed sign-ins. Wait 15 minutes.", next: next)
        } catch AuthService.LoginError.wrongCredentials {
            return WebPages.loginPage(status: .unauthorized, message: "Wrong username or password.", next: next)
        }
    }

    @Sendable func webLogout(_ request: Request, context: CorridorRequestContext) async throws -> Response {
        if let hash = context.sessionHash { try await auth.logout(sessionHash: hash, actor: context.auditActor) }
        return Response(status: .seeOther, headers: [.location: "/login", .setCookie: clearedCookie])
    }

    struct TokenRequest: Decodable { let roles: [String] }
    struct NewToken: Encodable, Sendable {
        let token: String
        let record: APITokenRecord
    }

    @Sendable func createToken(_ request: Request, context: CorridorRequestContext) async throws -> Response {
        guard let p = context.principal else { throw Problem(.unauthorized, "not signed in") }
        let body = try await JSONBody.decode(TokenRequest.self, from: request, context: context)
        var roles = Set<Role>()
        for name in body.roles {
            guard let role = Role(rawValue: name) else {
                throw Problem(.unprocessableContent, "roles: \"\(name)\" is not a role", field: "roles")
            }
            roles.insert(role)
        }
        guard !roles.isEmpty else { throw Problem(.unprocessableContent, "roles: give at least one role", field: "roles") }
        guard roles.isSubset(of: p.roles) else { throw Problem(.forbidden, "a token cannot carry a role you do not hold", field: "roles") }
        let (token, record) = try await auth.createToken(for: p, roles: roles, actor: context.auditActor)
        return try JSONBody.response(NewToken(token: token, record: record), status: .created)
    }

    @Sendable func listTokens(_ request: Request, context: CorridorRequestContext) async throws -> JSONDocument<ListBody<APITokenRecord>> {
        guard let p = context.principal else { throw Problem(.unauthorized, "not signed in") }
        let tokens = try await store.tokens(userID: p.has(.admin) ? nil : p.userID)
        return JSONDocument(ListBody(items: tokens, nextCursor: nil))
    }

    @Sendable func revokeToken(_ request: Request, context: CorridorRequestContext) async throws -> Response {
        guard let p = context.principal else { throw Problem(.unauthorized, "not signed in") }
        let id = try context.parameters.require("id")
        let mine = try await store.tokens(userID: p.has(.admin) ? nil : p.userID)
        guard mine.contains(where: { $0.id == id }) else { throw Problem.notFound("token \(id)") }
        _ = try await store.revokeToken(id: id, by: context.auditActor)
        return Response(status: .noContent)
    }
}

/// Where a sign-in may send the browser next.
public enum LoginRedirect {
    /// Only local paths, so the login form cannot redirect to another site: printable ASCII
    /// without backslashes, starting with one "/". Browsers drop tabs and newlines from a
    /// Location before reading it (`/\t/evil.example` becomes `//evil.example`), so any
    /// control character or space refuses the whole value.
    public static func safe(_ next: String?) -> String {
        guard let next, next.count <= 2048, next.hasPrefix("/"), !next.hasPrefix("//"),
            next.unicodeScalars.allSatisfy({ (0x21...0x7E).contains($0.value) && $0 != "\\" })
        else { return "/" }
        return next
    }
}
