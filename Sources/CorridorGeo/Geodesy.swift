import CorridorCore
import Foundation

/// Distances and boxes on a spherical Earth (mean radius 6371.0088 km, IUGG).
///
/// The sphere is within 0.5 % of the WGS 84 ellipsoid, which is well inside the accuracy
/// of incident locations (usually a town centroid).
public enum Geodesy {
    public static let earthRadiusKm = 6371.0088

    /// Great-circle distance in kilometres (haversine).
    public static func distanceKm(_ a: Coordinate, _ b: Coordinate) -> Double {
        distanceKm(latitude: a.latitude, longitude: a.longitude, latitude: b.latitude, longitude: b.longitude)
    }

    /// Great-circle distance in kilometres between two positions given in degrees.
    public static func distanceKm(latitude lat1: Double, longitude lon1: Double, latitude lat2: Double, longitude lon2: Double) -> Double {
        let φ1 = lat1 * .pi / 180
        let φ2 = lat2 * .pi / 180
        let dφ = φ2 - φ1
        let dλ = (lon2 - lon1) * .pi / 180
        let h = sin(dφ / 2) * sin(dφ / 2) + cos(φ1) * cos(φ2) * sin(dλ / 2) * sin(dλ / 2)
        return 2 * earthRadiusKm * asin(min(1, sqrt(h)))
    }

    /// Distance in kilometres on a local flat projection (equirectangular at the mean
    /// latitude): within 0.5 % of ``distanceKm(latitude:longitude:latitude:longitude:)`` up
    /// to a few hundred kilometres away from the poles, and a fifth of its cost. For the
    /// per-report tests of the maritime detectors.
    @inlinable
    public static func localDistanceKm(
        latitude lat1: Double, longitude lon1: Double, latitude lat2: Double, longitude lon2: Double
    ) -> Double {
        let kx = 111.32 * cosine(degrees: (lat1 + lat2) / 2)
        let x = (lon2 - lon1) * kx
        let y = (lat2 - lat1) * 110.574
        return (x * x + y * y).squareRoot()
    }

    /// The cosine of a latitude, by its Taylor series to the 12th power: within 5e-7 of `cos`
    /// up to ±90° (within 1e-10 at Pakistan's latitudes) at a fraction of its cost. Outside
    /// ±90° it falls back to `cos`.
    @inlinable
    public static func cosine(degrees: Double) -> Double {
        guard abs(degrees) <= 90 else { return cos(degrees * .pi / 180) }
        let x = degrees * .pi / 180
        let x2 = x * x
        return 1 + x2 * (-1.0 / 2 + x2 * (1.0 / 24 + x2 * (-1.0 / 720 + x2 * (1.0 / 40_320 + x2 * (-1.0 / 3_628_800 + x2 / 479_001_600)))))
    }

    /// A box certain to contain every point within `radiusKm` of `center`, for index
    /// pre-filtering before an exact ``distanceKm(_:_:)`` test.
    public static func boundingBox(around center: Coordinate, radiusKm: Double) -> BoundingBox {
        let dLat = radiusKm / earthRadiusKm * 180 / .pi
        let cosLat = max(cos(center.latitude * .pi / 180), 1e-6)
        let dLon = min(180, dLat / cosLat)
        return BoundingBox(
            minLongitude: max(-180, center.longitude - dLon), minLatitude: max(-90, center.latitude - dLat),
            maxLongitude: min(180, center.longitude + dLon), maxLatitude: min(90, center.latitude + dLat))
    }
}

/// Point-in-polygon by ray casting; holes (inner rings) are subtracted.
public enum PolygonContainment {
    public static func contains(_ rings: [[Coordinate]], _ p: Coordinate) -> Bool {
        guard let outer = rings.first, ringContains(outer, p) else { return false }
        return !rings.dropFirst().contains { ringContains($0, p) }
    }

    public static func contains(_ geometry: Geometry, _ p: Coordinate) -> Bool {
        switch geometry {
        case .polygon(let rings): contains(rings, p)
        case .multiPolygon(let polys): polys.contains { contains($0, p) }
        case .point, .lineString: false
        }
    }

    static func ringContains(_ ring: [Coordinate], _ p: Coordinate) -> Bool {
        var inside = false
        var j = ring.count - 1
        for i in 0..<ring.count {
            let a = ring[i]
            let b = ring[j]
            if (a.latitude > p.latitude) != (b.latitude > p.latitude) {
                let x = (b.longitude - a.longitude) * (p.latitude - a.latitude) / (b.latitude - a.latitude) + a.longitude
                if p.longitude < x { inside.toggle() }
            }
            j = i
        }
        return inside
    }
}
