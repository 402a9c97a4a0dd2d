import CorridorAlerts
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
