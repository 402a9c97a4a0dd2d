import CorridorCore
import CorridorGeo
import CorridorServices
import CorridorStore
import Hummingbird

/// `/api/v1/sites`: list, read, create and update protected sites.
struct SitesController {
    let store: any CorridorStore
    let risk: RiskService

    func register(on routes: Routes) {
        routes.get("sites", .signedIn, use: list)
        routes.post("sites", .siteEditors, use: create)
        routes.get("sites/:id", .signedIn, use: get)
        routes.put("sites/:id", .siteEditors, use: update)
    }

    @Sendable func list(_ request: Request, context: CorridorRequestContext) async throws -> JSONDocument<ListBody<Site>> {
        let q = try QueryParameters(request)
        var query = SiteQuery(province: try q.province(), boundingBox: try q.boundingBox())
        if let kind = q["kind"] {
            guard let k = Site.Kind(rawValue: kind) else { throw Problem.badParameter("kind", "\"\(kind)\" is not a site kind") }
            query.kind = k
        }
        if let near = try await q.near(store: store) {
            query.near = near.center
            query.radiusKm = near.radiusKm
        }
        let limit = try q.int("limit", range: 1...1000) ?? 500
        var sites = try await store.sites(query)
        if let after = q["cursor"] { sites = sites.filter { $0.id > after } }
        let page = Array(sites.prefix(limit))
        return JSONDocument(ListBody(items: page, nextCursor: sites.count > limit ? page.last?.id : nil))
    }

    @Sendable func get(_ request: Request, context: CorridorRequestContext) async throws -> JSONDocument<Site> {
        let id = try context.parameters.require("id")
        guard let site = try await store.site(id: id) else { throw Problem.notFound("site \(id)") }
        return JSONDocument(site)
    }

    @Sendable func create(_ request: Request, context: CorridorRequestContext) async throws -> Response {
        let site = try await validated(JSONBody.decode(Site.self, from: request, context: context))
        if try await store.site(id: site.id) != nil {
            throw Problem(.conflict, "site \(site.id) already exists; use PUT /api/v1/sites/\(site.id)", field: "id")
        }
        let outcome = try await store.save(site: site, by: context.auditActor)
        await risk.siteSaved(site, outcome: outcome)
        return try JSONBody.response(site, status: .created, headers: [.location: "/api/v1/sites/\(site.id)"])
    }

    @Sendable func update(_ request: Request, context: CorridorRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        var site = try await JSONBody.decode(Site.self, from: request, context: context)
        guard site.id == id else { throw Problem(.unprocessableContent, "id: must match the path (\(id))", field: "id") }
        site = try validated(site)
        guard try await store.site(id: id) != nil else { throw Problem.notFound("site \(id)") }
        let outcome = try await store.save(site: site, by: context.auditActor)
        await risk.siteSaved(site, outcome: outcome)
        return try JSONBody.response(site, headers: [.saveOutcome: outcome.rawValue])
    }

    private func validated(_ site: Site) throws -> Site {
        var site = site
        if site.province == nil { site.province = ProvinceLocator.shared.nearestProvince(at: site.location) }
        let problems = site.validate()
        guard problems.isEmpty else { throw Problem.invalid(problems) }
        return site
    }
}
