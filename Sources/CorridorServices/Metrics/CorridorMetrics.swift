import Metrics

/// The platform's own counters, recorded through swift-metrics.
///
/// Where they go is the executable's choice: `serve` bootstraps a Prometheus registry and
/// exports it at `/metrics`; elsewhere (CLI imports, tests) they are counted by whatever
/// factory the process bootstrapped, or dropped.
///
/// ```swift
/// CorridorMetrics.recordEventSaved(outcome: "inserted")
/// ```
public enum CorridorMetrics {
    /// Counts events stored by any path (API, import, demo), labelled by what the save did.
    public static func recordEventSaved(outcome: String) {
        Counter(label: "corridorwatch_events_ingested_total", dimensions: [("outcome", outcome)]).increment()
    }

    /// Counts alerts sent on live streams (one per subscriber that received it).
    public static func recordAlertStreamed() {
        Counter(label: "corridorwatch_alerts_streamed_total").increment()
    }

    /// Counts webhook delivery attempts by outcome: `delivered`, `retry`, `dead`.
    public static func recordWebhookAttempt(outcome: String) {
        Counter(label: "corridorwatch_webhook_attempts_total", dimensions: [("outcome", outcome)]).increment()
    }
}
