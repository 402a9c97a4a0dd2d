import CorridorCore
import Foundation

/// Finds the province of a coordinate from the shipped Natural Earth 1:10m admin-1 polygons.
///
/// The polygons are de-facto boundaries with pre-2018 names (FATA is mapped to Khyber
/// Pakhtunkhwa, into which it merged). Load once and share: ``shared``.
///
/// ```swift
/// let province = ProvinceLocator.shared.province(at: gwadar)   // .balochistan
/// ```
public struct ProvinceLocator: Sendable {
    public struct Area: Sendable {
        public let province: Province
        /// The name Natural Earth uses, e.g. `Baluchistan`.
        public let sourceName: String
        public let geometry: Geometry
        public let bounds: BoundingBox
    }

    public let areas: [Area]

    public static let shared: ProvinceLocator = {
        do { return try ProvinceLocator.bundled() } catch {
            // The file ships inside the binary's resource bundle; without it nothing is derivable.
            return ProvinceLocator(areas: [])
        }
    }()

    public init(areas: [Area]) { self.areas = areas }

    public static func bundled() throws -> ProvinceLocator {
        guard let url = Bundle.module.url(forResource: "pak_admin1_ne10m", withExtension: "geojson") else {
            throw GeoDataError.missingResource("pak_admin1_ne10m.geojson")
        }
        return try ProvinceLocator(geoJSON: Data(contentsOf: url))
    }

    /// Reads a FeatureCollection whose features carry a `name` property.
    public init(geoJSON data: Data) throws {
        struct Collection: Decodable {
            struct Feature: Decodable {
                struct Properties: Decodable { let name: String }
                let properties: Properties
                let geometry: Geometry
            }
            let features: [Feature]
        }
        let collection = try JSONDecoder().decode(Collection.self, from: data)
        var areas: [Area] = []
        for f in collection.features {
            guard let p = Province(normalising: f.properties.name) else {
                throw GeoDataError.unknownArea(f.properties.name)
            }
            areas.append(Area(province: p, sourceName: f.properties.name, geometry: f.geometry, bounds: f.geometry.bounds))
        }
        self.areas = areas
    }

    /// The province containing `c`, or nil when it lies outside every polygon (at sea, abroad).
    public func province(at c: Coordinate) -> Province? {
        for a in areas where a.bounds.contains(c) && PolygonContainment.contains(a.geometry, c) {
            return a.province
        }
        return nil
    }

    /// Like ``province(at:)`` but also accepts points within `toleranceKm` of a province,
    /// because coastal towns and ports often fall just outside 1:10m coastlines.
    public func nearestProvince(at c: Coordinate, toleranceKm: Double = 15) -> Province? {
        if let p = province(at: c) { return p }
        var best: (Province, Double)?
        for a in areas {
            let d = a.geometry.minimumVertexDistanceKm(to: c)
            if d <= toleranceKm, d < (best?.1 ?? .infinity) { best = (a.province, d) }
        }
        return best?.0
    }
}

public enum GeoDataError: Error, CustomStringConvertible {
    case missingResource(String)
    case unknownArea(String)
    public var description: String {
        switch self {
        case .missingResource(let n): "resource \(n) is missing from the bundle"
        case .unknownArea(let n): "admin-1 area \"\(n)\" is not a known province"
        }
    }
}

extension Geometry {
    /// Every position of the geometry, in order.
    public var allCoordinates: [Coordinate] {
        switch self {
        case .point(let p): [p]
        case .lineString(let ps): ps
        case .polygon(let rings): rings.flatMap { $0 }
        case .multiPolygon(let polys): polys.flatMap { $0.flatMap { $0 } }
        }
    }

    public var bounds: BoundingBox {
        let cs = allCoordinates
        return BoundingBox(
            minLongitude: cs.map(\.longitude).min() ?? 0, minLatitude: cs.map(\.latitude).min() ?? 0,
            maxLongitude: cs.map(\.longitude).max() ?? 0, maxLatitude: cs.map(\.latitude).max() ?? 0)
    }

    func minimumVertexDistanceKm(to c: Coordinate) -> Double {
        allCoordinates.reduce(Double.infinity) { min($0, Geodesy.distanceKm($1, c)) }
    }
}
