import Metrics
import Prometheus

/// swift-metrics allows one bootstrap per process, and it belongs to the executable: the
/// libraries only record. `serve` (and `demo`, which serves) export this registry at `/metrics`.
enum MetricsBootstrap {
    static let prometheus: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }()
}
