import CorridorAccess
import CorridorAlerts
import CorridorCore
import CorridorServer
import CorridorStore
import CorridorTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct AlertsAPITests {
    static func alert(_ n: Int, tlp: TLP, origin: String? = nil, agencies: [String] = [], kind: AlertKind = "test.alert") -> AlertRecord {
        AlertRecord(
            id: "\(kind)-\(n)", kind: kind, createdAt: Fixtures.now, siteID: nil, tlp: tlp, title: "Alert \(n)", details: ["n": String(n)],
            originAgency: origin, sharedWithAgencies: agencies)
    }

    /// `id:` and `data:` of each frame of a server-sent event stream, with the alert's kind.
    static func frames(_ text: String) -> [(id: Int, kind: String, data: String)] {
        text.components(separatedBy: "\n\n").compactMap { block in
            var id: Int?
            var data = ""
            for line in block.split(separator: "\n") {
                if line.hasPrefix("id: ") { id = Int(line.dropFirst(4)) }
                if line.hasPrefix("data: ") { data = String(line.dropFirst(6)) }
            }
            let kind = ((try? JSONSerialization.jsonObject(with: Data(data.utf8))) as? [String: Any])?["kind"] as? String ?? ""
            return id.map { ($0, kind, data) }
        }
    }

    static let lastEventID = HTTPField.Name("Last-Event-ID")!

    @Test(arguments: TestBackend.available)
    func theStreamSendsOnlyWhatTheSubscriberMayReadAndResumes(backend: TestBackend) async throws {
        try await TestDatabase.withStore(backend) { (store: SQLStore) async throws in
            try await J.run(store: store, roles: [.viewer]) { client in
                try await store.save(alerts: [
                    Self.alert(1, tlp: .green),
                    Self.alert(2, tlp: .amber, origin: "navy", agencies: ["cert"]), // not ours
                    Self.alert(3, tlp: .amber, origin: "navy", agencies: [Fixtures.agency]),
                    Self.alert(4, tlp: .clear, kind: "event.public_warning"),
                    Self.alert(5, tlp: .red, origin: Fixtures.agency), // RED names no user of ours
                ])
                try await client.execute(uri: "/api/v1/alerts/stream?after=0&max=3", method: .get) { response in
                    #expect(response.status == .ok)
                    #expect(response.headers[.contentType] == "text/event-stream; charset=utf-8")
                    let frames = Self.frames(J.text(response))
                    #expect(frames.map(\.id) == [1, 3, 4])
                    #expect(frames.map(\.kind) == ["test.alert", "test.alert", "event.public_warning"])
                    let first = try JSONSerialization.jsonObject(with: Data(frames[0].data.utf8)) as? [String: Any]
                    #expect(first?["id"] as? String == "test.alert-1")
                    #expect(first?["seq"] as? Int == 1)
                }
                // A browser reconnecting after seq 3 gets the rest, once.
                try await store.save(alerts: [Self.alert(6, tlp: .green)])
                try await client.execute(uri: "/api/v1/alerts/stream?max=2", method: .get, headers: [Self.lastEventID: "3"]) { response in
                    #expect(Self.frames(J.text(response)).map(\.id) == [4, 6])
                }
                // Kind filter: names and prefixes.
                try await client.execute(uri: "/api/v1/alerts/stream?after=0&max=1&kind=event.", method: .get) { response in
                    #expect(Self.frames(J.text(response)).map(\.id) == [4])
                }
                // An id from before a restore starts from the newest alert instead of waiting forever.
                try await client.execute(uri: "/api/v1/alerts/stream", method: .get, headers: [Self.lastEventID: "999"]) { response in
                    #expect(J.text(response).hasPrefix("retry: 2000\n: alerts after 6\n"))
                }
                try await client.execute(uri: "/api/v1/alerts/stream", method: .get, headers: [Self.lastEventID: "three"]) { response in
                    #expect(response.status == .badRequest)
                    #expect(J.text(response).contains("Last-Event-ID"))
                }
                // The list: newest first, and after a seq with where to continue.
                try await client.execute(uri: "/api/v1/alerts?after=1&limit=2", method: .get) { response in
                    let body = J.object(response)
                    #expect((body["items"] as? [[String: Any]])?.compactMap { $0["seq"] as? Int } == [3])
                    #expect(body["next_after"] as? Int == 3)
                }
            }
            try await J.run(store: store, roles: nil) { client in
                try await client.execute(uri: "/api/v1/alerts/stream?after=0&max=1", method: .get) { #expect($0.status == .unauthorized) }
            }
        }
    }

    @Test func aStreamWithNothingToSendEndsAtItsTimeout() async throws {
        try await TestDatabase.withStore(.sqlite) { (store: SQLStore) async throws in
            try await store.save(alerts: [Self.alert(1, tlp: .amber, origin: "navy")])
            try await J.run(store: store) { client in
                try await client.execute(uri: "/api/v1/alerts/stream?after=0&timeout=1", method: .get) { response in
                    let text = J.text(response)
                    #expect(text.hasPrefix("retry: 2000\n: alerts after 0\n\n"))
                    #expect(Self.frames(text).isEmpty)
                }
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func aSevereEventNearASiteRaisesAlertsAndThePublicOneIsValidCAP(backend: TestBackend) async throws {
        try await TestDatabase.withStore(backend) { (store: SQLStore) async throws in
            _ = try await store.save(site: Fixtures.site(), by: .system("test"))
            try await J.run(store: store) { client in
                let body = """
                    {"occurred_at": "2026-05-01T08:00:00Z", "location": {"lat": 25.15, "lon": 62.35}, "domain": "terrorism_insurgency",
                     "type": "armed_assault", "severity": 4, "tlp": "CLEAR", "place": "Gwadar & East Bay", "title": "Gunmen attack <a> checkpoint",
                     "narrative": "Two attackers fired on the checkpoint.", "source": "test", "source_ref": "cap-1"}
                    """
                try await client.execute(uri: "/api/v1/events", method: .post, headers: J.jsonHeaders, body: J.json(body)) {
                    #expect($0.status == .created)
                }
                let site = try #require(try await store.alerts(kind: "event.severe_near_site", limit: 10).first)
                #expect(site.tlp == .green)
                #expect(site.siteID == "gwadar-port")
                #expect(site.title == "Severity 4 armed assault 4 km from Gwadar Port")
                let warning = try #require(try await store.alerts(kind: "event.public_warning", limit: 10).first)
                #expect(warning.siteID == nil)

                try await client.execute(uri: "/api/v1/cap/alerts/\(warning.id)", method: .get) { response in
                    #expect(response.status == .ok)
                    #expect(response.headers[.contentType] == "application/cap+xml; charset=utf-8")
                    let xml = J.text(response)
                    #expect(xml.contains("<headline>Gunmen attack &lt;a&gt; checkpoint</headline>"))
                    #expect(xml.contains("<areaDesc>Gwadar &amp; East Bay</areaDesc>"))
                    #expect(!xml.contains("Gwadar Port"), "a public alert says nothing about sites")
                    if CAPSchema.isAvailable || CAPSchema.required { try CAPSchema.validate(xml) }
                }
                // The GREEN site alert is not public.
                try await client.execute(uri: "/api/v1/cap/alerts/\(site.id)", method: .get) { #expect($0.status == .notFound) }
            }
            try await J.run(store: store, roles: nil) { client in
                try await client.execute(uri: "/api/v1/cap/alerts.xml", method: .get) { response in
                    #expect(response.status == .ok)
                    let feed = J.text(response)
                    #expect(feed.components(separatedBy: "<entry>").count == 2)
                    #expect(feed.contains("<identifier>event.public_warning-"))
                    #expect(!feed.contains("severe_near_site"))
                }
            }
        }
    }

    /// S5: relabelling an event CLEAR → RED once left the public CAP feed, lists, streams and
    /// webhooks serving the old text. Its alerts now follow the event.
    @Test(arguments: TestBackend.available)
    func alertsFollowTheirEventWhenItIsRelabelled(backend: TestBackend) async throws {
        try await TestDatabase.withStore(backend) { (store: SQLStore) async throws in
            _ = try await store.save(site: Fixtures.site(), by: .system("test"))
            // The RED version is shared with the reporting analyst, so they may change it back.
            @Sendable func body(_ tlp: String, _ title: String) -> ByteBuffer {
                J.json(
                    """
                    {"occurred_at": "2026-05-01T08:00:00Z", "location": {"lat": 25.15, "lon": 62.35}, "domain": "terrorism_insurgency",
                     "type": "armed_assault", "severity": 4, "tlp": "\(tlp)", "title": "\(title)", "source": "test", "source_ref": "relabel-1",
                     "shared_with_users": ["tester"]}
                    """)
            }
            let id = Event.stableID(source: "test", sourceRef: "relabel-1")
            try await J.run(store: store) { client in
                try await client.execute(
                    uri: "/api/v1/events", method: .post, headers: J.jsonHeaders, body: body("CLEAR", "Attack at the checkpoint")
                ) {
                    #expect($0.status == .created)
                }
                try await client.execute(
                    uri: "/api/v1/events/\(id)", method: .put, headers: J.jsonHeaders, body: body("RED", "Source-protected detail")
                ) {
                    #expect($0.status == .ok)
                }
            }
            let warning = try #require(try await store.alert(id: "event.public_warning-\(id)"))
            #expect(warning.tlp == .red && warning.title.hasPrefix("Withdrawn") && warning.details["narrative"] == nil)
            let site = try #require(try await store.alert(id: "event.severe_near_site-\(id)"))
            #expect(site.tlp == .red && !site.title.contains("Attack at the checkpoint"))
            try await J.run(store: store, roles: nil) { client in
                // The public feed no longer carries the warning, but cancels it (CAP msgType Cancel,
                // referencing the warning), saying nothing of the event.
                let cancelID = try #require(
                    try await store.alerts(kind: AlertKind.eventPublicWarningWithdrawn.rawValue, limit: 10).first?.id)
                try await client.execute(uri: "/api/v1/cap/alerts.xml", method: .get) { response in
                    let feed = J.text(response)
                    #expect(feed.components(separatedBy: "<entry>").count == 2, "only the cancellation is public")
                    #expect(feed.contains("<msgType>Cancel</msgType>"))
                    #expect(feed.contains("<references>corridorwatch,event.public_warning-\(id),2026-06-01T00:00:00+00:00</references>"))
                    #expect(!feed.contains("Attack at the checkpoint") && !feed.contains("Source-protected"))
                    #expect(!feed.contains("<circle>"), "the cancellation gives no place")
                }
                try await client.execute(uri: "/api/v1/cap/alerts/\(cancelID)", method: .get) { response in
                    #expect(response.status == .ok)
                    if CAPSchema.isAvailable || CAPSchema.required {
                        #expect(throws: Never.self) { try CAPSchema.validate(J.text(response)) }
                    }
                }
                try await client.execute(uri: "/api/v1/cap/alerts/event.public_warning-\(id)", method: .get) {
                    #expect($0.status == .notFound)
                }
            }
            // Another agency's user can no longer read either of the event's alerts.
            let other = Principal(userID: "someone", agencyID: "other-agency", roles: [.viewer])
            #expect(!warning.isReadable(by: other) && !site.isReadable(by: other))
            // Back to CLEAR with new text: the warning is re-derived from the event as it is now.
            try await J.run(store: store) { client in
                try await client.execute(
                    uri: "/api/v1/events/\(id)", method: .put, headers: J.jsonHeaders, body: body("CLEAR", "Checkpoint reopened")
                ) {
                    #expect($0.status == .ok)
                }
            }
            let again = try #require(try await store.alert(id: "event.public_warning-\(id)"))
            #expect(again.tlp == .clear && again.title == "Checkpoint reopened")
            #expect(again.seq == warning.seq, "a revised alert keeps its place in the delivery order")
            // Public again with new text, then withdrawn again: cancelled once more, and not twice
            // for one withdrawal revised twice.
            try await J.run(store: store) { client in
                for _ in 0..<2 {
                    try await client.execute(
                        uri: "/api/v1/events/\(id)", method: .put, headers: J.jsonHeaders, body: body("GREEN", "Checkpoint closed")
                    ) { #expect($0.status == .ok) }
                }
            }
            let cancellations = try await store.alerts(kind: AlertKind.eventPublicWarningWithdrawn.rawValue, limit: 10)
            #expect(cancellations.count == 2, "a cancellation per withdrawal of a public warning: \(cancellations.map(\.id))")
        }
    }

    @Test func everyKindOfPublicAlertIsValidCAP() throws {
        guard CAPSchema.isAvailable || CAPSchema.required else { return }
        let cap = CAPDocument(sender: "alerts@corridorwatch.example")
        var kinds = [
            Self.alert(1, tlp: .clear, kind: "event.public_warning"), Self.alert(2, tlp: .clear, kind: "maritime.withdrawn"),
            Self.alert(3, tlp: .clear, kind: "risk.class_changed"),
            Self.alert(4, tlp: .clear, kind: "event.public_warning.withdrawn"),
        ]
        kinds[3].details = ["cancels": "event.public_warning-ev-1", "cancels_sent": "2026-05-01T08:00:00Z"]
        #expect(
            cap.xml(for: kinds[3]).contains(
                "<references>alerts@corridorwatch.example,event.public_warning-ev-1,2026-05-01T08:00:00+00:00</references>"))
        kinds[0].location = Fixtures.gwadar
        kinds[0].details = ["severity": "5", "narrative": "Control chars \u{1} dropped", "domain": "cyber", "type": "ransomware"]
        for alert in kinds { try CAPSchema.validate(cap.xml(for: alert)) }
        #expect(throws: CAPSchema.Failure.self) {
            try CAPSchema.validate("<alert xmlns=\"\(CAPDocument.namespace)\"><identifier>x</identifier></alert>")
        }
    }
}
