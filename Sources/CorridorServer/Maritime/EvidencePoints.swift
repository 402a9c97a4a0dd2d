import CorridorMaritime
import Foundation

extension EvidenceGeoJSON {
    /// The first feature's evidence points, or nil when the text is not such a collection.
    static func points(from text: String) -> [MapSVG.EvidencePoint]? {
        guard let collection = EvidenceGeoJSON.decode(text),
            let feature = collection.features.first, let geometry = feature.geometry, let properties = feature.properties
        else { return nil }
        let times = properties.times
        let vessels = properties.evidenceMMSI
        return geometry.positions.enumerated().compactMap { i, c -> MapSVG.EvidencePoint? in
            guard c.count >= 2 else { return nil }
            return MapSVG.EvidencePoint(
                mmsi: i < vessels.count ? vessels[i] : 0, latitude: c[1], longitude: c[0], time: i < times.count ? times[i] : "")
        }
    }
}
