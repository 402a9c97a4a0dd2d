import CorridorCore
import Foundation

/// The JSON forms of a detection: one object per line (`ais detect`, the API), and a GeoJSON
/// Feature whose geometry is the evidence (a LineString of the track excerpt, or a Point).
/// Both are encoded from typed values; ``EvidenceGeoJSON`` reads the Feature back.
public enum DetectionExport {
    /// A detection as a JSON object: `id`, `kind`, `mmsi`, `start`, `end` (RFC 3339; null
    /// while open), `latitude`, `longitude`, `details`, and `evidence` as
    /// `{"mmsi", "time", "latitude", "longitude", "speed"}` objects. As a Feature's properties,
    /// `evidence` gives way to `times` and `evidence_mmsi` (the geometry holds the positions).
    struct Document: Encodable {
        struct Point: Encodable {
            let mmsi: Int
            let time: String
            let latitude: Double
            let longitude: Double
            /// Knots to one decimal; absent when the report had none.
            let speed: Double?
        }

        let detection: MaritimeDetection
        var evidence: [Point]?
        var change: DetectionUpdate.Change?
        var times: [String]?
        var evidenceMMSI: [Int]?

        enum CodingKeys: String, CodingKey {
            case id, kind, mmsi, start, end, latitude, longitude, details, evidence, change, times
            case evidenceMMSI = "evidence_mmsi"
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            let d = detection
            try c.encode(d.id, forKey: .id)
            try c.encode(d.kind.rawValue, forKey: .kind)
            try c.encode(d.mmsi, forKey: .mmsi)
            try c.encode(DetectionExport.time(d.start), forKey: .start)
            // Open detections say so: `end` is null rather than missing.
            try c.encode(d.end.map(DetectionExport.time), forKey: .end)
            try c.encode(d.latitude, forKey: .latitude)
            try c.encode(d.longitude, forKey: .longitude)
            try c.encode(d.details, forKey: .details)
            try c.encodeIfPresent(evidence, forKey: .evidence)
            try c.encodeIfPresent(change?.rawValue, forKey: .change)
            try c.encodeIfPresent(times, forKey: .times)
            try c.encodeIfPresent(evidenceMMSI, forKey: .evidenceMMSI)
        }
    }

    /// A GeoJSON Feature of one detection.
    struct Feature: Encodable {
        let type = "Feature"
        let id: String
        let geometry: Geometry
        let properties: Document
    }

    /// The evidence as RFC 7946 geometry (longitude, latitude): a LineString of two or more
    /// positions, a Point otherwise.
    enum Geometry: Encodable {
        case point([Double])
        case lineString([[Double]])

        enum CodingKeys: String, CodingKey { case type, coordinates }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            switch self {
            case .point(let position):
                try c.encode("Point", forKey: .type)
                try c.encode(position, forKey: .coordinates)
            case .lineString(let positions):
                try c.encode("LineString", forKey: .type)
                try c.encode(positions, forKey: .coordinates)
            }
        }
    }

    struct Collection: Encodable {
        let type = "FeatureCollection"
        let features: [Feature]
    }

    static func document(_ d: MaritimeDetection, change: DetectionUpdate.Change? = nil) -> Document {
        Document(
            detection: d,
            evidence: d.evidence.map { p in
                Document.Point(
                    mmsi: p.mmsi, time: time(p.time), latitude: p.latitude, longitude: p.longitude,
                    speed: p.speed.map { ($0 * 10).rounded() / 10 })
            },
            change: change)
    }

    static func feature(_ d: MaritimeDetection) -> Feature {
        let coordinates = d.evidence.map { [$0.longitude, $0.latitude] }
        var properties = Document(detection: d)
        properties.times = d.evidence.map { time($0.time) }
        properties.evidenceMMSI = d.evidence.map(\.mmsi)
        return Feature(
            id: d.id, geometry: coordinates.count > 1 ? .lineString(coordinates) : .point(coordinates.first ?? [d.longitude, d.latitude]),
            properties: properties)
    }

    /// Keys sorted and slashes plain, so the same detection is the same bytes everywhere.
    static func encoded(_ value: some Encodable) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Only non-finite numbers fail to encode, and detections hold none; an empty answer would
        // show up as an unreadable line rather than stop a feed.
        return (try? encoder.encode(value)) ?? Data()
    }

    /// One JSON line (no trailing newline), keys sorted.
    public static func jsonLine(_ d: MaritimeDetection, change: DetectionUpdate.Change? = nil) -> String {
        String(decoding: encoded(document(d, change: change)), as: UTF8.self)
    }

    /// A GeoJSON FeatureCollection of the detections, keys sorted.
    public static func featureCollection(_ detections: [MaritimeDetection]) -> Data {
        encoded(Collection(features: detections.map(feature)))
    }

    static func time(_ t: Double) -> String { DateFormats.format(Date(timeIntervalSince1970: t)) }
}

extension MaritimeMonitor {
    /// Feeds what a store batch holds: positions in arrival order, static reports slotted in
    /// by their receive time (or the batch's newest time); type 27 positions are marked
    /// low resolution. Then moves the clock to the newest report.
    public mutating func observe(positions: [VesselPosition], statics: [Vessel], at batchTime: Date?) -> [DetectionUpdate] {
        var updates: [DetectionUpdate] = []
        // The batch keeps the two kinds apart; merged back by time, a static report first on a tie
        // (a ship type must be known before the position that enters a zone for other types).
        let timed = statics.map { v in ((v.lastSeen ?? batchTime).map(\.timeIntervalSince1970) ?? watermark, v) }.sorted { $0.0 < $1.0 }
        var next = 0
        func staticsHeard(until time: Double) {
            while next < timed.count, timed[next].0 <= time {
                let (at, v) = timed[next]
                updates += observe(.init(mmsi: v.mmsi, time: at, name: v.name, imo: v.imo, callsign: v.callsign), shipType: v.shipType)
                next += 1
            }
        }
        for p in positions {
            let time = p.at.timeIntervalSince1970
            staticsHeard(until: time)
            updates += observe(
                TrackPoint(
                    mmsi: p.mmsi, time: time, latitude: p.latitude, longitude: p.longitude, speed: p.speed,
                    lowResolution: p.messageType == 27))
        }
        staticsHeard(until: .infinity)
        if watermark.isFinite { updates += advance(to: watermark) }
        return updates
    }
}
