import Metrics
import Prometheus

/// Process-wide metrics, exported at `/metrics` in the Prometheus text format.
///
/// swift-metrics allows one bootstrap per process; touching ``registry`` performs it.
public enum CorridorMetrics {
    public static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }()

    /// Counts events stored by any path (API, import, demo), labelled by what the save did.
    public static func recordEventSaved(outcome: String) {
        _ = registry
        Counter(label: "corridorwatch_events_ingested_total", dimensions: [("outcome", outcome)]).increment()
    }
}
