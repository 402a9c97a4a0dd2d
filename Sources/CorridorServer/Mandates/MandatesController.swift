import CorridorCoordination
import CorridorCore
import CorridorStore
import Foundation
import Hummingbird

/// `/api/v1/mandates`: the mandate rules, their replacement, and the gap/overlap check.
struct MandatesController {
    let store: any CorridorStore
    /// The agency that keeps the national mandate book (the escalation authority).
    let keeper: String

    func register(on routes: Routes) {
        routes.get("mandates", .signedIn, use: list)
        routes.put("mandates", .siteEditors, use: replace)
        routes.get("mandates/check", .signedIn, use: check)
    }

    struct Items: Encodable, Sendable { let items: [MandateRule] }

    @Sendable func list(_ request: Request, context: CorridorRequestContext) async throws -> JSONDocument<Items> {
        JSONDocument(Items(items: try await store.mandateRules()))
    }

    /// Replaces the whole book with the body (the file format); 422 names the rule and field.
    /// The book decides who leads and supports, and so who reads, every future case: a
    /// coordinator of any other agency could add theirs (S4). Only the keeper's may change it.
    static func requireKeeper(_ context: CorridorRequestContext, keeper: String) throws {
        guard context.principal?.agencyID == keeper else {
            throw Problem(.forbidden, "the national mandate book is kept by \(keeper); ask them to change it")
        }
    }

    @Sendable func replace(_ request: Request, context: CorridorRequestContext) async throws -> Response {
        try Self.requireKeeper(context, keeper: keeper)
        let buffer: ByteBuffer
        do { buffer = try await request.body.collect(upTo: context.maxUploadSize) } catch {
            throw Problem(.contentTooLarge, "the request body exceeds \(context.maxUploadSize) bytes")
        }
        let rules: [MandateRule]
        do {
            rules = try MandateFile.read(Data(buffer: buffer), agencies: Set(try await store.agencies().map(\.id)))
        } catch let problem as MandateFile.Problem {
            throw Problem(.unprocessableContent, problem.description, field: problem.rule.map { "rules[\($0 - 1)]" })
        }
        let result = try await store.save(mandateRules: rules, replacing: true, by: context.auditActor)
        struct Body: Encodable {
            let inserted, updated, unchanged, removed, gapCells, overlapCells: Int
            enum CodingKeys: String, CodingKey {
                case inserted, updated, unchanged, removed, gapCells = "gap_cells", overlapCells = "overlap_cells"
            }
        }
        let analysis = MandateBook(rules: rules).analyse()
        return try JSONBody.response(
            Body(
                inserted: result.inserted, updated: result.updated, unchanged: result.unchanged, removed: result.removed,
                gapCells: analysis.gaps.count, overlapCells: analysis.overlaps.count))
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
