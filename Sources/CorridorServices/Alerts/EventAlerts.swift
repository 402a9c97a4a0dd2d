import CorridorAccess
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

    /// The alerts an event raised, brought in line with the event as it is now (S5): an alert
    /// the rule still raises takes the event's new label, sharing and text; one it no longer
    /// raises (a public warning for an event no longer CLEAR) is withdrawn: it takes the event's
    /// label and sharing, so the public feed, lists, streams and webhooks stop serving it, and
    /// says it was withdrawn. Alerts the changed event newly meets are raised when
    /// `raisingNew` (a live report), not for a record of the past.
    public func eventChanged(_ event: Event, raisingNew: Bool = true) async {
        do {
            let fresh = Dictionary(
                rule.alerts(for: event, sites: try await sitesInReach(of: event), at: now()).map { ($0.id, $0) },
                uniquingKeysWith: { a, _ in a })
            for kind in EventAlertRule.kinds {
                guard let stored = try await store.alert(id: "\(kind)-\(event.id)") else { continue }
                let revised: AlertRecord
                if var now = fresh[stored.id] {
                    now.createdAt = stored.createdAt
                    revised = now
                } else {
                    revised = Self.withdrawn(stored, of: event, because: "has changed")
                }
                try await revise(stored, to: revised)
                try await cancelInPublic(stored, revisedTo: revised)
            }
            // Alerts already stored are left as revised above; only newly met ones are added.
            if raisingNew { try await store.save(alerts: fresh.values.sorted { $0.id < $1.id }) }
        } catch {
            logger.error("revising the alerts of an event failed", metadata: ["event": "\(event.id)", "error": "\(error)"])
        }
    }

    /// The alerts the rule raised for an event that turned out not to have happened (a
    /// withdrawn detection): each says so, under the event's last label, so no channel keeps
    /// serving a warning about nothing.
    public func eventWithdrawn(_ event: Event) async {
        do {
            for kind in EventAlertRule.kinds {
                guard let stored = try await store.alert(id: "\(kind)-\(event.id)") else { continue }
                let revised = Self.withdrawn(stored, of: event, because: "was withdrawn")
                try await revise(stored, to: revised)
                try await cancelInPublic(stored, revisedTo: revised)
            }
        } catch {
            logger.error("withdrawing the alerts of an event failed", metadata: ["event": "\(event.id)", "error": "\(error)"])
        }
    }

    /// A stored alert marked withdrawn, with the event's label and sharing.
    static func withdrawn(_ stored: AlertRecord, of event: Event, because why: String) -> AlertRecord {
        AlertRecord(
            id: stored.id, kind: stored.kind, createdAt: stored.createdAt, siteID: stored.siteID, tlp: max(event.tlp, .green),
            title: "Withdrawn: the event this alert was about \(why)",
            details: ["event_id": event.id, "withdrawn": "true"], originAgency: event.originAgency,
            sharedWithAgencies: event.sharedWithAgencies, sharedWithUsers: event.sharedWithUsers)
    }

    /// When a public (CLEAR) warning stops being public, the public feed says so: a CLEAR
    /// cancellation referencing the warning, carrying nothing about the event. Only a warning
    /// that is public now is cancelled, so a repeated revision is cancelled once; the id names
    /// the text that was public, so a warning made public again with new text and withdrawn
    /// again is cancelled again.
    private func cancelInPublic(_ stored: AlertRecord, revisedTo revised: AlertRecord) async throws {
        guard stored.tlp == .clear, revised.tlp != .clear else { return }
        let published = AuditChain.sha256Hex("\(stored.title)\n\(stored.details.sorted { $0.key < $1.key })").prefix(16)
        let cancellation = AlertRecord(
            id: "\(AlertKind.eventPublicWarningWithdrawn)-\(stored.id)-\(published)", kind: .eventPublicWarningWithdrawn,
            createdAt: now(), siteID: nil, tlp: .clear, title: "Cancelled: an earlier public warning no longer stands",
            details: ["cancels": stored.id, "cancels_sent": DateFormats.format(stored.createdAt)])
        _ = try await store.save(alerts: [cancellation])
    }

    /// Rewrites a stored alert when the revision differs (seq and time are kept by the store).
    private func revise(_ stored: AlertRecord, to revision: AlertRecord) async throws {
        var unchanged = stored
        unchanged.seq = nil
        var revised = revision
        revised.seq = nil
        if revised != unchanged { _ = try await store.revise(alert: revised) }
    }

    public func eventSaved(_ event: Event) async {
        guard event.severity >= rule.minimumSeverity else { return }
        do {
            try await store.save(alerts: rule.alerts(for: event, sites: try await sitesInReach(of: event), at: now()))
        } catch {
            // The event is stored; only its alert is missing, and the log says which.
            logger.error("raising the alerts of an event failed", metadata: ["event": "\(event.id)", "error": "\(error)"])
        }
    }

    /// The sites within the rule's radius and those the event names.
    private func sitesInReach(of event: Event) async throws -> [Site] {
        let near = try await store.sites(SiteQuery(near: event.location, radiusKm: rule.radiusKm))
        var linked: [Site] = []
        for id in event.siteIDs where !near.contains(where: { $0.id == id }) {
            if let site = try await store.site(id: id) { linked.append(site) }
        }
        return near + linked
    }
}
