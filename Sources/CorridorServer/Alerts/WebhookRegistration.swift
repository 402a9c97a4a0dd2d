import CorridorAccess
import CorridorAlerts
import CorridorCore
import CorridorStore
import Foundation

/// Creating a webhook, the same from the API and the administrators' page: the URL, agency
/// and kinds are checked (a ``Problem`` names the field), a signing secret is drawn, and the
/// webhook is stored and audited.
///
/// An administrator registers webhooks for their own agency only: a webhook receives what its
/// agency may read, so one for another agency would hand the administrator that agency's
/// AMBER alerts. The URL must name a public destination unless the server allows private ones
/// (`serve --webhook-allow-private-destinations`).
enum WebhookRegistration {
    static func create(
        url: String, agencyID: String?, kinds: [String], store: any CorridorStore, at time: Date, by actor: AuditActor,
        principalAgency: String?, allowPrivateDestinations: Bool
    ) async throws -> Webhook {
        let url = url.trimmingCharacters(in: .whitespaces)
        if let problem = Webhook.urlProblem(url) { throw Problem(.unprocessableContent, "url: \(problem)", field: "url") }
        if let host = URL(string: url)?.host, let problem = WebhookDestination.problem(host: host, allowPrivate: allowPrivateDestinations) {
            throw Problem(.unprocessableContent, "url: \(problem)", field: "url")
        }
        guard let agency = agencyID, !agency.isEmpty else {
            throw Problem(.unprocessableContent, "agency_id: is required", field: "agency_id")
        }
        guard agency == principalAgency else {
            throw Problem(
                .forbidden, "agency_id: an administrator registers webhooks for their own agency (\(principalAgency ?? "none"))",
                field: "agency_id")
        }
        guard try await store.agencies().contains(where: { $0.id == agency }) else {
            throw Problem(.unprocessableContent, "agency_id: no agency \"\(agency)\"", field: "agency_id")
        }
        if let bad = kinds.first(where: { $0.isEmpty || $0.count > 100 || $0.contains(",") }) {
            throw Problem(.unprocessableContent, "kinds: \"\(bad)\" is not an alert kind or a prefix ending in \".\"", field: "kinds")
        }
        let hook = Webhook(
            id: "wh-" + Secrets.token().prefix(12).lowercased(), agencyID: agency, url: url, secret: Secrets.token(), kinds: kinds,
            createdAt: time)
        return try await store.save(webhook: hook, by: actor)
    }
}
