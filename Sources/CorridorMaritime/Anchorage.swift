import CorridorGeo

/// A port or anchorage: a circle where idling, going quiet and meeting other ships is normal.
public struct Anchorage: Sendable, Hashable {
    public var name: String
    public var latitude: Double
    public var longitude: Double
    public var radiusKm: Double

    public init(name: String, latitude: Double, longitude: Double, radiusKm: Double) {
        self.name = name
        self.latitude = latitude
        self.longitude = longitude
        self.radiusKm = radiusKm
    }

    public func contains(latitude: Double, longitude: Double) -> Bool {
        Geodesy.distanceKm(latitude: latitude, longitude: longitude, latitude: self.latitude, longitude: self.longitude) <= radiusKm
    }
}
