import CorridorCoordination
import CorridorCore
import CorridorStore
import Foundation
import Hummingbird

/// `/api/v1/playbooks`: the task templates per event type that a case can apply.
struct PlaybooksController {
    let store: any CorridorStore

    func register(on routes: Routes) {
        routes.get("playbooks", .signedIn, use: list)
        routes.put("playbooks", .siteEditors, use: replace)
    }

    struct Book: Codable, Sendable {
        let playbooks: [String: [TaskTemplate]]
        /// `stored`, or `built-in` while none have been saved.
        var origin: String?
    }

    @Sendable func list(_ request: Request, context: CorridorRequestContext) async throws -> JSONDocument<Book> {
        let stored = try await store.playbooks()
        return JSONDocument(Book(playbooks: Playbooks.effective(stored: stored), origin: stored.isEmpty ? "built-in" : "stored"))
    }

    /// Replaces every playbook; 422 lists each problem by event type and task.
    @Sendable func replace(_ request: Request, context: CorridorRequestContext) async throws -> JSONDocument<Book> {
        let book = try await JSONBody.decode(Book.self, from: request, context: context)
        guard !book.playbooks.isEmpty else {
            throw Problem(
                .unprocessableContent, "playbooks: give at least one (the built-in set applies only until the first save)",
                field: "playbooks")
        }
        let problems = Playbooks.problems(book.playbooks, agencies: Set(try await store.agencies().map(\.id)))
        guard problems.isEmpty else {
            throw Problem(.unprocessableContent, "playbooks: " + problems.prefix(20).joined(separator: "; "), field: "playbooks")
        }
        try await store.save(playbooks: book.playbooks, by: context.auditActor)
        return JSONDocument(Book(playbooks: book.playbooks, origin: "stored"))
    }
}
