/// A GeoJSON (RFC 7946) geometry. Positions are `[longitude, latitude]`.
public enum Geometry: Sendable, Hashable {
    case point(Coordinate)
    case lineString([Coordinate])
    case polygon([[Coordinate]])
    case multiPolygon([[[Coordinate]]])

    public var typeName: String {
        switch self {
        case .point: "Point"
        case .lineString: "LineString"
        case .polygon: "Polygon"
        case .multiPolygon: "MultiPolygon"
        }
    }
}

extension Geometry: Codable {
    private enum CodingKeys: String, CodingKey { case type, coordinates }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let type = try c.decode(String.self, forKey: .type)
        func position(_ p: [Double]) throws -> Coordinate {
            guard p.count >= 2 else {
                throw DecodingError.dataCorruptedError(
                    forKey: .coordinates, in: c, debugDescription: "a position needs [longitude, latitude]")
            }
            do { return try Coordinate(latitude: p[1], longitude: p[0]) } catch {
                throw DecodingError.dataCorruptedError(forKey: .coordinates, in: c, debugDescription: error.description)
            }
        }
        switch type {
        case "Point":
            self = .point(try position(try c.decode([Double].self, forKey: .coordinates)))
        case "LineString":
            self = .lineString(try c.decode([[Double]].self, forKey: .coordinates).map(position))
        case "Polygon":
            self = .polygon(try c.decode([[[Double]]].self, forKey: .coordinates).map { try $0.map(position) })
        case "MultiPolygon":
            self = .multiPolygon(
                try c.decode([[[[Double]]]].self, forKey: .coordinates).map { try $0.map { try $0.map(position) } })
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .type, in: c,
                debugDescription: "unsupported geometry type \"\(type)\" (Point, LineString, Polygon, MultiPolygon)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(typeName, forKey: .type)
        func p(_ x: Coordinate) -> [Double] { [x.longitude, x.latitude] }
        switch self {
        case .point(let x): try c.encode(p(x), forKey: .coordinates)
        case .lineString(let xs): try c.encode(xs.map(p), forKey: .coordinates)
        case .polygon(let rings): try c.encode(rings.map { $0.map(p) }, forKey: .coordinates)
        case .multiPolygon(let polys): try c.encode(polys.map { $0.map { $0.map(p) } }, forKey: .coordinates)
        }
    }
}
