import CorridorCore
import CorridorGeo
import Foundation

/// The alerts a newly reported event raises.
///
/// - `event.severe_near_site`: severity at or above ``minimumSeverity`` within ``radiusKm`` of
///   a site (or linked to one). Shared as the event is, but at least GREEN: it names sites,
///   which are not public.
/// - `event.public_warning`: the same severity on a TLP:CLEAR event. It says only what the
///   public event says (no site), and is what the CAP feed publishes.
public struct EventAlertRule: Sendable, Hashable {
    public var minimumSeverity: Int
    public var radiusKm: Double

    /// The kinds this rule raises; an event's alert of kind K has the id `K-EVENT_ID`.
    public static let kinds: [AlertKind] = [.eventSevereNearSite, .eventPublicWarning]

    public init(minimumSeverity: Int = 4, radiusKm: Double = 25) {
        self.minimumSeverity = minimumSeverity
        self.radiusKm = radiusKm
    }

    public func alerts(for event: Event, sites: [Site], at time: Date) -> [AlertRecord] {
        guard event.severity >= minimumSeverity else { return [] }
        var out: [AlertRecord] = []
        let near = sites.compactMap { site -> (Site, Double)? in
            let km = Geodesy.distanceKm(site.location, event.location)
            return event.siteIDs.contains(site.id) || km <= radiusKm ? (site, km) : nil
        }
        .sorted { $0.1 < $1.1 }
        if let (nearest, km) = near.first {
            var alert = AlertRecord(
                kind: .eventSevereNearSite, event: event, at: time,
                title:
                    "Severity \(event.severity) \(event.type.replacingOccurrences(of: "_", with: " ")) \(String(format: "%.0f", km)) km from \(nearest.name)",
                details: [
                    "sites": near.map(\.0.id).joined(separator: ","), "nearest_site_km": String(format: "%.1f", km),
                    "domain": event.domain.rawValue,
                ])
            alert.siteID = nearest.id
            alert.tlp = max(event.tlp, .green)
            out.append(alert)
        }
        if event.tlp == .clear {
            var details = ["domain": event.domain.rawValue, "narrative": event.narrative]
            if let province = event.province { details["province"] = province.rawValue }
            if let place = event.place { details["place"] = place }
            var alert = AlertRecord(kind: .eventPublicWarning, event: event, at: time, details: details)
            alert.siteID = nil
            out.append(alert)
        }
        return out
    }
}
