import CorridorCore
import Foundation

/// The JSON forms of a detection: one object per line (`ais detect`, the API), and a GeoJSON
/// Feature whose geometry is the evidence (a LineString of the track excerpt, or a Point).
public enum DetectionExport {
    /// A detection as a JSON object: `id`, `kind`, `mmsi`, `start`, `end` (RFC 3339; null
    /// while open), `latitude`, `longitude`, `details`, and `evidence` as
    /// `{"mmsi", "time", "latitude", "longitude", "speed"}` objects.
    public static func object(_ d: MaritimeDetection, change: DetectionUpdate.Change? = nil) -> [String: Any] {
        var o: [String: Any] = [
            "id": d.id, "kind": d.kind.rawValue, "mmsi": d.mmsi, "start": time(d.start), "end": d.end.map(time) ?? NSNull(),
            "latitude": d.latitude, "longitude": d.longitude, "details": d.details,
            "evidence": d.evidence.map { p -> [String: Any] in
                var e: [String: Any] = ["mmsi": p.mmsi, "time": time(p.time), "latitude": p.latitude, "longitude": p.longitude]
                if let s = p.speed { e["speed"] = (s * 10).rounded() / 10 }
                return e
            },
        ]
        if let change { o["change"] = change.rawValue }
        return o
    }

    /// One JSON line (no trailing newline), keys sorted.
    public static func jsonLine(_ d: MaritimeDetection, change: DetectionUpdate.Change? = nil) -> String {
        let data =
            (try? JSONSerialization.data(withJSONObject: object(d, change: change), options: [.sortedKeys, .withoutEscapingSlashes]))
            ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    /// A GeoJSON Feature: the evidence as geometry (RFC 7946 order: longitude, latitude),
    /// the rest as properties, the evidence times in `times`.
    public static func feature(_ d: MaritimeDetection) -> [String: Any] {
        let coordinates = d.evidence.map { [$0.longitude, $0.latitude] }
        let geometry: [String: Any] =
            coordinates.count > 1
            ? ["type": "LineString", "coordinates": coordinates]
            : ["type": "Point", "coordinates": coordinates.first ?? [d.longitude, d.latitude]]
        var properties = object(d)
        properties["evidence"] = nil
        properties["times"] = d.evidence.map { time($0.time) }
        properties["evidence_mmsi"] = d.evidence.map(\.mmsi)
        return ["type": "Feature", "id": d.id, "geometry": geometry, "properties": properties]
    }

    public static func featureCollection(_ detections: [MaritimeDetection]) -> Data {
        let collection: [String: Any] = ["type": "FeatureCollection", "features": detections.map(feature)]
        return (try? JSONSerialization.data(withJSONObject: collection, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
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
