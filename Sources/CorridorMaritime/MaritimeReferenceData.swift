import CorridorCore
import CorridorGeo
import Foundation

/// A problem in a zone or port file, with where it is.
public struct MaritimeDataError: Error, CustomStringConvertible, Equatable {
    public var file: String
    /// 1-based feature number or line.
    public var position: Int?
    public var reason: String

    public init(file: String, position: Int?, reason: String) {
        self.file = file
        self.position = position
        self.reason = reason
    }

    public var description: String { "\(file)\(position.map { " (\($0))" } ?? ""): \(reason)" }
}

extension Anchorage {
    /// Ports and anchorages on Pakistan's coast (`Resources/pakistan_ports.csv`: GeoNames
    /// centres, radii chosen by the team; see PROVENANCE.md there).
    public static let pakistan: [Anchorage] = {
        guard let url = Bundle.module.url(forResource: "pakistan_ports", withExtension: "csv"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else { return [] }
        return text.split(separator: "\n").dropFirst().compactMap { line in
            let f = line.split(separator: ",", omittingEmptySubsequences: false)
            guard f.count >= 4, let lat = Double(f[1]), let lon = Double(f[2]), let r = Double(f[3]) else { return nil }
            return Anchorage(name: String(f[0]), latitude: lat, longitude: lon, radiusKm: r)
        }
    }()
}

extension Zone {
    /// The default zones: Gwadar's port security zone and its approach channel (illustrative,
    /// `Resources/gwadar_zones.geojson`).
    public static let gwadarDefaults: [Zone] = {
        guard let url = Bundle.module.url(forResource: "gwadar_zones", withExtension: "geojson"),
            let data = try? Data(contentsOf: url)
        else { return [] }
        return (try? Zone.load(geoJSON: data, file: "gwadar_zones.geojson")) ?? []
    }()

    /// Reads zones from a GeoJSON FeatureCollection of Polygons/MultiPolygons (the first
    /// polygon of a MultiPolygon). Properties: `id` (required, unique), `name`, `security`
    /// (default true), `ship_types` (AIS type codes; absent: every vessel).
    ///
    /// ```json
    /// {"type": "Feature", "properties": {"id": "pier-3", "name": "Pier 3", "ship_types": [30, 37]},
    ///  "geometry": {"type": "Polygon", "coordinates": [[[62.34, 25.10], [62.35, 25.10], [62.35, 25.11], [62.34, 25.10]]]}}
    /// ```
    public static func load(geoJSON data: Data, file: String) throws -> [Zone] {
        struct Collection: Decodable {
            struct Feature: Decodable {
                struct Properties: Decodable {
                    var id: String?
                    var name: String?
                    var security: Bool?
                    var ship_types: [Int]?
                }
                var properties: Properties?
                var geometry: Geometry?
            }
            var type: String
            var features: [Feature]?
        }
        let collection: Collection
        do { collection = try JSONDecoder().decode(Collection.self, from: data) } catch {
            throw MaritimeDataError(file: file, position: nil, reason: "not a GeoJSON FeatureCollection of zones: \(error)")
        }
        guard collection.type == "FeatureCollection", let features = collection.features else {
            throw MaritimeDataError(file: file, position: nil, reason: "expected a FeatureCollection, found \(collection.type)")
        }
        var zones: [Zone] = []
        for (i, feature) in features.enumerated() {
            let at = i + 1
            guard let id = feature.properties?.id, !id.isEmpty else {
                throw MaritimeDataError(file: file, position: at, reason: "feature \(at) has no `id` property")
            }
            guard !zones.contains(where: { $0.id == id }) else {
                throw MaritimeDataError(file: file, position: at, reason: "zone id \(id) is used twice")
            }
            let rings: [[Coordinate]]
            switch feature.geometry {
            case .polygon(let r)?: rings = r
            case .multiPolygon(let m)?: rings = m.first ?? []
            case let other?: throw MaritimeDataError(file: file, position: at, reason: "zone \(id) is a \(other.typeName), not a Polygon")
            case nil: throw MaritimeDataError(file: file, position: at, reason: "zone \(id) has no geometry")
            }
            guard let outer = rings.first, Set(outer).count >= 3 else {
                throw MaritimeDataError(file: file, position: at, reason: "zone \(id) needs a ring of at least 3 distinct points")
            }
            if let bad = feature.properties?.ship_types?.first(where: { !(0...99).contains($0) }) {
                throw MaritimeDataError(file: file, position: at, reason: "zone \(id): ship type \(bad) is not an AIS type code (0–99)")
            }
            zones.append(
                Zone(
                    id: id, name: feature.properties?.name ?? id, rings: rings, shipTypes: feature.properties?.ship_types.map(Set.init),
                    isSecurityZone: feature.properties?.security ?? true))
        }
        return zones
    }
}

/// Where the detectors watch: Pakistani waters near enough to the coast for shore receivers
/// and the shipped coastline to mean something.
public enum MaritimeArea {
    /// East of the Iran–Pakistan boundary's meeting with the sea (61.6° E), west of Sir Creek
    /// (68.5° E) and within `withinKm` (default 74 km, 40 nautical miles: a typical shore
    /// station's range for class A) of Pakistan's coast.
    public static let longitudes: ClosedRange<Double> = 61.6...68.5
    public static let withinKm = 74.0

    public static func pakistaniWaters(withinKm: Double = withinKm, coast: Coastline = .pakistan) -> @Sendable (Double, Double) -> Bool {
        { latitude, longitude in
            longitudes.contains(longitude) && coast.distance(isIn: 0...withinKm, latitude: latitude, longitude: longitude)
        }
    }
}
