import CorridorCore
import CorridorStore
import Foundation
import Hummingbird

/// Parses the filters shared by list endpoints, with a 400 problem naming the parameter
/// when one is malformed.
struct QueryParameters {
    let values: [String: String]
    static let known: Set<String> = [
        "domain", "type", "province", "from", "to", "bbox", "near", "radius_km", "site", "min_severity", "limit",
        "cursor", "kind", "source",
    ]

    /// - Parameter also: parameters this endpoint takes beyond the shared list filters.
    init(_ request: Request, also extra: Set<String> = []) throws {
        var values: [String: String] = [:]
        let allowed = Self.known.union(extra)
        for (k, value) in request.formQuery {
            guard allowed.contains(k) else {
                throw Problem.badParameter(k, "unknown parameter (known: \(allowed.sorted().joined(separator: ", ")))")
            }
            values[k] = value
        }
        self.values = values
    }

    subscript(_ name: String) -> String? { values[name].flatMap { $0.isEmpty ? nil : $0 } }

    func domain() throws -> Domain? {
        guard let s = self["domain"] else { return nil }
        guard let d = Domain(rawValue: s) else {
            throw Problem.badParameter("domain", "\"\(s)\" is not one of \(Domain.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return d
    }

    func province() throws -> Province? {
        guard let s = self["province"] else { return nil }
        guard let p = Province(normalising: s) else {
            throw Problem.badParameter("province", "\"\(s)\" is not a province of Pakistan")
        }
        return p
    }

    func date(_ name: String) throws -> Date? {
        guard let s = self[name] else { return nil }
        guard let d = DateFormats.parse(s) else { throw Problem.badParameter(name, "\"\(s)\" is not RFC 3339 or YYYY-MM-DD") }
        return d
    }

    func int(_ name: String, range: ClosedRange<Int>) throws -> Int? {
        guard let s = self[name] else { return nil }
        guard let v = Int(s), range.contains(v) else {
            throw Problem.badParameter(name, "\"\(s)\" is not a whole number in \(range.lowerBound)-\(range.upperBound)")
        }
        return v
    }

    func boundingBox() throws -> BoundingBox? {
        guard let s = self["bbox"] else { return nil }
        let parts = s.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 4, parts[0] <= parts[2], parts[1] <= parts[3],
            (-180...180).contains(parts[0]), (-180...180).contains(parts[2]),
            (-90...90).contains(parts[1]), (-90...90).contains(parts[3])
        else {
            throw Problem.badParameter("bbox", "expected minLon,minLat,maxLon,maxLat in degrees, got \"\(s)\"")
        }
        return BoundingBox(minLongitude: parts[0], minLatitude: parts[1], maxLongitude: parts[2], maxLatitude: parts[3])
    }

    /// `near=SITE_ID&radius_km=R` (R defaults to 50 km, at most 2000).
    func near(store: any CorridorStore) async throws -> (center: Coordinate, radiusKm: Double)? {
        guard let siteID = self["near"] else {
            if self["radius_km"] != nil { throw Problem.badParameter("radius_km", "needs near=SITE_ID") }
            return nil
        }
        var radius = 50.0
        if let r = self["radius_km"] {
            guard let v = Double(r), v > 0, v <= 2000 else {
                throw Problem.badParameter("radius_km", "\"\(r)\" is not a distance in (0, 2000] km")
            }
            radius = v
        }
        guard let site = try await store.site(id: siteID) else {
            throw Problem.badParameter("near", "no site with id \"\(siteID)\"")
        }
        return (site.location, radius)
    }
}
