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

    /// Counts alerts sent on live streams (one per subscriber that received it).
    public static func recordAlertStreamed() {
        _ = registry
        Counter(label: "corridorwatch_alerts_streamed_total").increment()
    }

    /// Counts webhook delivery attempts by outcome: `delivered`, `retry`, `dead`.
    public static func recordWebhookAttempt(outcome: String) {
        _ = registry
        Counter(label: "corridorwatch_webhook_attempts_total", dimensions: [("outcome", outcome)]).increment()
    }
}
