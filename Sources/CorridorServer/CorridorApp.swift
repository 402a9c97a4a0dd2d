import CorridorAccess
import CorridorAlerts
import CorridorRisk
import CorridorServices
import CorridorStore
import Foundation
import Hummingbird
import Logging

/// Builds the router and application: the API under `/api/v1`, operational endpoints,
/// and the web UI.
///
/// ```swift
/// let services = ApplicationServices(store: store)
/// let app = CorridorApp.application(services: services, configuration: .init(port: 8080), logger: logger)
/// try await app.runService()
/// ```
public enum CorridorApp {
    /// A router with services of its own, for one server on a store.
    public static func router(
        store: any CorridorStore, configuration: ServerConfiguration = .init(),
        riskConfiguration: RiskConfiguration = .default, hasher: PasswordHasher = .production,
        now: @escaping @Sendable () -> Date = { Date() }
    ) -> Router<CorridorRequestContext> {
        router(
            services: ApplicationServices(
                store: store, riskConfiguration: riskConfiguration, casePolicy: configuration.casePolicy, hasher: hasher, now: now),
            configuration: configuration)
    }

    /// A router over services shared with the rest of the process (the maritime watch, the
    /// deadline loop), so every event goes through one intake and one risk engine.
    public static func router(
        services: ApplicationServices, configuration: ServerConfiguration = .init()
    ) -> Router<CorridorRequestContext> {
        routing(services: services, configuration: configuration).router
    }

    /// The router and the access rule every route declared (for the tests that hold each route
    /// to its rule and to docs/openapi.yaml).
    public static func routing(
        services: ApplicationServices, configuration: ServerConfiguration = .init()
    ) -> (router: Router<CorridorRequestContext>, rules: AccessRuleBook) {
        let hasher = services.hasher
        let store = services.store
        let now = services.now
        let risk = services.risk
        let auth = services.auth
        let router = Router(context: CorridorRequestContext.self)
        let rules = AccessRuleBook()
        router.add(middleware: SecurityHeadersMiddleware())
        router.add(middleware: ProblemMiddleware())
        router.add(middleware: MetricsMiddleware())
        router.add(middleware: ForwardedClientMiddleware(trusted: configuration.trustedProxies))
        router.add(middleware: AuthMiddleware(auth: auth, rules: rules))
        let web = Routes(router: router, rules: rules)
        let api = web.group("api/v1")

        web.get("healthz", .anyone) { _, _ in "ok\n" }
        web.get("readyz", .anyone) { _, context -> Response in
            do {
                try await store.ping()
                try await store.verifySchema()
            } catch let error as StoreError {
                // The store's own errors are written for operators ("run corridorwatch migrate").
                throw Problem(.serviceUnavailable, "database not ready: \(error)", retryAfter: 5)
            } catch {
                // A driver's error may name hosts and users: it goes to the log, not to an anonymous caller.
                context.logger.warning("not ready: \(error)")
                throw Problem(.serviceUnavailable, "database not ready (the server log says why)", retryAfter: 5)
            }
            return Response(
                status: .ok, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: "ready\n")))
        }
        // Counters move with every agency's saves, RED ones included: operators only.
        web.get("metrics", .admins) { _, _ -> Response in
            // The executable bootstraps metrics and hands the registry over; a router without
            // one (a library user's) has nothing to export.
            guard let registry = configuration.metrics else { throw Problem.notFound("metrics (not enabled on this server)") }
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: registry.emitToString())))
        }
        web.get("openapi.yaml", .anyone) { _, _ in try Assets.response(for: "openapi.yaml") }
        web.get("assets/:name", .anyone) { _, context in try Assets.response(for: try context.parameters.require("name")) }

        // Features, each registering its API routes and its pages with their access rules.
        let keeper = configuration.casePolicy.escalation.authority
        let views = services.views
        EventsController(store: store, intake: services.intake, now: now).register(on: api)
        StatsController(store: store, views: views, now: now).register(on: api)
        SitesController(store: store, risk: risk).register(on: api)
        RiskController(store: store, risk: risk).register(on: api)
        VesselsController(store: store).register(on: api)
        let mandates = MandateDesk(store: store, keeper: keeper)
        MandatesController(store: store, desk: mandates).register(on: api)
        MandatesPage(store: store, desk: mandates).register(on: web)
        CasesController(store: store, now: now, authority: keeper).register(on: api)
        PlaybooksController(store: store).register(on: api)
        CasePages(store: store, now: now).register(on: web)
        AlertsController(store: store, configuration: configuration, auth: auth).register(on: api)
        WebhooksController(
            store: store, now: now, allowPrivateDestinations: configuration.webhookAllowPrivateDestinations
        ).register(on: api)
        AlertPages(store: store, now: now, allowPrivateDestinations: configuration.webhookAllowPrivateDestinations).register(on: web)
        DashboardPage(store: store, risk: risk, views: views, now: now).register(on: web)
        EventPages(store: store, now: now).register(on: web)
        SitePages(store: store, risk: risk, now: now).register(on: web)
        RiskPages(store: store, risk: risk).register(on: web)
        SessionController(auth: auth, store: store, secureCookies: configuration.secureCookies).register(api: api, web: web)
        AdminController(store: store, hasher: hasher).register(on: api)
        AdminPages(store: store, hasher: hasher).register(on: web)
        return (router, rules)
    }

    /// The OpenAPI 3.1 document served at `/openapi.yaml` (also `docs/openapi.yaml`).
    public static func openAPIDocument() -> String? { Assets.openAPIText() }

    public static func application(
        services: ApplicationServices, configuration: ServerConfiguration, logger: Logger,
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        Application(
            router: router(services: services, configuration: configuration),
            configuration: .init(
                address: .hostname(configuration.host, port: configuration.port), serverName: "CorridorWatch"),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? configuration.port) },
            logger: logger)
    }
}

/// Files shipped inside the binary's resource bundle (CSS, JS, the OpenAPI document).
enum Assets {
    static let types = ["css": "text/css; charset=utf-8", "js": "text/javascript; charset=utf-8", "yaml": "application/yaml"]

    static func response(for name: String) throws -> Response {
        let parts = name.split(separator: ".")
        guard parts.count == 2, let type = types[String(parts[1])], !name.contains("/"),
            let url = Bundle.module.url(forResource: String(parts[0]), withExtension: String(parts[1]), subdirectory: "Assets"),
            let data = try? Data(contentsOf: url)
        else { throw Problem.notFound("asset \(name)") }
        return Response(
            status: .ok, headers: [.contentType: type, .cacheControl: "max-age=300"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func openAPIText() -> String? {
        Bundle.module.url(forResource: "openapi", withExtension: "yaml", subdirectory: "Assets")
            .flatMap { try? String(contentsOf: $0, encoding: .utf8) }
    }
}
