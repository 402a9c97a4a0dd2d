import CorridorCore
import CorridorRisk
import CorridorServices
import CorridorStore
import Foundation
import Hummingbird

/// `/api/v1/risk`, `/api/v1/risk/provinces`, `/api/v1/sites/{id}/risk` and its history.
struct RiskController {
    let store: any CorridorStore
    let risk: RiskService

    func register(on routes: Routes) {
        routes.get("risk", .signedIn, use: list)
        routes.get("risk/provinces", .signedIn, use: provinces)
        routes.get("risk/compare", .signedIn, use: compare)
        routes.get("sites/:id/risk", .signedIn, use: explain)
        routes.get("sites/:id/risk/history", .signedIn, use: history)
    }

    static let sortKeys = ["risk", "name", "hazard_exposure", "vulnerability", "lack_of_coping_capacity", "completeness"]

    /// All sites' risk; `province`, `class` filter, `sort` and `order` sort, `as_of` recomputes for a past time.
    @Sendable func list(_ request: Request, context: CorridorRequestContext) async throws -> JSONDocument<RiskList> {
        let q = try QueryParameters(request, also: ["class", "sort", "order", "as_of"])
        let province = try q.province()
        var riskClass: RiskClass?
        if let c = q["class"] {
            guard let rc = RiskClass(rawValue: c) else {
                throw Problem.badParameter("class", "\"\(c)\" is not one of \(RiskClass.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            riskClass = rc
        }
        let sort = q["sort"] ?? "risk"
        guard Self.sortKeys.contains(sort) else {
            throw Problem.badParameter("sort", "\"\(sort)\" is not one of \(Self.sortKeys.joined(separator: ", "))")
        }
        let order = q["order"] ?? (sort == "name" ? "asc" : "desc")
        guard order == "asc" || order == "desc" else { throw Problem.badParameter("order", "must be asc or desc") }
        let engine = try await risk.engine(asOf: try q.date("as_of"))
        var results = engine.results.filter {
            (province == nil || $0.province == province) && (riskClass == nil || $0.riskClass == riskClass)
        }
        func key(_ r: SiteRisk) -> Double {
            switch sort {
            case "hazard_exposure": r.hazardExposure
            case "vulnerability": r.vulnerability ?? -1
            case "lack_of_coping_capacity": r.copingCapacityLack ?? -1
            case "completeness": r.completeness
            default: r.risk
            }
        }
        results.sort { a, b in
            if sort == "name" { return order == "asc" ? a.siteName < b.siteName : a.siteName > b.siteName }
            let (x, y) = (key(a), key(b))
            if x == y { return a.siteID < b.siteID }
            return order == "asc" ? x < y : x > y
        }
        return JSONDocument(RiskList(asOf: engine.asOf, items: results))
    }

    struct RiskList: Encodable, Sendable {
        let asOf: Date
        let items: [SiteRisk]
        enum CodingKeys: String, CodingKey { case asOf = "as_of", items, count }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(asOf, forKey: .asOf)
            try c.encode(items, forKey: .items)
            try c.encode(items.count, forKey: .count)
        }
    }

    struct RollUps: Encodable, Sendable {
        let asOf: Date
        let provinces: [RiskRollUp]
        let districts: [RiskRollUp]
        enum CodingKeys: String, CodingKey { case asOf = "as_of", provinces, districts }
    }

    @Sendable func provinces(_ request: Request, context: CorridorRequestContext) async throws -> Response {
        let q = try QueryParameters(request, also: ["as_of"])
        let engine = try await risk.engine(asOf: try q.date("as_of"))
        return try JSONBody.response(
            RollUps(asOf: engine.asOf, provinces: RiskRollUp.byProvince(engine.results), districts: RiskRollUp.byDistrict(engine.results)))
    }

    @Sendable func explain(_ request: Request, context: CorridorRequestContext) async throws -> JSONDocument<RiskExplanation> {
        let id = try context.parameters.require("id")
        let q = try QueryParameters(request, also: ["as_of"])
        let engine = try await risk.engine(asOf: try q.date("as_of"))
        guard
            let explanation = try await RiskService.explanation(
                siteID: id, in: engine, store: store, visible: RiskService.readable(by: context.principal))
        else {
            throw Problem.notFound("site \(id)")
        }
        return JSONDocument(explanation)
    }

    /// Two or more sites' explanations side by side: `sites=a,b`.
    @Sendable func compare(_ request: Request, context: CorridorRequestContext) async throws -> JSONDocument<Comparison> {
        let q = try QueryParameters(request, also: ["sites", "as_of"])
        let ids = (q["sites"] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard (2...10).contains(ids.count) else { throw Problem.badParameter("sites", "name 2 to 10 site ids, comma-separated") }
        let engine = try await risk.engine(asOf: try q.date("as_of"))
        var items: [RiskExplanation] = []
        for id in ids {
            guard
                let x = try await RiskService.explanation(
                    siteID: id, in: engine, store: store, visible: RiskService.readable(by: context.principal))
            else {
                throw Problem.notFound("site \"\(id)\"")
            }
            items.append(x)
        }
        return JSONDocument(Comparison(items: items))
    }

    struct Comparison: Encodable, Sendable { let items: [RiskExplanation] }

    struct History: Encodable, Sendable {
        let siteID: String
        let items: [RiskSnapshot]
        enum CodingKeys: String, CodingKey { case siteID = "site_id", items }
    }

    @Sendable func history(_ request: Request, context: CorridorRequestContext) async throws -> JSONDocument<History> {
        let id = try context.parameters.require("id")
        let q = try QueryParameters(request)
        guard try await store.site(id: id) != nil else { throw Problem.notFound("site \(id)") }
        _ = try await risk.current() // records today's snapshot if not yet taken
        let from = try q.date("from").map(RiskSnapshots.day)
        return JSONDocument(History(siteID: id, items: try await store.riskHistory(siteID: id, fromDay: from)))
    }
}
