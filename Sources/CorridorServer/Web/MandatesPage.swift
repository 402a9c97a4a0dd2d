import CorridorCoordination
import CorridorCore
import CorridorStore
import Hummingbird

/// `/mandates`: the mandate matrix, one table per domain (provinces × site kinds), each cell
/// showing its lead agency, GAP, OVERLAP or n/a.
struct MandatesPage {
    let store: any CorridorStore

    func register(on router: Router<CorridorRequestContext>) {
        router.get("mandates", use: page)
    }

    @Sendable func page(_ request: Request, context: CorridorRequestContext) async throws -> Response {
        let rules = try await store.mandateRules()
        let analysis = MandateBook(rules: rules).analyse()
        let kinds: [Site.Kind?] = [nil] + Site.Kind.allCases.map { $0 }
        var body = """
            <h1>Mandates</h1>
            <p>\(rules.count) rules. <b id="gap-count">\(analysis.gaps.count)</b> cells with a gap (no lead agency) and
            <b id="overlap-count">\(analysis.overlaps.count)</b> with an overlap (two leads, no precedence), of \(analysis.cells.count).
            A cell marked with * has event types that resolve differently (hover for them). The rules: <a href="/api/v1/mandates">JSON</a>;
            check from the command line with <code>corridorwatch mandates check</code>.</p>
            """
        for domain in Domain.allCases {
            body += "<h2>\(HTML.escape(domain.title))</h2><table class=\"mandates\" data-domain=\"\(domain.rawValue)\"><thead><tr><th>Province</th>"
            for k in kinds { body += "<th>\(HTML.escape(k?.rawValue.replacingOccurrences(of: "_", with: " ") ?? "away from sites"))</th>" }
            body += "</tr></thead><tbody>"
            for province in Province.allCases {
                body += "<tr><th>\(HTML.escape(province.rawValue))</th>"
                for k in kinds {
                    guard let cell = analysis.cells.first(where: { $0.domain == domain && $0.province == province && $0.siteKind == k }) else {
                        body += "<td></td>"
                        continue
                    }
                    let (text, cls, title) = Self.describe(cell.resolution)
                    let types = cell.byType.map { "\($0.key): \(Self.describe($0.value).0)" }.sorted().joined(separator: "; ")
                    let hover = [title, types.isEmpty ? nil : "by type: " + types].compactMap { $0 }.joined(separator: " · ")
                    body += "<td class=\"\(cls)\" title=\"\(HTML.escape(hover))\">\(HTML.escape(text))\(types.isEmpty ? "" : "*")</td>"
                }
                body += "</tr>"
            }
            body += "</tbody></table>"
        }
        return Response(
            status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: HTML.page(title: "Mandates", active: "Mandates", body: body, context: context))))
    }

    static func describe(_ r: MandateBook.Resolution) -> (String, String, String?) {
        switch r {
        case .lead(let rule): (rule.lead, "lead", "rule \(rule.id); supporting: \(rule.supporting.joined(separator: ", "))")
        case .gap: ("GAP", "gap", "no rule gives a lead")
        case .overlap(let rules): ("OVERLAP", "overlap", rules.map { "\($0.lead) (\($0.id))" }.joined(separator: " vs "))
        case .notApplicable(let rule): ("n/a", "na", "closed by rule \(rule.id)")
        }
    }
}
