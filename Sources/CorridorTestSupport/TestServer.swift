import CorridorAccess
import CorridorCoordination
import CorridorCore
import CorridorServer
import CorridorStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting

/// Runs the real router in-process against a store, with the test clock, as a signed-in
/// user of `Fixtures.agency` holding `roles` (through an API token), or anonymously.
public enum TestServer {
    /// Every role: the default for tests about behaviour rather than access.
    public static let allRoles: Set<Role> = Set(Role.allCases)

    public static func run<T: Sendable>(
        store: any CorridorStore, roles: Set<Role>? = allRoles, clock: TestClock = TestClock(),
        configuration: ServerConfiguration = testConfiguration, _ test: @Sendable (AuthedClient) async throws -> T
    ) async throws -> T {
        var token: String?
        if let roles {
            token = try await signIn(store: store, username: "tester", agency: Fixtures.agency, roles: roles)
        }
        let app = Application(
            router: CorridorApp.router(store: store, configuration: configuration, hasher: .forTesting(), now: { clock.now() }))
        let bearer = token
        return try await app.test(.router) { client in try await test(AuthedClient(client: client, token: bearer)) }
    }

    /// Alert streams without `max` or `timeout` end after 0.2 s instead of 5 minutes, so a test
    /// that calls every route does not wait on the stream.
    /// The test user's agency is the escalation authority, which keeps the mandate book.
    public static let testConfiguration = ServerConfiguration(
        alertPollInterval: .milliseconds(20), alertStreamLifetime: .milliseconds(200),
        casePolicy: CasePolicy(escalation: CaseDeadlines(authority: Fixtures.agency)), metrics: TestMetrics.registry)

    /// Creates the agency and user if missing and returns an API token carrying all their roles.
    public static func signIn(store: any CorridorStore, username: String, agency: String, roles: Set<Role>) async throws -> String {
        if try await store.agencies().contains(where: { $0.id == agency }) == false {
            _ = try await store.save(agency: Agency(id: agency, name: agency, kind: .police))
        }
        let user = User(id: username, displayName: username, agencyID: agency, roles: roles)
        _ = try await store.save(user: user, passwordHash: PasswordHasher.forTesting().hash(password), by: .system("test"))
        let token = Secrets.token()
        try await store.createToken(
            APITokenRecord(
                id: "tok-\(username)-\(UUID().uuidString.prefix(8))", tokenHash: Secrets.storedHash(token), userID: username,
                agencyID: agency, roles: roles, createdAt: Fixtures.now),
            by: .system("test"))
        return token
    }

    /// The password of users made by ``signIn(store:username:agency:roles:)``.
    public static let password = "Gwadar tides at dawn 7"

    /// A JSON request body.
    public static func json(_ text: String) -> ByteBuffer { ByteBuffer(string: text) }

    public static let jsonHeaders: HTTPFields = [.contentType: "application/json"]

    /// The response body parsed as a JSON object (empty when it is not one).
    public static func object(_ response: TestResponse) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(buffer: response.body))) as? [String: Any] ?? [:]
    }

    public static func text(_ response: TestResponse) -> String { String(buffer: response.body) }
}

/// A test client that sends the signed-in user's API token with every request.
public struct AuthedClient: Sendable {
    public let client: any TestClientProtocol
    public let token: String?

    public init(client: any TestClientProtocol, token: String?) {
        self.client = client
        self.token = token
    }

    /// The header that carries a session's CSRF token.
    public static let csrfHeader = HTTPField.Name("X-CSRF-Token")!

    @discardableResult
    public func execute<Return>(
        uri: String, method: HTTPRequest.Method, headers: HTTPFields = [:], body: ByteBuffer? = nil,
        testCallback: @escaping (TestResponse) async throws -> Return = { $0 }
    ) async throws -> Return {
        var all = headers
        if let token, all[.authorization] == nil { all[.authorization] = "Bearer \(token)" }
        return try await client.execute(uri: uri, method: method, headers: all, body: body, testCallback: testCallback)
    }

    /// Signs in through the web form as a browser does: reads `/login` for the form's token and
    /// cookie, then posts the form. Returns the response and the `cw_session=...` cookie pair.
    public func webSignIn(
        username: String, password: String = TestServer.password, next: String? = nil, cookie: String? = nil
    ) async throws -> (status: HTTPResponse.Status, location: String?, session: String?) {
        let (loginCookie, token) = try await anonymous(uri: "/login", method: .get) { response in
            let pair = response.headers[values: .setCookie].first { $0.hasPrefix("cw_login=") }?.split(separator: ";").first.map(
                String.init)
            let token = String(buffer: response.body).components(separatedBy: "name=\"login_token\" value=\"").dropFirst().first?
                .prefix { $0 != "\"" }
            return (pair ?? "", token.map(String.init) ?? "")
        }
        func encode(_ s: String) -> String { s.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? s }
        var form = "username=\(encode(username))&password=\(encode(password))&login_token=\(encode(token))"
        if let next { form += "&next=\(encode(next))" }
        let cookies = [cookie, loginCookie].compactMap { $0 }.joined(separator: "; ")
        return try await anonymous(
            uri: "/login", method: .post, headers: [.cookie: cookies, .contentType: "application/x-www-form-urlencoded"],
            body: ByteBuffer(string: form)
        ) { response in
            let session = response.headers[values: .setCookie].first { $0.hasPrefix("cw_session=") }?.split(separator: ";").first
            return (response.status, response.headers[.location], session.map(String.init))
        }
    }

    /// The same request with no credentials.
    @discardableResult
    public func anonymous<Return>(
        uri: String, method: HTTPRequest.Method, headers: HTTPFields = [:], body: ByteBuffer? = nil,
        testCallback: @escaping (TestResponse) async throws -> Return = { $0 }
    ) async throws -> Return {
        try await client.execute(uri: uri, method: method, headers: headers, body: body, testCallback: testCallback)
    }
}
