import Foundation

/// The GeoJSON FeatureCollection a detection's evidence is stored as, as its readers see it
/// (the event page, tools reading `ais detect --format geojson`).
///
/// ``DetectionExport/featureCollection(_:)`` writes it: one Feature per
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
public struct EvidenceGeoJSON: Decodable, Sendable, Equatable {
    public var features: [Feature]

    /// The collection in `text`, or nil when it is not one.
    public static func decode(_ text: String) -> EvidenceGeoJSON? {
        try? JSONDecoder().decode(EvidenceGeoJSON.self, from: Data(text.utf8))
    }

    public struct Feature: Decodable, Sendable, Equatable {
        public var geometry: Geometry?
        public var properties: Properties?

        enum CodingKeys: String, CodingKey { case geometry, properties }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            geometry = try? c.decodeIfPresent(Geometry.self, forKey: .geometry)
            properties = try? c.decodeIfPresent(Properties.self, forKey: .properties)
        }
    }

    public struct Geometry: Decodable, Sendable, Equatable {
        /// `Point` or `LineString`.
        public var type: String?
        /// `[longitude, latitude]` positions: one for a `Point`.
        public var positions: [[Double]]

        enum CodingKeys: String, CodingKey { case type, coordinates }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            type = try? c.decodeIfPresent(String.self, forKey: .type)
            if type == "Point", let position = try? c.decode([Double].self, forKey: .coordinates) {
                positions = [position]
            } else {
                positions = (try? c.decodeIfPresent([[Double]].self, forKey: .coordinates)) ?? []
            }
        }
    }

    public struct Properties: Decodable, Sendable, Equatable {
        /// RFC 3339, one per position.
        public var times: [String]
        /// The vessel of each position.
        public var evidenceMMSI: [Int]

        enum CodingKeys: String, CodingKey { case times, evidenceMMSI = "evidence_mmsi" }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            times = (try? c.decodeIfPresent([String].self, forKey: .times)) ?? []
            evidenceMMSI = (try? c.decodeIfPresent([Int].self, forKey: .evidenceMMSI)) ?? []
        }
    }
}
