import CorridorCoordination
import CorridorCore
import CorridorServer
import CorridorStore
import CorridorTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Every route × every role × every TLP label × own and other agency, generated from the
/// router: a route added tomorrow is called here without anyone listing it.
///
/// Each of the two agencies reports one event of every label through the API, with a canary
/// word in its title, narrative and place, so that the alerts, cases and case titles made from
/// it carry the word too. Then a user of the first agency calls every route with every role,
/// on every record id the route takes. The test fails if
/// - a response carries the canary of an event its caller may not read (a leak, in any body:
///   JSON, HTML, CAP, CSV, stream), or
/// - a write naming a record its caller may not read succeeds, or
/// - a record its caller may not change (another agency's, or one it may not read) differs
///   afterwards from what its owners made.
@Suite struct AuthorisationMatrixTests {
    static let otherAgency = "other-agency"

    /// Who may read an event of `label` from the tester's own agency (`own`) or the other one:
    /// written out here rather than asked of `AccessPolicy`, so that the oracle is independent.
    /// RED events are named to their reporter only, never to the tester.
    static func mayRead(_ label: TLP, own: Bool, signedIn: Bool) -> Bool {
        guard signedIn else { return label == .clear }
        switch label {
        case .clear, .green: return true
        case .amber, .amberStrict: return own
        case .red: return false
        }
    }

    static func canary(_ label: TLP, own: Bool) -> String {
        "canary\(label.rawValue.lowercased().filter(\.isLetter))\(own ? "own" : "other")"
    }

    struct Seeded {
        var label: TLP
        var own: Bool
        var event: Event
        var caseID: String?
        var canary: String { AuthorisationMatrixTests.canary(label, own: own) }
    }

    /// Reports every label from both agencies through the API (so the live pipeline raises the
    /// alerts), and opens a case on each as its reporter.
    static func seed(_ store: SQLStore, client: AuthedClient) async throws -> [Seeded] {
        _ = try await store.save(site: Fixtures.site())
        let owners = [
            true: try await TestServer.signIn(
                store: store, username: "own-reporter", agency: Fixtures.agency, roles: [.analyst, .coordinator]),
            false: try await TestServer.signIn(
                store: store, username: "other-reporter", agency: otherAgency, roles: [.analyst, .coordinator]),
        ]
        var seeded: [Seeded] = []
        for own in [true, false] {
            let reporter = AuthedClient(client: client.client, token: owners[own] ?? nil)
            for label in TLP.allCases {
                let word = canary(label, own: own)
                let named = label == .red ? #", "shared_with_users": ["\#(own ? "own-reporter" : "other-reporter")"]"# : ""
                let body = """
                    {"occurred_at":"2026-05-31T08:00:00Z","location":{"lat":25.122,"lon":62.326},"domain":"terrorism_insurgency",
                     "type":"ied","severity":5,"fatalities":2,"site_ids":["gwadar-port"],"tlp":"\(label.rawValue)"\(named),
                     "title":"IED \(word)","narrative":"Seen by \(word).","place":"\(word) road","source":"matrix","source_ref":"\(word)"}
                    """
                let event: Event? = try await reporter.execute(
                    uri: "/api/v1/events", method: .post, headers: TestServer.jsonHeaders, body: TestServer.json(body)
                ) { response in
                    #expect(response.status == .created, "seeding \(word): \(response.status)")
                    return try? DateFormats.jsonDecoder().decode(Event.self, from: Data(buffer: response.body))
                }
                guard let event else { continue }
                let caseID: String? = try await reporter.execute(
                    uri: "/api/v1/cases", method: .post, headers: TestServer.jsonHeaders,
                    body: TestServer.json(#"{"event_ids": ["\#(event.id)"]}"#)
                ) { response in
                    #expect(response.status == .created, "opening a case on \(word): \(response.status)")
                    return TestServer.object(response)["id"] as? String
                }
                seeded.append(Seeded(label: label, own: own, event: event, caseID: caseID))
            }
        }
        return seeded
    }

    /// Bodies that would change something if the route let them, with the target event's id
    /// and key filled in; every other write gets `{}`.
    static let bodies: [String: String] = [
        "POST /api/v1/events": takeover,
        "PUT /api/v1/events/{id}": takeover,
        "POST /api/v1/cases": #"{"event_ids": ["$EVENT"]}"#,
        "POST /api/v1/cases/{id}/events": #"{"event_id": "$EVENT"}"#,
        "POST /api/v1/cases/{id}/notes": #"{"note": "taken over"}"#,
        "POST /api/v1/cases/{id}/transitions": #"{"to": "acknowledged"}"#,
        "POST /api/v1/cases/{id}/reopen": #"{"reason": "taken over"}"#,
        "PUT /api/v1/cases/{id}/lead": #"{"lead": "test-agency", "reason": "taken over"}"#,
        "POST /api/v1/cases/{id}/tasks": #"{"title": "taken over", "agency": "test-agency", "due_in": "2h"}"#,
        "POST /api/v1/cases/{id}/playbook": #"{"event_type": "ied"}"#,
    ]

    static let takeover = """
        {"occurred_at":"2026-05-31T08:00:00Z","location":{"lat":25.122,"lon":62.326},"domain":"terrorism_insurgency",
         "type":"ied","severity":1,"tlp":"CLEAR","title":"taken over","source":"$SOURCE","source_ref":"$REF"}
        """

    /// One request of the matrix, and the seeded records it names.
    struct Call {
        var method: String
        var uri: String
        var body: String?
        var targets: [Seeded]
    }

    /// Every call for every route: each `{id}` of an event, case or alert route takes every
    /// seeded id; a body naming `$EVENT` is sent once per seeded event.
    static func calls(routes: [(method: String, path: String)], seeded: [Seeded], alerts: [AlertRecord]) -> [Call] {
        var calls: [Call] = []
        for (method, path) in routes {
            var paths: [(String, [Seeded])] = []
            if path.contains("/events/{id}") {
                paths = seeded.map { (path.replacingOccurrences(of: "{id}", with: $0.event.id), [$0]) }
            } else if path.contains("/cases/{id}") {
                paths = seeded.compactMap { s in s.caseID.map { (path.replacingOccurrences(of: "{id}", with: $0), [s]) } }
            } else if path.contains("/alerts/{id}") {
                paths = alerts.map { alert in
                    (path.replacingOccurrences(of: "{id}", with: alert.id), seeded.filter { $0.event.id == alert.details["event_id"] })
                }
            } else {
                paths = [(RouteAuthorisationTests.concrete(path), [])]
            }
            for (uri, pathTargets) in paths {
                let concreteURI = uri.replacingOccurrences(of: "{task}", with: "task-1")
                guard method != "GET" else {
                    calls.append(Call(method: method, uri: concreteURI, body: nil, targets: pathTargets))
                    continue
                }
                let template = bodies["\(method) \(path)"] ?? "{}"
                guard template.contains("$") else {
                    calls.append(Call(method: method, uri: concreteURI, body: template, targets: pathTargets))
                    continue
                }
                // A body that names an event is sent naming the path's own event, or each event.
                for target in path.contains("/events/{id}") ? pathTargets : seeded {
                    let body = template.replacingOccurrences(of: "$EVENT", with: target.event.id)
                        .replacingOccurrences(of: "$SOURCE", with: target.event.source)
                        .replacingOccurrences(of: "$REF", with: target.event.sourceRef)
                    calls.append(Call(method: method, uri: concreteURI, body: body, targets: pathTargets + [target]))
                }
            }
        }
        return calls
    }

    @Test(arguments: TestBackend.available, [nil, Role.viewer, .analyst, .responder, .coordinator, .admin] as [Role?])
    func noRouteLeaksOrChangesWhatItsCallerMayNot(backend: TestBackend, role: Role?) async throws {
        try await TestDatabase.withStore(backend) { (store: SQLStore) async throws in
            let routes = RouteAuthorisationTests.routes(store)
            try await TestServer.run(store: store, roles: role.map { [$0] }) { client in
                let seeded = try await Self.seed(store, client: client)
                #expect(seeded.count == TLP.allCases.count * 2)
                let alerts = try await store.alerts(afterSeq: 0, limit: 10_000)
                #expect(alerts.contains { a in seeded.contains { $0.event.id == a.details["event_id"] && $0.label == .red } })
                let signedIn = role != nil
                let hidden = seeded.filter { !Self.mayRead($0.label, own: $0.own, signedIn: signedIn) }
                // What the tester may not change: another agency's events, and anything it may not read.
                let guarded = seeded.filter { !$0.own || hidden.map(\.event.id).contains($0.event.id) }
                let eventsBefore = try await Self.snapshot(events: guarded, store)
                let casesBefore = try await Self.snapshot(cases: hidden, store)
                let calls = Self.calls(routes: routes, seeded: seeded, alerts: alerts)
                #expect(calls.count > routes.count)
                let who = role?.rawValue ?? "anonymous"
                for call in calls {
                    let (status, body) = try await client.execute(
                        uri: call.uri, method: .init(call.method) ?? .get,
                        headers: call.body == nil ? [:] : TestServer.jsonHeaders, body: call.body.map(TestServer.json)
                    ) { ($0.status, String(buffer: $0.body)) }
                    for secret in hidden where body.contains(secret.canary) {
                        Issue.record(
                            "\(who) \(call.method) \(call.uri) (\(status.code)) leaks the \(secret.label.rawValue) event of \(secret.own ? "its own" : "another") agency"
                        )
                    }
                    let namesHidden = call.targets.contains { t in hidden.contains { $0.event.id == t.event.id } }
                    if call.method != "GET", namesHidden, (200..<300).contains(status.code) {
                        Issue.record(
                            "\(who) \(call.method) \(call.uri) \(call.body ?? "") succeeded on a record it may not read: \(status.code)")
                    }
                }
                #expect(try await Self.snapshot(events: guarded, store) == eventsBefore, "\(who) changed another agency's events")
                #expect(try await Self.snapshot(cases: hidden, store) == casesBefore, "\(who) changed a case it may not read")
            }
        }
    }

    static func snapshot(events: [Seeded], _ store: SQLStore) async throws -> [String: Event] {
        var all: [String: Event] = [:]
        for s in events { all[s.event.id] = try await store.event(id: s.event.id) }
        return all
    }

    static func snapshot(cases: [Seeded], _ store: SQLStore) async throws -> [String: CrisisCase] {
        var all: [String: CrisisCase] = [:]
        for s in cases { if let id = s.caseID { all[id] = try await store.crisisCase(id: id) } }
        return all
    }
}
