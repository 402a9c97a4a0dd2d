import CorridorAccess
import CorridorAlerts
import CorridorCore
import CorridorServices
import CorridorStore
import Metrics
import Prometheus

extension EventIntake {
    /// An intake on the test clock with the default alert rule, and a case desk when `cases`.
    ///
    /// ```swift
    /// let watch = MaritimeWatch(intake: .forTesting(store), sites: [], logger: TestDatabase.logger)
    /// ```
    public static func forTesting(_ store: any CorridorStore, clock: TestClock = TestClock(), cases: Bool = false) -> EventIntake {
        EventIntake(
            store: store, alerts: EventAlerts(store: store, now: { clock.now() }),
            cases: cases ? CaseDesk(store: store, now: { clock.now() }) : nil)
    }
}

/// The test process's metrics: bootstrapped once, as the executable does, so `/metrics` has
/// something to export.
public enum TestMetrics {
    public static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }()
}

extension CorridorStore {
    /// Saves as `system:unattributed`, for test set-up only: product code always names who
    /// acts, so these conveniences live here and not in CorridorStore.
    public func save(site: Site) async throws -> SaveOutcome { try await save(site: site, by: .system("unattributed")) }
    public func save(event: Event) async throws -> (SaveOutcome, Event) {
        try await save(event: event, by: .system("unattributed"))
    }
    public func save(agency: Agency) async throws -> SaveOutcome { try await save(agency: agency, by: .system("unattributed")) }
}
