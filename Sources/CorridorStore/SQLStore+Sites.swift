import CorridorAccess
import CorridorAlerts
import CorridorCoordination
import CorridorCore
import CorridorGeo
import Foundation
import SQLKit

/// ``SiteStore`` over SQL.
extension SQLStore {
    public func save(site: Site, by actor: AuditActor) async throws -> SaveOutcome {
        let dialect = dialect
        return try await withTransaction { db in try await Self.upsert(site, by: actor, in: db, dialect: dialect) }
    }

    public func site(id: String) async throws -> Site? {
        let body = try await withReader { db in
            try await db.select().column("body").from("sites").where("id", .equal, id).first()?
                .decode(column: "body", as: String.self)
        }
        return try body.map { try Self.decode(Site.self, $0) }
    }

    public func sites(_ query: SiteQuery) async throws -> [Site] {
        let bodies = try await withReader { db in
            var q = db.select().column("body").from("sites")
            if let kind = query.kind { q = q.where("kind", .equal, kind.rawValue) }
            if let province = query.province { q = q.where("province", .equal, province.rawValue) }
            if let box = query.boundingBox { q = Self.within(box, q) }
            if let center = query.near, let r = query.radiusKm {
                q = Self.within(Geodesy.boundingBox(around: center, radiusKm: r), q)
            }
            return try await q.orderBy("id").all().map { try $0.decode(column: "body", as: String.self) }
        }
        var sites = try bodies.map { try Self.decode(Site.self, $0) }
        if let center = query.near, let r = query.radiusKm {
            sites = sites.filter { Geodesy.distanceKm($0.location, center) <= r }
        }
        return sites
    }

    public func siteCount() async throws -> Int {
        try await withReader { db in
            try await db.raw("SELECT COUNT(*) AS n FROM sites").first()?.decode(column: "n", as: Int.self) ?? 0
        }
    }
}
