import CorridorAlerts
import CorridorCore
import CorridorStore
import Foundation
import Logging

/// Raises the alerts of a newly reported event (``EventAlertRule``): a severe event near a
/// site, and the public warning of a severe public event.
public struct EventAlerts: Sendable {
    let store: any CorridorStore
    let rule: EventAlertRule
    let now: @Sendable () -> Date
    let logger = Logger(label: "corridorwatch.alerts")

    public init(store: any CorridorStore, rule: EventAlertRule = .init(), now: @escaping @Sendable () -> Date = Date.init) {
        self.store = store
        self.rule = rule
        self.now = now
    }

    public func eventSaved(_ event: Event) async {
        guard event.severity >= rule.minimumSeverity else { return }
        do {
            let sites = try await store.sites(SiteQuery(near: event.location, radiusKm: rule.radiusKm))
            var linked: [Site] = []
            for id in event.siteIDs where !sites.contains(where: { $0.id == id }) {
                if let site = try await store.site(id: id) { linked.append(site) }
            }
            try await store.save(alerts: rule.alerts(for: event, sites: sites + linked, at: now()))
        } catch {
            // The event is stored; only its alert is missing, and the log says which.
            logger.error("raising the alerts of an event failed", metadata: ["event": "\(event.id)", "error": "\(error)"])
        }
    }
}
