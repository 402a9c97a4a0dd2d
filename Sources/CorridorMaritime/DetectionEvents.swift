import CorridorCore
import CorridorGeo
import Foundation

/// Turns detections into `Event`s of the `maritime` domain, so they reach the risk engine,
/// the map and alerts like any other event.
///
/// Severity (docs/maritime-detection.md): a security-zone entry 4, another zone 3; an
/// encounter 3; a changed name/IMO/call sign 3; an AIS gap 2 (3 from 24 hours); loitering 2;
/// an impossible jump or a position on land 2; an unallocated MID 2. One more (at most 5)
/// when the detection lies within ``nearSiteKm`` of a site. The nearest site within
/// ``linkSiteKm`` is linked (Gwadar port, for most traffic off Gwadar).
public struct DetectionEvents: Sendable {
    public static let source = "ais-detector"
    public var sites: [Site]
    public var zones: [Zone]
    public var linkSiteKm = 100.0
    public var nearSiteKm = 20.0
    /// GREEN by default: AIS is broadcast in the clear, so what is derived from it may go to
    /// every signed-in user of the community, but not to the public.
    public var tlp = TLP.green

    public init(sites: [Site], zones: [Zone]) {
        self.sites = sites
        self.zones = zones
    }

    /// The event id a detection is stored under (stable across revisions).
    public static func eventID(_ d: MaritimeDetection) -> String { Event.stableID(source: source, sourceRef: d.id) }

    public func event(for d: MaritimeDetection, reportedAt: Date) -> Event? {
        guard let location = try? Coordinate(latitude: d.latitude, longitude: d.longitude) else { return nil }
        let nearest = sites.map {
            (
                $0,
                Geodesy.distanceKm(
                    latitude: d.latitude, longitude: d.longitude, latitude: $0.location.latitude, longitude: $0.location.longitude)
            )
        }
        .min { $0.1 < $1.1 }
        let linked = nearest.flatMap { $0.1 <= linkSiteKm ? $0 : nil }
        var severity = Self.baseSeverity(d, zones: zones)
        if let nearest, nearest.1 <= nearSiteKm { severity = min(5, severity + 1) }
        let ongoing = d.end == nil ? " (ongoing)" : ""
        var narrative = "Automated detection by the CorridorWatch maritime detectors (rules in docs/maritime-detection.md)\(ongoing). "
        narrative += "From \(DateFormats.format(Date(timeIntervalSince1970: d.start)))"
        if let end = d.end { narrative += " to \(DateFormats.format(Date(timeIntervalSince1970: end)))" }
        narrative += ". " + d.details.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: "; ")
        if let linked { narrative += String(format: ". Nearest site: %@ (%.0f km).", linked.0.name, linked.1) }
        return Event(
            id: Self.eventID(d), occurredAt: Date(timeIntervalSince1970: d.start), timePrecision: .exact, reportedAt: reportedAt,
            location: location, geoPrecision: .exact,
            province: ProvinceLocator.shared.nearestProvince(at: location, toleranceKm: 100), place: linked.map { "near \($0.0.name)" },
            domain: .maritime, type: d.kind.rawValue, subtype: d.details["reason"] ?? d.details["zone"], severity: severity,
            siteIDs: linked.map { [$0.0.id] } ?? [], confidence: .unverified, tlp: tlp, title: Self.title(d) + ongoing,
            narrative: narrative, source: Self.source, sourceRef: d.id)
    }

    static func baseSeverity(_ d: MaritimeDetection, zones: [Zone]) -> Int {
        switch d.kind {
        case .zoneEntry: zones.first { $0.id == d.details["zone"] }?.isSecurityZone == false ? 3 : 4
        case .encounter: 3
        case .identityChange: d.details["reason"] == "invalid_mid" ? 2 : 3
        case .aisGap: (d.end ?? d.start) - d.start >= 24 * 3600 ? 3 : 2
        case .loitering, .positionAnomaly: 2
        }
    }

    static func title(_ d: MaritimeDetection) -> String {
        let vessel = "MMSI \(d.mmsi)"
        switch d.kind {
        case .aisGap: return "AIS gap: \(vessel) went silent at sea" + (d.details["hours"].map { " for \($0) h" } ?? "")
        case .loitering: return "Loitering: \(vessel) idled offshore" + (d.details["hours"].map { " for \($0) h" } ?? "")
        case .encounter: return "Encounter at sea: \(vessel) and MMSI \(d.details["other_mmsi"] ?? "?")"
        case .positionAnomaly:
            return d.details["reason"] == "on_land" ? "Position on land reported by \(vessel)" : "Impossible jump by \(vessel)"
        case .identityChange:
            return d.details["reason"] == "invalid_mid"
                ? "Unallocated country code in \(vessel)" : "Identity change: \(vessel) now reports a different identity"
        case .zoneEntry: return "Zone entry: \(vessel) in \(d.details["zone_name"] ?? d.details["zone"] ?? "a zone")"
        }
    }
}
