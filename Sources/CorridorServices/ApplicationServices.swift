import CorridorAccess
import CorridorAlerts
import CorridorCoordination
import CorridorRisk
import CorridorStore
import Foundation
import Logging

/// The services of one running platform, made once and shared by everything that serves it:
/// the HTTP routes, the maritime watch, the case-deadline loop. Sharing them is what keeps
/// one risk engine current and sends every event through one ``EventIntake``.
///
/// ```swift
/// let services = ApplicationServices(store: store, casePolicy: policy)
/// let watch = try await MaritimeWatch.start(store: store, intake: services.intake, logger: logger)
/// let router = CorridorApp.router(services: services, configuration: configuration)
/// ```
public struct ApplicationServices: Sendable {
    public let store: any CorridorStore
    public let risk: RiskService
    public let cases: CaseDesk
    public let alerts: EventAlerts
    public let intake: EventIntake
    public let views: EventViews
    public let auth: AuthService
    /// Hashes new passwords (bcrypt; a cheap one in tests).
    public let hasher: PasswordHasher
    public let now: @Sendable () -> Date

    public init(
        store: any CorridorStore, riskConfiguration: RiskConfiguration = .default, casePolicy: CasePolicy = .init(),
        alertRule: EventAlertRule = .init(), hasher: PasswordHasher = .production, now: @escaping @Sendable () -> Date = { Date() },
        logger: Logger = Logger(label: "corridorwatch")
    ) {
        self.store = store
        self.now = now
        risk = RiskService(store: store, configuration: riskConfiguration, now: now)
        cases = CaseDesk(store: store, rule: casePolicy.opening, deadlines: casePolicy.escalation, now: now, logger: logger)
        alerts = EventAlerts(store: store, rule: alertRule, now: now)
        intake = EventIntake(store: store, risk: risk, alerts: alerts, cases: cases)
        views = EventViews(store: store)
        auth = AuthService(store: store, hasher: hasher, now: now)
        self.hasher = hasher
    }
}
