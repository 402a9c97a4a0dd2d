import CorridorCoordination
import CorridorCore
import CorridorServices
import CorridorStore
import Foundation
import Hummingbird

/// `/api/v1/mandates`: the mandate rules, their replacement, and the gap/overlap check.
struct MandatesController {
    let store: any CorridorStore
    /// Changes to the book, kept by the escalation authority.
    let desk: MandateDesk
    var keeper: String { desk.keeper }

    func register(on routes: Routes) {
        routes.get("mandates", .signedIn, use: list)
        routes.put("mandates", .siteEditors, use: replace)
        routes.get("mandates/check", .signedIn, use: check)
    }

    struct Items: Encodable, Sendable { let items: [MandateRule] }

    @Sendable func list(_ request: Request, context: CorridorRequestContext) async throws -> JSONDocument<Items> {
        JSONDocument(Items(items: try await store.mandateRules()))
    }

    /// Replaces the whole book with the body (the file format); 422 names the rule and field,
    /// 403 for any agency but the keeper (``MandateDesk``).
    @Sendable func replace(_ request: Request, context: CorridorRequestContext) async throws -> Response {
        let buffer: ByteBuffer
        do { buffer = try await request.body.collect(upTo: context.maxUploadSize) } catch {
            throw Problem(.contentTooLarge, "the request body exceeds \(context.maxUploadSize) bytes")
        }
        let change = try await Self.answering {
            try await desk.replace(file: Data(buffer: buffer), by: context.auditActor, agency: context.principal?.agencyID)
        }
        struct Body: Encodable {
            let inserted, updated, unchanged, removed, gapCells, overlapCells: Int
            enum CodingKeys: String, CodingKey {
                case inserted, updated, unchanged, removed, gapCells = "gap_cells", overlapCells = "overlap_cells"
            }
        }
        let saved = change.saved
        return try JSONBody.response(
            Body(
                inserted: saved.inserted, updated: saved.updated, unchanged: saved.unchanged, removed: saved.removed,
                gapCells: change.analysis.gaps.count, overlapCells: change.analysis.overlaps.count))
    }

    /// Runs a desk change, answering its refusals as problems.
    static func answering(_ change: () async throws -> MandateDesk.Change) async throws -> MandateDesk.Change {
        do { return try await change() } catch let refusal as MandateDesk.Refusal {
            switch refusal {
            case .notKeeper: throw Problem(.forbidden, refusal.description)
            case .invalid(let problem):
                throw Problem(.unprocessableContent, problem.description, field: problem.rule.map { "rules[\($0 - 1)]" })
            case .noRule: throw Problem.notFound(refusal.description)
            }
        }
    }

    struct CellBody: Encodable {
        let domain: String
        let province: String
        let siteKind: String?
        /// The lead agency, or nil for a gap or an overlap.
        let lead: String?
        let status: String
        /// For overlaps: the rules that collide.
        let rules: [String]
        /// Event types resolving differently from the cell, with their status.
        let types: [String: String]
        enum CodingKeys: String, CodingKey { case domain, province, siteKind = "site_kind", lead, status, rules, types }
    }

    static func status(_ r: MandateBook.Resolution) -> String {
        switch r {
        case .lead: "lead"
        case .gap: "gap"
        case .overlap: "overlap"
        case .notApplicable: "not_applicable"
        }
    }

    static func body(_ c: MandateBook.Cell) -> CellBody {
        let rules: [String] = if case .overlap(let rs) = c.resolution { rs.map(\.id) } else { [] }
        return CellBody(
            domain: c.domain.rawValue, province: c.province.rawValue, siteKind: c.siteKind?.rawValue, lead: c.resolution.rule?.lead,
            status: status(c.resolution), rules: rules, types: c.byType.mapValues(status))
    }

    /// The analysis of the stored rules: the gap and overlap cells (`?cells=all` adds every cell).
    @Sendable func check(_ request: Request, context: CorridorRequestContext) async throws -> Response {
        let q = try QueryParameters(request, also: ["cells"])
        let all = q["cells"] == "all"
        if let v = q["cells"], v != "all" { throw Problem.badParameter("cells", "only \"all\" is accepted") }
        let analysis = MandateBook(rules: try await store.mandateRules()).analyse()
        struct Body: Encodable {
            let cellCount: Int
            let clean: Bool
            let gaps: [CellBody]
            let overlaps: [CellBody]
            let cells: [CellBody]?
            enum CodingKeys: String, CodingKey { case cellCount = "cell_count", clean, gaps, overlaps, cells }
        }
        return try JSONBody.response(
            Body(
                cellCount: analysis.cells.count, clean: analysis.isClean, gaps: analysis.gaps.map(Self.body),
                overlaps: analysis.overlaps.map(Self.body), cells: all ? analysis.cells.map(Self.body) : nil))
    }
}
