import CorridorCoordination
import Prometheus

/// Settings of the HTTP server.
public struct ServerConfiguration: Sendable {
    /// The largest request body accepted, in bytes (1 MiB).
    public static let maxBodyBytes = 1 << 20

    public var host: String
    public var port: Int
    /// Mark session cookies `Secure`: set when the server is reached over TLS (through a
    /// terminating proxy), so browsers never send the cookie in clear text.
    public var secureCookies: Bool

    /// How often an open alert stream looks for new alerts. Alerts from every server on
    /// the same database arrive within this interval.
    public var alertPollInterval: Duration
    /// How long one alert stream stays open before the server ends it; browsers reconnect
    /// on their own and resume after the last alert they saw.
    public var alertStreamLifetime: Duration
    /// Alert streams one user may hold open at once; more get 429 with `Retry-After`.
    public var alertStreamsPerUser: Int
    /// Alert streams this server holds open at once, for everyone.
    public var alertStreamsPerServer: Int
    /// CAP's `sender` for the public alerts feed (an address or domain of the operator).
    public var capSender: String
    /// When events open crisis cases and where missed deadlines escalate.
    public var casePolicy: CasePolicy
    /// Let webhooks go to loopback, private and link-local addresses (a receiver on this host or
    /// network, in development and tests). Off by default: see ``WebhookDestination``.
    public var webhookAllowPrivateDestinations: Bool
    /// Addresses of reverse proxies whose `X-Forwarded-For` names the client (``ForwardedClient``).
    /// Empty: the connection's peer is the client, and the header is ignored.
    public var trustedProxies: Set<String> = []
    /// The registry `/metrics` exports: the one the executable bootstrapped swift-metrics with.
    /// Nil serves 404 there.
    public var metrics: PrometheusCollectorRegistry?

    public init(
        host: String = "127.0.0.1", port: Int = 8080, secureCookies: Bool = false,
        alertPollInterval: Duration = .milliseconds(500), alertStreamLifetime: Duration = .seconds(300),
        alertStreamsPerUser: Int = 8, alertStreamsPerServer: Int = 2000,
        capSender: String = "corridorwatch", casePolicy: CasePolicy = .init(), webhookAllowPrivateDestinations: Bool = false,
        metrics: PrometheusCollectorRegistry? = nil
    ) {
        self.metrics = metrics
        self.alertStreamsPerUser = alertStreamsPerUser
        self.alertStreamsPerServer = alertStreamsPerServer
        self.host = host
        self.port = port
        self.secureCookies = secureCookies
        self.alertPollInterval = alertPollInterval
        self.alertStreamLifetime = alertStreamLifetime
        self.capSender = capSender
        self.casePolicy = casePolicy
        self.webhookAllowPrivateDestinations = webhookAllowPrivateDestinations
    }
}
