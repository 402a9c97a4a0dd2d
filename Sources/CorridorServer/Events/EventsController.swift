import CorridorAccess
import CorridorCore
import CorridorExchange
import CorridorGeo
import CorridorServices
import CorridorStore
import Foundation
import Hummingbird

/// `/api/v1/events`: list with filters and cursor pagination, read, create, update.
struct EventsController {
    let store: any CorridorStore
    /// Reports from the API are live: alerts and cases follow.
    let intake: EventIntake
    let now: @Sendable () -> Date

    func register(on routes: Routes) {
        routes.get("events", .anyone, use: list)
        routes.post("events", .writers, use: create)
        routes.get("events/:id", .anyone, use: get)
        routes.put("events/:id", .writers, use: update)
        routes.get("events/:id/evidence", .anyone, use: evidence)
    }

    /// The evidence of an automated detection: a GeoJSON FeatureCollection of the track
    /// excerpt that justifies it. Readable by whoever may read the event.
    @Sendable func evidence(_ request: Request, context: CorridorRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        guard let event = try await store.event(id: id), event.isReadable(by: context.principal) else {
            throw Problem.notFound("event \(id)")
        }
        guard let geoJSON = try await store.evidence(forEvent: id) else { throw Problem.notFound("evidence for event \(id)") }
        return Response(
            status: .ok, headers: [.contentType: "application/geo+json"], body: .init(byteBuffer: ByteBuffer(string: geoJSON)))
    }

    @Sendable func list(_ request: Request, context: CorridorRequestContext) async throws -> Response {
        let q = try QueryParameters(request)
        // Sites are not public: filtering by one would tell an anonymous caller which ids exist.
        if context.principal == nil, q["near"] != nil || q["site"] != nil {
            throw Problem(.unauthorized, "sign in to filter events by site")
        }
        let query = EventQuery(
            domain: try q.domain(), type: q["type"], source: q["source"], province: try q.province(), from: try q.date("from"),
            to: try q.date("to"), boundingBox: try q.boundingBox(), near: try await q.near(store: store),
            siteID: q["site"], minimumSeverity: try q.int("min_severity", range: 1...5),
            limit: try q.int("limit", range: 1...1000) ?? 100, cursor: q["cursor"], access: .reader(context.principal))
        if let type = query.type, EventTaxonomy.domain(ofType: type) == nil {
            throw Problem.badParameter("type", "\"\(type)\" is not an event type (see docs/formats.md)")
        }
        let page: Page<String>
        do { page = try await store.eventDocuments(query) } catch StoreError.invalidCursor {
            throw Problem.badParameter("cursor", "not a cursor this server issued")
        }
        return JSONBody.listResponse(documents: page.items, nextCursor: page.nextCursor)
    }

    @Sendable func get(_ request: Request, context: CorridorRequestContext) async throws -> JSONDocument<Event> {
        let id = try context.parameters.require("id")
        // Records the reader may not see are "not found", so ids reveal nothing.
        guard let event = try await store.event(id: id), event.isReadable(by: context.principal) else {
            throw Problem.notFound("event \(id)")
        }
        return JSONDocument(event)
    }

    /// 201 for a new event; 200 when the caller's agency had already reported the (source,
    /// source_ref) pair, with `X-Save-Outcome: updated|unchanged`, so clients can retry safely.
    /// The id is the server's, derived from (source, source_ref); a report another agency
    /// made is never changed from here (409, without saying whether it exists).
    @Sendable func create(_ request: Request, context: CorridorRequestContext) async throws -> Response {
        guard let reporter = context.principal else { throw Problem(.unauthorized, "sign in to report events") }
        let input = try await JSONBody.decode(EventInput.self, from: request, context: context)
        if input.id != nil {
            throw Problem(.unprocessableContent, "id: assigned by the server from source and source_ref; omit it", field: "id")
        }
        var event = try validated(input)
        event.originAgency = reporter.agencyID
        let outcome: SaveOutcome
        let stored: Event
        do {
            (outcome, stored) = try await intake.save(event, by: context.auditActor, reportedBy: reporter, mode: .live)
        } catch StoreError.notOriginator {
            // Whether another agency's record exists, and whose, is not the caller's to learn.
            throw Problem(.conflict, "source_ref: already used; choose another reference", field: "source_ref")
        }
        return try JSONBody.response(
            stored, status: outcome == .inserted ? .created : .ok,
            headers: [.location: "/api/v1/events/\(stored.id)", .saveOutcome: outcome.rawValue])
    }

    @Sendable func update(_ request: Request, context: CorridorRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        guard let existing = try await store.event(id: id), existing.isReadable(by: context.principal) else {
            throw Problem.notFound("event \(id)")
        }
        // Only the reporting agency changes a report; imported public records change only by re-import.
        guard let origin = existing.originAgency else {
            throw Problem(.forbidden, "imported public records change only by re-import")
        }
        guard let reporter = context.principal, origin == reporter.agencyID else {
            throw Problem(.forbidden, "only \(origin), which reported this event, may change it")
        }
        var input = try await JSONBody.decode(EventInput.self, from: request, context: context)
        if input.source != existing.source || (input.sourceRef ?? existing.sourceRef) != existing.sourceRef {
            throw Problem(
                .unprocessableContent, "source, source_ref: identify the event and cannot change", field: "source")
        }
        input.sourceRef = existing.sourceRef
        input.id = id
        var event = try validated(input)
        event.reportedAt = existing.reportedAt
        event.originAgency = origin
        let (outcome, stored): (SaveOutcome, Event)
        do {
            (outcome, stored) = try await intake.save(event, by: context.auditActor, reportedBy: reporter, mode: .live)
        } catch StoreError.notOriginator {
            // Relabelled out of the caller's reach since it was read above.
            throw Problem.notFound("event \(id)")
        }
        return try JSONBody.response(stored, headers: [.saveOutcome: outcome.rawValue])
    }

    private func validated(_ input: EventInput) throws -> Event {
        var event: Event
        do { event = try input.event(now: now()) } catch let problem as FieldProblem {
            throw Problem.invalid([problem])
        }
        if event.province == nil { event.province = ProvinceLocator.shared.nearestProvince(at: event.location) }
        let problems = event.validate()
        guard problems.isEmpty else { throw Problem.invalid(problems) }
        return event
    }
}
