import ArgumentParser
import CorridorAISFeed
import CorridorCoordination
import CorridorMaritime
import CorridorRisk
import CorridorServer
import CorridorServices
import CorridorStore
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the HTTP API and web UI.",
        discussion: """
            The schema must be current: run `corridorwatch migrate` first. The server stops
            gracefully on SIGINT or SIGTERM.
            """)

    @OptionGroup var options: GlobalOptions
    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on (0 picks a free one).") var port = 8080
    @OptionGroup var risk: RiskOptions
    @Flag(help: "Mark session cookies Secure (set when users reach the server over HTTPS, e.g. through a TLS proxy).")
    var secureCookies = false
    @Option(
        name: .customLong("ais-feed"),
        help: "Run an AIS feed in the server: FILE, tcp://HOST:PORT or udp://[HOST]:PORT (repeatable). See docs/ais.md.")
    var aisFeeds: [String] = []
    @Option(help: "Delete vessel positions older than this many days, hourly (0 keeps all).") var aisRetentionDays = 0
    @Option(help: "Zones for the maritime detectors (GeoJSON; default: the illustrative Gwadar set). See docs/maritime-detection.md.")
    var maritimeZones: String?
    @Flag(help: "Do not run the maritime detectors on the AIS feeds.") var noMaritimeDetection = false
    @Option(
        help:
            "How often open alert streams look for new alerts, in milliseconds (alerts from other servers on the same database arrive within this)."
    )
    var alertPollMs = 500
    @Option(help: "CAP 1.2 `sender` of the public alerts feed: an address or domain of whoever runs this server.")
    var capSender = "corridorwatch"
    @Option(help: "When events open crisis cases and where missed deadlines escalate (JSON; see docs/coordination.md).")
    var casePolicy: String?
    @Option(help: "Alert streams one user may hold open at once; more are refused with 429 and Retry-After.")
    var maxAlertStreamsPerUser = 8
    @Option(help: "Alert streams this server holds open at once, for all users together.")
    var maxAlertStreams = 2000
    @Option(
        help: "How often webhook deliveries are attempted, in milliseconds (0: this server sends none; another on the same database may).")
    var webhookIntervalMs = 1000
    @Flag(
        help:
            "Let webhooks go to loopback, private and link-local addresses (a receiver on this host or network; development and tests). Off: public addresses only."
    )
    var webhookAllowPrivateDestinations = false
    @Option(
        name: .customLong("trusted-proxy"),
        help: ArgumentHelp(
            "The address of a reverse proxy in front of this server (repeat for each). Requests from it are taken to come from the last address its X-Forwarded-For names, for sign-in throttling, stream caps and the audit log.",
            valueName: "ip"))
    var trustedProxies: [String] = []

    func validate() throws {
        for feed in aisFeeds {
            do {
                if case .standardInput = try FeedSource(parsing: feed) {
                    throw ValidationError("--ais-feed: standard input is not a server feed")
                }
            } catch let error as FeedSource.ParseError { throw ValidationError("--ais-feed \(error.description)") }
        }
        for proxy in trustedProxies where !ForwardedClient.isIPAddress(proxy) {
            throw ValidationError("--trusted-proxy \(proxy): give the proxy's IP address (as the server sees the connection)")
        }
        guard aisRetentionDays >= 0 else { throw ValidationError("--ais-retention-days must not be negative") }
        guard (10...60_000).contains(alertPollMs) else { throw ValidationError("--alert-poll-ms must be 10 to 60000") }
        guard maxAlertStreamsPerUser >= 1, maxAlertStreams >= maxAlertStreamsPerUser else {
            throw ValidationError("--max-alert-streams-per-user must be at least 1 and --max-alert-streams at least that")
        }
        guard webhookIntervalMs == 0 || (10...3_600_000).contains(webhookIntervalMs) else {
            throw ValidationError("--webhook-interval-ms must be 0 (off) or 10 to 3600000")
        }
        guard !capSender.isEmpty, !capSender.contains(where: { $0 == " " || $0 == "," || $0 == "<" || $0 == "&" }) else {
            throw ValidationError("--cap-sender must be non-empty without spaces, commas, < or &")
        }
        _ = try zones()
        _ = try policy()
    }

    func policy() throws -> CasePolicy { try CasePolicyFile.read(casePolicy) }

    func zones() throws -> [Zone] {
        guard let maritimeZones else { return Zone.gwadarDefaults }
        guard let data = FileManager.default.contents(atPath: maritimeZones) else { throw ValidationError("\(maritimeZones): cannot read") }
        do { return try Zone.load(geoJSON: data, file: maritimeZones) } catch let e as MaritimeDataError {
            throw ValidationError(e.description)
        }
    }

    func run() async throws {
        let riskConfiguration = try risk.configuration()
        let store: SQLStore
        do { store = try await options.openStore(migrate: false) } catch {
            printError("error: \(error)")
            throw ExitCode.failure
        }
        let feeds = try aisFeeds.map { try FeedSource(parsing: $0) }
        var configuration = ServerConfiguration(
            host: host, port: port, secureCookies: secureCookies, alertPollInterval: .milliseconds(alertPollMs),
            alertStreamsPerUser: maxAlertStreamsPerUser, alertStreamsPerServer: maxAlertStreams, capSender: capSender,
            casePolicy: try policy(), webhookAllowPrivateDestinations: webhookAllowPrivateDestinations)
        configuration.trustedProxies = Set(trustedProxies)
        try await Self.serve(
            store: store,
            configuration: configuration,
            risk: riskConfiguration, logger: options.logger(), aisFeeds: feeds, aisRetentionDays: aisRetentionDays,
            maritime: noMaritimeDetection ? nil : .corridor(zones: try zones()),
            webhookInterval: webhookIntervalMs == 0 ? nil : .milliseconds(webhookIntervalMs))
    }

    static func serve(
        store: SQLStore, configuration: ServerConfiguration, risk: RiskConfiguration, logger: Logger, aisFeeds: [FeedSource] = [],
        aisRetentionDays: Int = 0, maritime: MaritimeMonitor.Configuration? = nil, webhookInterval: Duration? = .seconds(1)
    ) async throws {
        let host = configuration.host
        var configuration = configuration
        // Feeds, detectors and webhooks record to the registry that /metrics serves.
        configuration.metrics = MetricsBootstrap.prometheus
        let policy = configuration.casePolicy
        // One set of services for the routes, the feeds and the loops: one intake, one risk engine.
        let services = ApplicationServices(store: store, riskConfiguration: risk, casePolicy: policy, logger: logger)
        let app = CorridorApp.application(
            services: services, configuration: configuration, logger: logger,
            onServerRunning: { actualPort in
                // Unbuffered, so scripts reading a pipe see the line at once.
                printNow("CorridorWatch is serving on http://\(host):\(actualPort)")
            })
        var runners: [ServiceGroupConfiguration.ServiceConfiguration] = [.init(service: app)]
        if try await !store.agencies().contains(where: { $0.id == policy.escalation.authority }) {
            logger.warning(
                "the escalation authority is not a known agency: level-2 escalations will reach nobody",
                metadata: ["authority": "\(policy.escalation.authority)"])
        }
        runners.append(.init(service: CaseDeadlineService(desk: services.cases, logger: logger)))
        if let webhookInterval {
            let dispatcher = WebhookDispatcher(
                store: store, transport: HTTPWebhookTransport(allowPrivateDestinations: configuration.webhookAllowPrivateDestinations),
                logger: logger)
            runners.append(.init(service: WebhookService(dispatcher: dispatcher, interval: webhookInterval, logger: logger)))
        }
        // One watch for all feeds: a vessel heard by two receivers is one track.
        var afterStore: (@Sendable (IngestBatch) async -> Void)?
        if !aisFeeds.isEmpty, let maritime {
            let watch = try await MaritimeWatch.start(store: store, intake: services.intake, configuration: maritime, logger: logger)
            afterStore = { batch in await watch.process(positions: batch.positions, statics: batch.statics, at: batch.newest) }
        }
        for feed in aisFeeds {
            var feedLogger = logger
            feedLogger[metadataKey: "feed"] = "\(feed)"
            let ingest = AISIngest(store: store, afterStore: afterStore, logger: feedLogger)
            runners.append(
                .init(service: AISFeedService(ingest: ingest, source: feed, logger: logger), successTerminationBehavior: .ignore))
        }
        if aisRetentionDays > 0 {
            runners.append(.init(service: PositionRetentionService(store: store, days: aisRetentionDays, logger: logger)))
        }
        let group = ServiceGroup(configuration: .init(services: runners, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        do { try await group.run() } catch {
            await store.close()
            throw error
        }
        await store.close()
    }

    /// Serves with the defaults on `host:port` (the demo's server).
    static func serve(store: SQLStore, host: String, port: Int, risk: RiskConfiguration, logger: Logger) async throws {
        try await serve(store: store, configuration: ServerConfiguration(host: host, port: port), risk: risk, logger: logger)
    }
}
