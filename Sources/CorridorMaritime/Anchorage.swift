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

    /// Within the circle (local flat distance; circles are tens of kilometres at most).
    public func contains(latitude: Double, longitude: Double) -> Bool {
        // Most positions are far from every port: a latitude band test first (110.5 km per degree).
        guard abs(latitude - self.latitude) * 110.5 <= radiusKm else { return false }
        return Geodesy.localDistanceKm(latitude: latitude, longitude: longitude, latitude: self.latitude, longitude: self.longitude)
            <= radiusKm
    }
}
