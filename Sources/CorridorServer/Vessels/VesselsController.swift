import CorridorCore
import CorridorStore
import Foundation
import Hummingbird

/// `/api/v1/vessels`: the vessel registry from the AIS feed, each vessel's last position,
/// and tracks as GeoJSON.
struct VesselsController {
    let store: any CorridorStore

    func register(on routes: Routes) {
        routes.get("vessels", .signedIn, use: list)
        routes.get("vessels/:mmsi", .signedIn, use: get)
        routes.get("vessels/:mmsi/track", .signedIn, use: track)
    }

    /// `bbox` (last position inside), `since` (seen at or after), `limit` (1–10,000, default 500).
    @Sendable func list(_ request: Request, context: CorridorRequestContext) async throws -> JSONDocument<ListBody<Vessel>> {
        let q = try QueryParameters(request, also: ["since"])
        let query = VesselQuery(
            boundingBox: try q.boundingBox(), seenSince: try q.date("since"), limit: try q.int("limit", range: 1...10_000) ?? 500)
        let vessels = try await store.vessels(query)
        return JSONDocument(ListBody(items: vessels, nextCursor: nil))
    }

    @Sendable func get(_ request: Request, context: CorridorRequestContext) async throws -> JSONDocument<Vessel> {
        let mmsi = try Self.mmsi(context)
        guard let vessel = try await store.vessel(mmsi: mmsi) else { throw Problem.notFound("vessel \(mmsi)") }
        return JSONDocument(vessel)
    }

    /// A GeoJSON Feature whose geometry is the track's LineString (a Point for a single
    /// position) and whose properties carry the times, speeds and courses per point.
    @Sendable func track(_ request: Request, context: CorridorRequestContext) async throws -> JSONDocument<TrackFeature> {
        let mmsi = try Self.mmsi(context)
        let q = try QueryParameters(request)
        let from = try q.date("from")
        let to = try q.date("to")
        if let from, let to, from > to { throw Problem.badParameter("to", "must not be before from") }
        let limit = try q.int("limit", range: 1...100_000) ?? 10_000
        guard try await store.vessel(mmsi: mmsi) != nil else { throw Problem.notFound("vessel \(mmsi)") }
        let points = try await store.track(mmsi: mmsi, from: from, to: to, limit: limit)
        return JSONDocument(TrackFeature(mmsi: mmsi, points: points, truncated: points.count == limit))
    }

    static func mmsi(_ context: CorridorRequestContext) throws -> Int {
        let text = try context.parameters.require("mmsi")
        guard let mmsi = Int(text), (0...999_999_999).contains(mmsi) else {
            throw Problem.badParameter("mmsi", "\"\(text)\" is not an MMSI (up to nine digits)")
        }
        return mmsi
    }
}

/// A vessel track as a GeoJSON Feature (RFC 7946).
struct TrackFeature: Encodable, Sendable {
    let mmsi: Int
    let points: [VesselPosition]
    let truncated: Bool

    enum Keys: String, CodingKey { case type, geometry, properties, coordinates }
    enum PropertyKeys: String, CodingKey { case mmsi, count, times, speeds, courses, truncated }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode("Feature", forKey: .type)
        if points.isEmpty {
            try c.encodeNil(forKey: .geometry)
        } else {
            var g = c.nestedContainer(keyedBy: Keys.self, forKey: .geometry)
            if points.count == 1 {
                try g.encode("Point", forKey: .type)
                try g.encode([points[0].longitude, points[0].latitude], forKey: .coordinates)
            } else {
                try g.encode("LineString", forKey: .type)
                try g.encode(points.map { [$0.longitude, $0.latitude] }, forKey: .coordinates)
            }
        }
        var p = c.nestedContainer(keyedBy: PropertyKeys.self, forKey: .properties)
        try p.encode(mmsi, forKey: .mmsi)
        try p.encode(points.count, forKey: .count)
        try p.encode(points.map(\.at), forKey: .times)
        try p.encode(points.map(\.speed), forKey: .speeds)
        try p.encode(points.map(\.course), forKey: .courses)
        try p.encode(truncated, forKey: .truncated)
    }
}
