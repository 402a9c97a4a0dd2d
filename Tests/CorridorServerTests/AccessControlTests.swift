import CorridorAccess
import CorridorCore
import CorridorServer
import CorridorServices
import CorridorStore
import CorridorTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Authorisation on every route, for every role, enumerated from the router itself: a new
/// route without a declared rule fails here.
@Suite struct RouteAuthorisationTests {
    /// Route paths from the router, with `{name}` parameters.
    static func routing(_ store: SQLStore) -> (router: Router<CorridorRequestContext>, rules: AccessRuleBook) {
        CorridorApp.routing(services: ApplicationServices(store: store, hasher: .forTesting()))
    }

    static func routes(_ store: SQLStore) -> [(method: String, path: String)] {
        routing(store).router.routes.map { route in
            let path =
                "/"
                + route.path.description.split(separator: "/").map {
                    $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0)
                }.joined(separator: "/")
            return (route.method.rawValue, path)
        }
    }

    @Test func everyRouteHasARuleAndEveryRuleARoute() async throws {
        try await TestDatabase.withStore(.sqlite) { (store: SQLStore) async throws in
            let routed = Set(Self.routes(store).map { "\($0.method) \($0.path)" })
            #expect(routed == Set(Self.routing(store).rules.all.keys))
        }
    }

    static func concrete(_ path: String) -> String {
        let id =
            path.hasPrefix("/api/v1/events") || path.hasPrefix("/events")
            ? Event.stableID(source: "test", sourceRef: "g1")
            : path.contains("tokens") ? "tok-none" : path.contains("users") ? "tester" : "gwadar-port"
        return path.replacingOccurrences(of: "{id}", with: id)
            .replacingOccurrences(of: "{name}", with: "app.css").replacingOccurrences(of: "{mmsi}", with: "463012345")
    }

    @Test(arguments: [nil, Role.viewer, .analyst, .responder, .coordinator, .admin] as [Role?])
    func eachRoleGetsExactlyWhatTheRulesAllow(role: Role?) async throws {
        try await TestDatabase.withStore(.sqlite) { (store: SQLStore) async throws in
            try await seeded(store)
            let routes = Self.routes(store)
            let rules = Self.routing(store).rules
            try await TestServer.run(store: store, roles: role.map { [$0] }) { client in
                for (method, path) in routes {
                    guard let rule = rules.requirement(method: method, path: path) else {
                        Issue.record("no rule for \(method) \(path)")
                        continue
                    }
                    let principal = role.map { Principal(userID: "tester", agencyID: Fixtures.agency, roles: [$0]) }
                    let expected = AccessRules.allows(rule, principal, viaSession: false)
                    let body: ByteBuffer? = method == "GET" ? nil : TestServer.json("{}")
                    let headers: HTTPFields = method == "GET" ? [:] : TestServer.jsonHeaders
                    let (status, secured) = try await client.execute(
                        uri: Self.concrete(path), method: .init(method) ?? .get, headers: headers, body: body
                    ) { response in
                        (
                            response.status,
                            response.headers[HTTPField.Name("Content-Security-Policy")!]?.contains("frame-ancestors 'none'") == true
                                && response.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff"
                                && response.headers[HTTPField.Name("Referrer-Policy")!] == "same-origin"
                        )
                    }
                    // Every answer of every route, refusals and problems included, carries the security headers.
                    #expect(secured, "\(method) \(path) answered without the security headers")
                    switch expected {
                    case .none: #expect(status == .unauthorized, "\(role?.rawValue ?? "anonymous") \(method) \(path): \(status)")
                    case .some(false): #expect(status == .forbidden, "\(role?.rawValue ?? "anonymous") \(method) \(path): \(status)")
                    case .some(true):
                        // Sign-in routes answer wrong credentials (here: none) with 401 themselves.
                        // Sign-in routes answer wrong credentials (here: none) with 401 themselves, and the
                        // web form without its own CSRF token with 403.
                        let signIn = ["POST /login", "POST /api/v1/session"].contains("\(method) \(path)")
                        #expect(
                            signIn || (status != .unauthorized && status != .forbidden),
                            "\(role?.rawValue ?? "anonymous") \(method) \(path): \(status)")
                    }
                }
            }
        }
    }
}

/// TLP 2.0 on every read path: single records, lists, and risk explanations.
@Suite struct TLPSharingTests {
    /// Events from `cert` of every label: AMBER shared with `police`, RED named to `c2`.
    func events() -> [Event] {
        TLP.allCases.map { label in
            var e = Fixtures.event(ref: "tlp-\(label.rawValue)", severity: 4)
            e.tlp = label
            e.originAgency = "cert"
            if label == .amber { e.sharedWithAgencies = ["police"] }
            if label == .red { e.sharedWithUsers = ["c2"] }
            return e
        }
    }

    @Test(arguments: [
        // (reader: nil = anonymous, or (user, agency)), visible labels
        (String?.none, String?.none, ["CLEAR"]),
        ("p1", "police", ["CLEAR", "GREEN", "AMBER"]),
        ("o1", "other", ["CLEAR", "GREEN"]),
        ("c1", "cert", ["CLEAR", "GREEN", "AMBER", "AMBER+STRICT"]),
        ("c2", "cert", ["CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED"]),
    ])
    func readersSeeExactlyWhatTheirLabelsAllow(user: String?, agency: String?, labels: [String]) async throws {
        try await TestDatabase.withStore(.sqlite) { (store: SQLStore) async throws in
            _ = try await store.save(site: Fixtures.site())
            for e in events() { _ = try await store.save(event: e) }
            var token: String?
            if let user, let agency {
                token = try await TestServer.signIn(store: store, username: user, agency: agency, roles: [.viewer])
            }
            let bearer = token
            try await TestServer.run(store: store, roles: nil) { anonymous in
                let client = AuthedClient(client: anonymous.client, token: bearer)
                for e in events() {
                    let status = try await client.execute(uri: "/api/v1/events/\(e.id)", method: .get) { $0.status }
                    #expect(status == (labels.contains(e.tlp.rawValue) ? .ok : .notFound), "\(e.tlp.rawValue) for \(user ?? "anonymous")")
                }
                let listed = try await client.execute(uri: "/api/v1/events?limit=2", method: .get) { response in
                    var all: [String] =
                        (TestServer.object(response)["items"] as? [[String: Any]])?.compactMap { $0["tlp"] as? String } ?? []
                    var cursor = TestServer.object(response)["next_cursor"] as? String
                    var pages = 0
                    while let c = cursor, pages < 10 {
                        pages += 1
                        let next = try await client.execute(uri: "/api/v1/events?limit=2&cursor=\(c)", method: .get) {
                            TestServer.object($0)
                        }
                        all += (next["items"] as? [[String: Any]])?.compactMap { $0["tlp"] as? String } ?? []
                        cursor = next["next_cursor"] as? String
                    }
                    return all
                }
                #expect(Set(listed) == Set(labels))
                if user == nil {
                    try await client.execute(uri: "/api/v1/events?near=gwadar-port", method: .get) { #expect($0.status == .unauthorized) }
                }
                #expect(listed.count == labels.count)
                if user != nil {
                    try await client.execute(uri: "/api/v1/stats", method: .get) { response in
                        #expect(TestServer.object(response)["events"] as? Int == labels.count)
                    }
                    try await client.execute(uri: "/api/v1/sites/gwadar-port/risk", method: .get) { response in
                        let body = TestServer.object(response)
                        let shown = (body["top_events"] as? [[String: Any]])?.count ?? -1
                        #expect(shown == labels.count)
                        #expect(body["withheld_events"] as? Int == 5 - labels.count)
                    }
                }
            }
        }
    }
}

/// Sessions: sign-in, CSRF on state-changing requests, expiry, sign-out, throttling.
@Suite struct SessionTests {
    func cookie(from response: TestResponse) -> String? {
        response.headers[.setCookie]?.split(separator: ";").first.map(String.init)
    }

    @Test func sessionsNeedCSRFAndExpire() async throws {
        try await TestDatabase.withStore(.sqlite) { (store: SQLStore) async throws in
            _ = try await TestServer.signIn(store: store, username: "ali", agency: Fixtures.agency, roles: [.analyst])
            let clock = TestClock()
            try await TestServer.run(store: store, roles: nil, clock: clock) { client in
                let login = #"{"username":"ali","password":"\#(TestServer.password)"}"#
                let (cookie, csrf) = try await client.execute(
                    uri: "/api/v1/session", method: .post, headers: TestServer.jsonHeaders, body: TestServer.json(login)
                ) { response in
                    #expect(response.status == .ok)
                    let setCookie = response.headers[.setCookie] ?? ""
                    #expect(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Lax"))
                    return (self.cookie(from: response) ?? "", TestServer.object(response)["csrf_token"] as? String ?? "")
                }
                let event = """
                    {"occurred_at":"2026-05-31T08:00:00Z","location":{"lat":25.13,"lon":62.33},"domain":"crime","type":"theft","severity":2,"title":"Theft","source":"s","source_ref":"r1"}
                    """
                var headers: HTTPFields = TestServer.jsonHeaders
                headers[.cookie] = cookie
                try await client.execute(uri: "/api/v1/events", method: .post, headers: headers, body: TestServer.json(event)) { response in
                    #expect(response.status == .forbidden)
                    #expect((TestServer.object(response)["detail"] as? String)?.contains("CSRF") == true)
                }
                headers[AuthedClient.csrfHeader] = "not-the-token"
                try await client.execute(uri: "/api/v1/events", method: .post, headers: headers, body: TestServer.json(event)) {
                    #expect($0.status == .forbidden)
                }
                headers[AuthedClient.csrfHeader] = csrf
                try await client.execute(uri: "/api/v1/events", method: .post, headers: headers, body: TestServer.json(event)) { response in
                    #expect(response.status == .created)
                    #expect(TestServer.object(response)["origin_agency"] as? String == Fixtures.agency)
                }
                clock.advance(by: SessionRecord.idleTimeout + 1)
                try await client.execute(uri: "/api/v1/session", method: .get, headers: [.cookie: cookie]) {
                    #expect($0.status == .unauthorized)
                }
            }
            let actions = try await store.auditLog(AuditQuery(actor: "ali")).map(\.action)
            #expect(actions.contains("login") && actions.contains("create"))
        }
    }

    /// S2, S11, S13, S16: a token is minted only from a session, expires, never shows its hash,
    /// and dies with a password change or a move to another agency; sessions die with the password.
    @Test(arguments: TestBackend.available)
    func credentialsDoNotOutliveTheirGrounds(backend: TestBackend) async throws {
        try await TestDatabase.withStore(backend) { (store: SQLStore) async throws in
            let token = try await TestServer.signIn(store: store, username: "ali", agency: Fixtures.agency, roles: [.analyst])
            _ = try await store.save(agency: Agency(id: "other-agency", name: "Other", kind: .police))
            let clock = TestClock()
            try await TestServer.run(store: store, roles: nil, clock: clock) { client in
                let bearer: HTTPFields = [.authorization: "Bearer \(token)", .contentType: "application/json"]
                // S11: a token cannot mint tokens.
                try await client.execute(
                    uri: "/api/v1/tokens", method: .post, headers: bearer, body: TestServer.json(#"{"roles":["analyst"]}"#)
                ) {
                    #expect($0.status == .forbidden)
                    #expect((TestServer.object($0)["detail"] as? String)?.contains("session") == true)
                }
                // A session can, and the answer shows no hash but an expiry.
                let login = #"{"username":"ali","password":"\#(TestServer.password)"}"#
                let (cookie, csrf) = try await client.execute(
                    uri: "/api/v1/session", method: .post, headers: TestServer.jsonHeaders, body: TestServer.json(login)
                ) {
                    response in
                    (
                        response.headers[.setCookie]?.split(separator: ";").first.map(String.init) ?? "",
                        TestServer.object(response)["csrf_token"] as? String ?? ""
                    )
                }
                let session: HTTPFields = [.cookie: cookie, AuthedClient.csrfHeader: csrf, .contentType: "application/json"]
                let minted = try await client.execute(
                    uri: "/api/v1/tokens", method: .post, headers: session, body: TestServer.json(#"{"roles":["analyst"]}"#)
                ) {
                    response in
                    #expect(response.status == .created)
                    let record = TestServer.object(response)["record"] as? [String: Any] ?? [:]
                    #expect(record["token_hash"] == nil && record["expires_at"] is String)
                    return TestServer.object(response)["token"] as? String ?? ""
                }
                try await client.execute(uri: "/api/v1/tokens", method: .get, headers: bearer) { response in
                    #expect(!TestServer.text(response).contains("token_hash"))
                }
                // S16 of the token API done; S2: moving the user to another agency ends every token and session.
                guard var (user, _) = try await store.user(id: "ali") else { return }
                user.agencyID = "other-agency"
                _ = try await store.save(user: user, passwordHash: nil, by: .system("test"))
                for t in [token, minted] {
                    try await client.execute(uri: "/api/v1/session", method: .get, headers: [.authorization: "Bearer \(t)"]) {
                        #expect($0.status == .unauthorized)
                    }
                }
                try await client.execute(uri: "/api/v1/session", method: .get, headers: [.cookie: cookie]) {
                    #expect($0.status == .unauthorized)
                }
                // S13: a new password ends the sessions made before it.
                let again = try await client.execute(
                    uri: "/api/v1/session", method: .post, headers: TestServer.jsonHeaders, body: TestServer.json(login)
                ) {
                    $0.headers[.setCookie]?.split(separator: ";").first.map(String.init) ?? ""
                }
                try await client.execute(uri: "/api/v1/session", method: .get, headers: [.cookie: again]) { #expect($0.status == .ok) }
                _ = try await store.save(
                    user: user, passwordHash: PasswordHasher.forTesting().hash("A whole new passphrase 9"), by: .system("test"))
                try await client.execute(uri: "/api/v1/session", method: .get, headers: [.cookie: again]) {
                    #expect($0.status == .unauthorized)
                }
            }
            #expect(try await store.tokens(userID: "ali").allSatisfy(\.revoked))
        }
    }

    @Test func tokensExpireAfterTheirLifetime() async throws {
        try await TestDatabase.withStore(.sqlite) { (store: SQLStore) async throws in
            let clock = TestClock()
            try await TestServer.run(store: store, roles: [.viewer], clock: clock) { client in
                try await client.execute(uri: "/api/v1/session", method: .get) { #expect($0.status == .ok) }
                clock.advance(by: APITokenRecord.lifetime + 1)
                try await client.execute(uri: "/api/v1/session", method: .get) { #expect($0.status == .unauthorized) }
            }
        }
    }

    /// S7, S8: unauthenticated sign-in attempts cannot grow the audit log without bound, and
    /// one address's failures do not lock out every account behind it.
    @Test func signInFloodsNeitherGrowTheLogNorLockOutAnAddress() async throws {
        try await TestDatabase.withStore(.sqlite) { (store: SQLStore) async throws in
            _ = try await TestServer.signIn(store: store, username: "ali", agency: Fixtures.agency, roles: [.viewer])
            try await TestServer.run(store: store, roles: nil) { client in
                let huge = #"{"username":"\#(String(repeating: "x", count: 100_000))","password":"p"}"#
                try await client.execute(
                    uri: "/api/v1/session", method: .post, headers: TestServer.jsonHeaders, body: TestServer.json(huge)
                ) {
                    #expect($0.status == .unauthorized || $0.status == .contentTooLarge)
                }
                // Six different accounts fail from one address; the seventh still signs in.
                for i in 0..<6 {
                    let wrong = #"{"username":"user\#(i)","password":"nope"}"#
                    try await client.execute(
                        uri: "/api/v1/session", method: .post, headers: TestServer.jsonHeaders, body: TestServer.json(wrong)
                    ) {
                        #expect($0.status == .unauthorized)
                    }
                }
                let right = #"{"username":"ali","password":"\#(TestServer.password)"}"#
                try await client.execute(
                    uri: "/api/v1/session", method: .post, headers: TestServer.jsonHeaders, body: TestServer.json(right)
                ) {
                    #expect($0.status == .ok)
                }
                // Throttled attempts are refused without an audit row each.
                let wrong = #"{"username":"bob","password":"nope"}"#
                for _ in 0..<20 {
                    try await client.execute(
                        uri: "/api/v1/session", method: .post, headers: TestServer.jsonHeaders, body: TestServer.json(wrong)
                    ) { _ in }
                }
            }
            let failed = try await store.auditLog(AuditQuery(action: "login_failed", limit: 1000))
            #expect(failed.count == 6 + 5)
            #expect(failed.allSatisfy { $0.actor.count <= 200 })
            #expect(try await store.auditLog(AuditQuery(action: "login_throttled")).isEmpty)
        }
    }

    @Test func wrongPasswordsAreAuditedAndThrottled() async throws {
        try await TestDatabase.withStore(.sqlite) { (store: SQLStore) async throws in
            _ = try await TestServer.signIn(store: store, username: "ali", agency: Fixtures.agency, roles: [.viewer])
            try await TestServer.run(store: store, roles: nil) { client in
                let wrong = #"{"username":"ali","password":"not the password at all"}"#
                for _ in 0..<5 {
                    try await client.execute(
                        uri: "/api/v1/session", method: .post, headers: TestServer.jsonHeaders, body: TestServer.json(wrong)
                    ) {
                        #expect($0.status == .unauthorized)
                    }
                }
                let right = #"{"username":"ali","password":"\#(TestServer.password)"}"#
                try await client.execute(
                    uri: "/api/v1/session", method: .post, headers: TestServer.jsonHeaders, body: TestServer.json(right)
                ) {
                    #expect($0.status == .tooManyRequests)
                }
            }
            #expect(try await store.auditLog(AuditQuery(action: "login_failed")).count == 5)
        }
    }

    /// S8: the throttle's count lives in the database, so a guesser who spreads attempts over
    /// several `serve` instances on one database meets the same limit as on one.
    @Test(arguments: TestBackend.available)
    func theThrottleHoldsAcrossServersOnOneDatabase(backend: TestBackend) async throws {
        try await TestDatabase.withStore(backend) { (store: SQLStore) async throws in
            _ = try await TestServer.signIn(store: store, username: "ali", agency: Fixtures.agency, roles: [.viewer])
            let wrong = #"{"username":"ali","password":"not the password at all"}"#
            let right = #"{"username":"ali","password":"\#(TestServer.password)"}"#
            try await TestServer.run(store: store, roles: nil) { first in
                try await TestServer.run(store: store, roles: nil) { second in
                    for (i, server) in [first, second, first, second, first].enumerated() {
                        try await server.execute(
                            uri: "/api/v1/session", method: .post, headers: TestServer.jsonHeaders, body: TestServer.json(wrong)
                        ) {
                            #expect($0.status == .unauthorized, "attempt \(i + 1)")
                        }
                    }
                    for server in [first, second] {
                        try await server.execute(
                            uri: "/api/v1/session", method: .post, headers: TestServer.jsonHeaders, body: TestServer.json(right)
                        ) {
                            #expect($0.status == .tooManyRequests)
                        }
                    }
                }
            }
            #expect(try await store.failures(keys: ["user:ali"], since: .distantPast) == ["user:ali": 5])
            // A success clears the account everywhere.
            try await LoginThrottle(ledger: store).recordSuccess(account: "ali")
            #expect(try await store.failures(keys: ["user:ali"], since: .distantPast).isEmpty)
        }
    }

    /// Guesses sent at the same instant used to be checked against the same count, so all of
    /// them got a password check; now attempts for one account run one after another.
    @Test(arguments: TestBackend.available)
    func parallelGuessesMeetTheSameLimitAsSerialOnes(backend: TestBackend) async throws {
        try await TestDatabase.withStore(backend) { (store: SQLStore) async throws in
            _ = try await TestServer.signIn(store: store, username: "ali", agency: Fixtures.agency, roles: [.viewer])
            let auth = AuthService(store: store, hasher: .forTesting(), now: { Fixtures.now })
            let outcomes = try await withThrowingTaskGroup(of: AuthService.LoginError?.self) { group in
                for _ in 0..<12 {
                    group.addTask {
                        do {
                            _ = try await auth.login(username: "ali", password: "wrong guess", address: "198.51.100.7")
                            return nil
                        } catch let error as AuthService.LoginError {
                            return error
                        }
                    }
                }
                return try await group.reduce(into: [AuthService.LoginError?]()) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 == .wrongCredentials }.count == 5)
            #expect(outcomes.filter { $0 == .throttled }.count == 7)
            #expect(try await store.auditLog(AuditQuery(action: "login_failed")).count == 5)
        }
    }

    @Test func webSignInAndOut() async throws {
        try await TestDatabase.withStore(.sqlite) { (store: SQLStore) async throws in
            _ = try await TestServer.signIn(store: store, username: "ali", agency: Fixtures.agency, roles: [.viewer])
            try await TestServer.run(store: store, roles: nil) { client in
                try await client.execute(uri: "/sites", method: .get) { response in
                    #expect(response.status == .unauthorized)
                    #expect(TestServer.text(response).contains("id=\"login-form\""))
                }
                let signedIn = try await client.webSignIn(username: "ali", next: "/sites")
                #expect(signedIn.status == .seeOther && signedIn.location == "/sites")
                let cookie = signedIn.session ?? ""
                // Signing in again while signed in is not a CSRF failure.
                #expect(try await client.webSignIn(username: "ali", cookie: cookie).status == .seeOther)
                // Login CSRF: a form posted without the token of the page's own cookie is refused.
                let forged = "username=ali&password=\(TestServer.password.replacingOccurrences(of: " ", with: "+"))"
                try await client.execute(
                    uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                    body: ByteBuffer(string: forged)
                ) { response in
                    #expect(response.status == .forbidden)
                    #expect(response.headers[.setCookie] == nil || !(response.headers[.setCookie] ?? "").hasPrefix("cw_session="))
                }
                try await client.execute(
                    uri: "/login", method: .post,
                    headers: [.cookie: "cw_login=guessed", .contentType: "application/x-www-form-urlencoded"],
                    body: ByteBuffer(string: forged + "&login_token=other")
                ) { #expect($0.status == .forbidden) }
                let csrf = try await client.execute(uri: "/sites", method: .get, headers: [.cookie: cookie]) { response in
                    let html = TestServer.text(response)
                    #expect(html.contains("id=\"current-user\">ali"))
                    let marker = "name=\"csrf_token\" value=\""
                    return html.components(separatedBy: marker).dropFirst().first?.prefix(43).description ?? ""
                }
                try await client.execute(
                    uri: "/logout", method: .post, headers: [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"],
                    body: ByteBuffer(string: "csrf_token=\(csrf)")
                ) { #expect($0.status == .seeOther) }
                try await client.execute(uri: "/sites", method: .get, headers: [.cookie: cookie]) { #expect($0.status == .unauthorized) }
                // An open redirect through ?next= is refused.
                #expect(LoginRedirect.safe("//evil.example/") == "/")
                #expect(LoginRedirect.safe("https://evil.example/") == "/")
                #expect(LoginRedirect.safe("/sites/cpec-10") == "/sites/cpec-10")
                // S9: browsers drop tabs and newlines from a Location, turning these into //evil.example.
                for hostile in [
                    "/\t/evil.example", "/\n/evil.example", "/\r/evil.example", "/ /evil.example", "/\\evil.example", "/\u{0}x",
                ] {
                    #expect(LoginRedirect.safe(hostile) == "/", "\(hostile.debugDescription)")
                }
                let tab = try await client.webSignIn(username: "ali", next: "/\t/evil.example")
                #expect(tab.location == "/")
            }
        }
    }
}

@Suite struct AdminPageTests {
    @Test func anAdministratorCreatesUsersAndAgenciesThroughTheForms() async throws {
        try await TestDatabase.withStore(.sqlite) { (store: SQLStore) async throws in
            _ = try await TestServer.signIn(store: store, username: "boss", agency: Fixtures.agency, roles: [.admin])
            try await TestServer.run(store: store, roles: nil) { client in
                let cookie = try await client.webSignIn(username: "boss").session ?? ""
                let csrf = try await client.execute(uri: "/admin/users", method: .get, headers: [.cookie: cookie]) { response in
                    TestServer.text(response).components(separatedBy: "name=\"csrf_token\" value=\"").dropFirst().first?.prefix(43)
                        .description ?? ""
                }
                let formHeaders: HTTPFields = [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"]
                try await client.execute(
                    uri: "/admin/agencies", method: .post, headers: formHeaders,
                    body: ByteBuffer(string: "csrf_token=\(csrf)&id=sindh-police&name=Sindh+Police&kind=police&jurisdiction=Sindh")
                ) { response in
                    #expect(TestServer.text(response).contains("Created agency sindh-police"))
                }
                try await client.execute(
                    uri: "/admin/users", method: .post, headers: formHeaders,
                    body: ByteBuffer(
                        string:
                            "csrf_token=\(csrf)&username=zara&agency_id=sindh-police&roles%5B%5D=analyst&roles%5B%5D=viewer&password=Indus+delta+at+dusk+9"
                    )
                ) { response in
                    #expect(TestServer.text(response).contains("Created user zara"))
                }
                try await client.execute(
                    uri: "/admin/users", method: .post, headers: formHeaders,
                    body: ByteBuffer(string: "csrf_token=\(csrf)&username=weak&agency_id=sindh-police&roles%5B%5D=viewer&password=short")
                ) { response in
                    #expect(response.status == .unprocessableContent)
                    #expect(TestServer.text(response).contains("at least 12 characters"))
                }
                try await client.execute(
                    uri: "/admin/users", method: .post, headers: formHeaders,
                    body: ByteBuffer(string: "username=nocsrf&agency_id=sindh-police&roles%5B%5D=viewer&password=Indus+delta+at+dusk+9")
                ) { #expect($0.status == .forbidden) }
            }
            // Role changes through the API are permission changes in the audit log.
            let token = try await TestServer.signIn(store: store, username: "boss", agency: Fixtures.agency, roles: [.admin])
            try await TestServer.run(store: store, roles: nil) { anonymous in
                let client = AuthedClient(client: anonymous.client, token: token)
                try await client.execute(
                    uri: "/api/v1/users/zara", method: .put, headers: TestServer.jsonHeaders,
                    body: TestServer.json(#"{"roles":["analyst","viewer","coordinator"]}"#)
                ) { #expect($0.status == .ok) }
                try await client.execute(
                    uri: "/api/v1/users/boss", method: .put, headers: TestServer.jsonHeaders,
                    body: TestServer.json(#"{"roles":["viewer"]}"#)
                ) { #expect($0.status == .unprocessableContent) }
            }
            #expect(try await store.auditLog(AuditQuery(action: "permission_change")).first?.objectID == "zara")
            let zara = try #require(try await store.user(id: "zara"))
            #expect(zara.0.roles == [.analyst, .viewer, .coordinator] && zara.0.agencyID == "sindh-police")
            #expect(try await store.auditLog(AuditQuery(actor: "boss", objectType: "user")).first?.objectID == "zara")
        }
    }
}

@Suite struct EventOwnershipTests {
    @Test func onlyTheReportingAgencyChangesAnEvent() async throws {
        try await TestDatabase.withStore(.sqlite) { (store: SQLStore) async throws in
            var e = Fixtures.event(ref: "owned")
            e.tlp = .green
            e.originAgency = "pmsa"
            _ = try await store.save(event: e)
            let id = e.id
            let body = """
                {"occurred_at":"2026-05-31T00:00:00Z","location":{"lat":25.12163,"lon":62.32541},"domain":"terrorism_insurgency",
                 "type":"armed_assault","severity":5,"title":"Changed","source":"test","source_ref":"owned","tlp":"GREEN"}
                """
            try await TestServer.run(store: store, roles: [.analyst]) { client in
                try await client.execute(uri: "/api/v1/events/\(id)", method: .get) { #expect($0.status == .ok) }
                try await client.execute(
                    uri: "/api/v1/events/\(id)", method: .put, headers: TestServer.jsonHeaders, body: TestServer.json(body)
                ) {
                    #expect($0.status == .forbidden)
                }
            }
            #expect(try await store.event(id: id)?.severity == 3)
        }
    }

    /// S1: POST with another agency's (source, source_ref) once overwrote the report and took it
    /// over, whatever its TLP; a client-sent id steered the readability check.
    @Test(arguments: TestBackend.available)
    func aReportCannotBeTakenOverThroughPost(backend: TestBackend) async throws {
        try await TestDatabase.withStore(backend) { (store: SQLStore) async throws in
            var strict = Fixtures.event(ref: "syn-2026-0001", source: "synthetic")
            strict.tlp = .amberStrict
            strict.originAgency = "pmsa"
            strict.title = "PMSA's own report"
            _ = try await store.save(event: strict)
            var imported = Fixtures.event(ref: "acled-1", source: "ACLED")
            imported.tlp = .clear
            imported.originAgency = nil
            _ = try await store.save(event: imported)
            let strictID = strict.id
            let importedID = imported.id
            @Sendable func body(_ source: String, _ ref: String, id: String? = nil) -> ByteBuffer {
                TestServer.json(
                    """
                    {\(id.map { "\"id\":\"\($0)\"," } ?? "")"occurred_at":"2026-05-31T00:00:00Z","location":{"lat":25.1,"lon":62.3},
                     "domain":"crime","type":"theft","severity":1,"title":"Taken over","source":"\(source)","source_ref":"\(ref)","tlp":"CLEAR"}
                    """)
            }
            try await TestServer.run(store: store, roles: [.analyst]) { client in
                // Another agency's AMBER+STRICT report: 409, the same answer as for any used reference.
                try await client.execute(
                    uri: "/api/v1/events", method: .post, headers: TestServer.jsonHeaders, body: body("synthetic", "syn-2026-0001")
                ) {
                    #expect($0.status == .conflict)
                    #expect(TestServer.object($0)["field"] as? String == "source_ref")
                }
                // A client id is refused, whatever it names.
                try await client.execute(
                    uri: "/api/v1/events", method: .post, headers: TestServer.jsonHeaders, body: body("mine", "m1", id: strictID)
                ) {
                    #expect($0.status == .unprocessableContent)
                    #expect(TestServer.object($0)["field"] as? String == "id")
                }
                // Imported public data (no origin agency) changes only by re-import.
                try await client.execute(
                    uri: "/api/v1/events", method: .post, headers: TestServer.jsonHeaders, body: body("ACLED", "acled-1")
                ) {
                    #expect($0.status == .conflict)
                }
                try await client.execute(
                    uri: "/api/v1/events/\(importedID)", method: .put, headers: TestServer.jsonHeaders, body: body("ACLED", "acled-1")
                ) {
                    #expect($0.status == .forbidden)
                }
                // The caller's own report: created, then updated by the same pair.
                try await client.execute(uri: "/api/v1/events", method: .post, headers: TestServer.jsonHeaders, body: body("mine", "m1")) {
                    #expect($0.status == .created)
                }
                try await client.execute(uri: "/api/v1/events", method: .post, headers: TestServer.jsonHeaders, body: body("mine", "m1")) {
                    #expect($0.status == .ok)
                    #expect($0.headers[HTTPField.Name("X-Save-Outcome")!] == "unchanged")
                }
            }
            let after = try #require(try await store.event(id: strict.id))
            #expect(after.title == "PMSA's own report" && after.originAgency == "pmsa" && after.tlp == .amberStrict)
            #expect(try await store.event(id: imported.id)?.title == imported.title)
            // The store refuses it too, inside the transaction.
            await #expect(throws: StoreError.notOriginator(origin: "pmsa")) {
                try await store.save(
                    event: strict, by: .system("test"),
                    reportedBy: Principal(userID: "tester", agencyID: Fixtures.agency, roles: [.analyst]))
            }
            // Nor may a colleague in the origin agency overwrite a RED report named to someone
            // else (found by AuthorisationMatrixTests): the origin is not enough, they must read it.
            var red = Fixtures.event(ref: "named-to-a-colleague")
            red.tlp = .red
            red.sharedWithUsers = ["colleague"]
            _ = try await store.save(event: red)
            red.title = "Taken over"
            await #expect(throws: StoreError.notOriginator(origin: Fixtures.agency)) {
                try await store.save(
                    event: red, by: .system("test"), reportedBy: Principal(userID: "tester", agencyID: Fixtures.agency, roles: [.analyst]))
            }
            #expect(try await store.event(id: red.id)?.title == "Test event named-to-a-colleague")
        }
    }
}
