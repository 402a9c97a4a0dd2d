import CorridorCore
import CorridorGeo
import Foundation

/// A restricted or security zone: a polygon, and the vessel types it applies to.
public struct Zone: Sendable, Hashable {
    public var id: String
    public var name: String
    /// Outer ring first, then holes; each ring closed or not.
    public let rings: [[Coordinate]]
    /// The rings' bounds, checked first (most positions are nowhere near a zone). Grown by
    /// 0.01° so the hysteresis margin around the edge is inside it.
    public let bounds: BoundingBox
    /// Security zones open a crisis case on entry (issue 7's default rule); others only alert.
    public var isSecurityZone: Bool
    /// AIS ship type codes the zone applies to (nil: every vessel; types unknown count as any).
    public var shipTypes: Set<Int>?

    public init(id: String, name: String, rings: [[Coordinate]], shipTypes: Set<Int>? = nil, isSecurityZone: Bool = true) {
        self.id = id
        self.name = name
        self.rings = rings
        self.shipTypes = shipTypes
        self.isSecurityZone = isSecurityZone
        let all = rings.flatMap { $0 }
        bounds = BoundingBox(
            minLongitude: (all.map(\.longitude).min() ?? 0) - 0.01, minLatitude: (all.map(\.latitude).min() ?? 0) - 0.01,
            maxLongitude: (all.map(\.longitude).max() ?? 0) + 0.01, maxLatitude: (all.map(\.latitude).max() ?? 0) + 0.01)
    }

    public func contains(latitude: Double, longitude: Double) -> Bool {
        guard let c = try? Coordinate(latitude: latitude, longitude: longitude) else { return false }
        return PolygonContainment.contains(rings, c)
    }

    /// Distance in km from a point to the zone's boundary (local flat approximation, fine at
    /// the scale of a port zone).
    public func distanceToBoundaryKm(latitude: Double, longitude: Double) -> Double {
        let kx = 111.32 * cos(latitude * .pi / 180)
        let ky = 110.574
        var best = Double.infinity
        for ring in rings where ring.count > 1 {
            for i in 0..<ring.count {
                let a = ring[i]
                let b = ring[(i + 1) % ring.count]
                let ax = (a.longitude - longitude) * kx
                let ay = (a.latitude - latitude) * ky
                let bx = (b.longitude - longitude) * kx
                let by = (b.latitude - latitude) * ky
                let dx = bx - ax
                let dy = by - ay
                let t = max(0, min(1, (dx * dx + dy * dy) > 0 ? -(ax * dx + ay * dy) / (dx * dx + dy * dy) : 0))
                best = min(best, hypot(ax + t * dx, ay + t * dy))
            }
        }
        return best
    }
}

/// Entries into and exits from zones, with hysteresis: a vessel is inside once it is in the
/// polygon and at least `marginKm` from its edge, and outside once it is out of the polygon by
/// the same margin, so a vessel moving along the boundary does not flap in and out.
public struct ZoneDetector: Sendable {
    public let zones: [Zone]
    public var marginKm: Double
    private var inside: [Int: [String: Double]] = [:]

    public init(zones: [Zone], marginKm: Double = 0.1) {
        self.zones = zones
        self.marginKm = marginKm
    }

    /// Takes a vessel's next point (and its ship type when known); returns entries (an open
    /// `zone_entry` detection) and exits (the same detection with an end).
    public mutating func observe(_ point: TrackPoint, shipType: Int? = nil) -> [MaritimeDetection] {
        observe(point, shipType: shipType, inside: &inside[point.mmsi, default: [:]])
    }

    /// The same for one vessel whose zones (id → entry time) the caller keeps. An exit is the
    /// entry's detection with its end set and `exit` = `true`.
    public func observe(_ point: TrackPoint, shipType: Int? = nil, inside current: inout [String: Double]) -> [MaritimeDetection] {
        var found: [MaritimeDetection] = []
        for zone in zones {
            guard zone.bounds.contains(latitude: point.latitude, longitude: point.longitude) || current[zone.id] != nil else { continue }
            if let types = zone.shipTypes, let type = shipType, !types.contains(type) { continue }
            let inPolygon = zone.contains(latitude: point.latitude, longitude: point.longitude)
            let clear = zone.distanceToBoundaryKm(latitude: point.latitude, longitude: point.longitude) >= marginKm
            let details = ["zone": zone.id, "zone_name": zone.name]
            if current[zone.id] == nil, inPolygon, clear {
                current[zone.id] = point.time
                found.append(
                    MaritimeDetection(
                        kind: .zoneEntry, mmsi: point.mmsi, start: point.time, end: nil, latitude: point.latitude,
                        longitude: point.longitude,
                        evidence: [point], details: details))
            } else if let entered = current[zone.id], !inPolygon, clear {
                current[zone.id] = nil
                var exit = details
                exit["exit"] = "true"
                found.append(
                    MaritimeDetection(
                        kind: .zoneEntry, mmsi: point.mmsi, start: entered, end: point.time, latitude: point.latitude,
                        longitude: point.longitude, evidence: [point], details: exit))
            }
        }
        return found
    }
}
