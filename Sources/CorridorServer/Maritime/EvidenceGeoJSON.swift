import Foundation

/// The GeoJSON FeatureCollection a detection's evidence is stored as, read for the event page.
///
/// `DetectionExport.featureCollection` (CorridorMaritime) writes it: one Feature per
/// detection whose geometry is the evidence, a `LineString` of the track excerpt or a `Point`
/// (RFC 7946 order: longitude, latitude), with the evidence times in `properties.times` and
/// each point's vessel in `properties.evidence_mmsi`. Only what the page draws is read; a
/// field of the wrong type counts as missing, as a reader of stored text should.
///
/// ```json
/// {"type": "FeatureCollection", "features": [{"type": "Feature", "id": "...",
///  "geometry": {"type": "LineString", "coordinates": [[63.5, 24.7], [63.5, 24.7002]]},
///  "properties": {"kind": "encounter", "times": ["2027-01-15T08:00:00Z", "..."], "evidence_mmsi": [412000001, 463000002]}}]}
/// ```
struct EvidenceGeoJSON: Decodable, Sendable, Equatable {
    var features: [Feature]

    struct Feature: Decodable, Sendable, Equatable {
        var geometry: Geometry?
        var properties: Properties?

        enum CodingKeys: String, CodingKey { case geometry, properties }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            geometry = try? c.decodeIfPresent(Geometry.self, forKey: .geometry)
            properties = try? c.decodeIfPresent(Properties.self, forKey: .properties)
        }
    }

    struct Geometry: Decodable, Sendable, Equatable {
        /// `Point` or `LineString`.
        var type: String?
        /// `[longitude, latitude]` positions: one for a `Point`.
        var positions: [[Double]]

        enum CodingKeys: String, CodingKey { case type, coordinates }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            type = try? c.decodeIfPresent(String.self, forKey: .type)
            if type == "Point", let position = try? c.decode([Double].self, forKey: .coordinates) {
                positions = [position]
            } else {
                positions = (try? c.decodeIfPresent([[Double]].self, forKey: .coordinates)) ?? []
            }
        }
    }

    struct Properties: Decodable, Sendable, Equatable {
        /// RFC 3339, one per position.
        var times: [String]
        /// The vessel of each position.
        var evidenceMMSI: [Int]

        enum CodingKeys: String, CodingKey { case times, evidenceMMSI = "evidence_mmsi" }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            times = (try? c.decodeIfPresent([String].self, forKey: .times)) ?? []
            evidenceMMSI = (try? c.decodeIfPresent([Int].self, forKey: .evidenceMMSI)) ?? []
        }
    }

    /// The first feature's evidence points, or nil when the text is not such a collection.
    static func points(from text: String) -> [MapSVG.EvidencePoint]? {
        guard let collection = try? JSONDecoder().decode(EvidenceGeoJSON.self, from: Data(text.utf8)),
            let feature = collection.features.first, let geometry = feature.geometry, let properties = feature.properties
        else { return nil }
        let times = properties.times, vessels = properties.evidenceMMSI
        return geometry.positions.enumerated().compactMap { i, c -> MapSVG.EvidencePoint? in
            guard c.count >= 2 else { return nil }
            return MapSVG.EvidencePoint(
                mmsi: i < vessels.count ? vessels[i] : 0, latitude: c[1], longitude: c[0], time: i < times.count ? times[i] : "")
        }
    }
}
