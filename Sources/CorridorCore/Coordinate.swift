/// A WGS 84 position in decimal degrees.
///
/// `Coordinate` validates its range on construction through ``init(latitude:longitude:)``
/// so that every coordinate held by the domain is on the globe:
///
/// ```swift
/// let gwadar = try Coordinate(latitude: 25.12163, longitude: 62.32541)
/// ```
public struct Coordinate: Sendable, Hashable, Codable {
    public let latitude: Double
    public let longitude: Double

    /// Creates a coordinate, rejecting latitudes outside ±90 and longitudes outside ±180.
    public init(latitude: Double, longitude: Double) throws(CoordinateError) {
        guard latitude.isFinite, (-90.0...90.0).contains(latitude) else {
            throw .latitudeOutOfRange(latitude)
        }
        guard longitude.isFinite, (-180.0...180.0).contains(longitude) else {
            throw .longitudeOutOfRange(longitude)
        }
        self.latitude = latitude
        self.longitude = longitude
    }

    private enum CodingKeys: String, CodingKey { case latitude = "lat", longitude = "lon" }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let lat = try c.decode(Double.self, forKey: .latitude)
        let lon = try c.decode(Double.self, forKey: .longitude)
        do {
            try self.init(latitude: lat, longitude: lon)
        } catch {
            throw DecodingError.dataCorruptedError(
                forKey: .latitude, in: c, debugDescription: error.description)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(latitude, forKey: .latitude)
        try c.encode(longitude, forKey: .longitude)
    }
}

public enum CoordinateError: Error, Sendable, Equatable, CustomStringConvertible {
    case latitudeOutOfRange(Double)
    case longitudeOutOfRange(Double)

    public var description: String {
        switch self {
        case .latitudeOutOfRange(let v): "latitude \(v) is outside -90...90"
        case .longitudeOutOfRange(let v): "longitude \(v) is outside -180...180"
        }
    }
}

/// An axis-aligned box in degrees, as used by `bbox=minLon,minLat,maxLon,maxLat` filters.
public struct BoundingBox: Sendable, Hashable, Codable {
    public var minLongitude: Double
    public var minLatitude: Double
    public var maxLongitude: Double
    public var maxLatitude: Double

    public init(minLongitude: Double, minLatitude: Double, maxLongitude: Double, maxLatitude: Double) {
        self.minLongitude = minLongitude
        self.minLatitude = minLatitude
        self.maxLongitude = maxLongitude
        self.maxLatitude = maxLatitude
    }

    public func contains(_ c: Coordinate) -> Bool { contains(latitude: c.latitude, longitude: c.longitude) }

    public func contains(latitude: Double, longitude: Double) -> Bool {
        latitude >= minLatitude && latitude <= maxLatitude && longitude >= minLongitude && longitude <= maxLongitude
    }
}
