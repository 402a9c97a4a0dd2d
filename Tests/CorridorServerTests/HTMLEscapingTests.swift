import CorridorAccess
import CorridorAlerts
import CorridorCoordination
import CorridorCore
import CorridorMaritime
import CorridorStore
import CorridorTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import CorridorServer

/// Pages are safe by default: ``SafeHTML`` escapes what is interpolated, and no page lets
/// stored or sent text out as markup, whoever reads it.
@Suite struct HTMLEscapingTests {
    /// Closes an attribute with either quote, opens a tag, and starts an entity.
    static let hostile = #"<script>alert(1)</script>"'&"#
    static let escaped = "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;"

    // MARK: SafeHTML itself

    @Test func interpolationEscapesEveryValueByDefault() {
        let text = Self.hostile
        let html: SafeHTML = "<td title=\"\(text)\">\(text)</td>"
        #expect(html.description == "<td title=\"\(Self.escaped)\">\(Self.escaped)</td>")
        let substring: Substring = text.dropFirst(0)
        #expect(("\(substring)" as SafeHTML).description == Self.escaped)
        struct Described: CustomStringConvertible { var description: String { HTMLEscapingTests.hostile } }
        #expect(("\(Described())" as SafeHTML).description == Self.escaped)
        #expect(("<b>\(42)</b> \(1.5) \(-7)" as SafeHTML).description == "<b>42</b> 1.5 -7")
        #expect(SafeHTML(escaping: text).description == Self.escaped)
        // Plain text is left as it is (the escaper looks at bytes, not characters).
        #expect(("\("Gwadar Port · گوادر")" as SafeHTML).description == "Gwadar Port · گوادر")
    }

    @Test func literalsRawAndNestedMarkupGoInVerbatim() {
        let cell: SafeHTML = "<td>\(Self.hostile)</td>"
        let row: SafeHTML = "<tr>\(cell)</tr>"
        #expect(row.description == "<tr><td>\(Self.escaped)</td></tr>")
        let rows: [SafeHTML] = [row, row]
        #expect(("<tbody>\(rows)</tbody>" as SafeHTML).description == "<tbody>\(row)\(row)</tbody>")
        #expect(rows.joinedHTML(separator: "<br>").description == "\(row)<br>\(row)")
        #expect(("<p>\(raw: "<b>bold</b>")</p>" as SafeHTML).description == "<p><b>bold</b></p>")
        let literal: SafeHTML = "<a href=\"/\">home</a>"
        #expect(literal.description == "<a href=\"/\">home</a>")
        var built = SafeHTML.empty
        built += cell
        #expect((built + "<br>").description == "<td>\(Self.escaped)</td><br>")
        #expect(SafeHTML.empty.isEmpty && !built.isEmpty)
    }

    @Test func linksStayHTTPAndEscaped() {
        let html = HTML.links("see https://example.org/?a=\"'<b>&x=1 javascript:alert(1) \(Self.hostile)").description
        #expect(html.contains("<a href=\"https://example.org/?a=&quot;&#39;&lt;b&gt;&amp;x=1\" rel=\"noopener noreferrer\">"))
        #expect(!html.contains("href=\"javascript:"))
        #expect(!html.contains("<script>") && !html.contains("<b>"))
    }

    // MARK: The evidence the event page draws

    @Test func evidenceIsReadAsTheExportWritesIt() throws {
        let track = [
            TrackPoint(mmsi: 412_000_001, time: 1_800_000_000, latitude: 24.70, longitude: 63.5),
            TrackPoint(mmsi: 463_000_002, time: 1_800_000_600, latitude: 24.7015, longitude: 63.5),
        ]
        let encounter = MaritimeDetection(
            kind: .encounter, mmsi: 412_000_001, start: 1_800_000_000, end: nil, latitude: 24.7, longitude: 63.5, evidence: track)
        let line = try #require(
            EvidenceGeoJSON.points(from: String(decoding: DetectionExport.featureCollection([encounter]), as: UTF8.self)))
        #expect(line.map(\.mmsi) == [412_000_001, 463_000_002])
        #expect(line.map(\.latitude) == [24.70, 24.7015] && line.allSatisfy { $0.longitude == 63.5 })
        #expect(line.first?.time == "2027-01-15T08:00:00Z")
        let gap = MaritimeDetection(kind: .aisGap, mmsi: 7, start: 0, end: nil, latitude: 25, longitude: 62, evidence: [track[0]])
        let point = try #require(EvidenceGeoJSON.points(from: String(decoding: DetectionExport.featureCollection([gap]), as: UTF8.self)))
        #expect(point.count == 1 && point.first?.latitude == 24.70)
        // Stored text that is not such a collection draws nothing, and a wrong field counts as missing.
        #expect(EvidenceGeoJSON.points(from: "not json") == nil)
        #expect(EvidenceGeoJSON.points(from: #"{"features": [{"geometry": {"type": "Point", "coordinates": [1, 2]}}]}"#) == nil)
        let odd = try #require(
            EvidenceGeoJSON.points(
                from:
                    #"{"features": [{"geometry": {"type": "LineString", "coordinates": [[1, 2], [3], [5, 6]]}, "properties": {"times": 7}}]}"#
            ))
        #expect(odd.map(\.longitude) == [1, 5] && odd.allSatisfy { $0.time == "" && $0.mmsi == 0 })
    }

    // MARK: Every page, every role

    /// The page routes (GET, text/html) and who may read them.
    struct Route: Sendable, CustomStringConvertible {
        var path: String
        /// nil: any signed-in user.
        var roles: Set<Role>?
        /// What the page shows escaped, if it shows hostile text (so escaping is exercised).
        var shows: String?
        var description: String { path }
    }

    static let siteID = "xss-site"
    static let otherSiteID = "xss-site-2"
    static let caseID = "case-xss"
    /// The hostile text as one path segment (a slash would end it).
    static let hostileSegment = #"<script>alert(1)"'&"#
    static let escapedSegment = "&lt;script&gt;alert(1)&quot;&#39;&amp;"
    static let hostileQuery = Self.hostile.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""

    static func routes(eventID: String) -> [Route] {
        [
            Route(path: "/", roles: nil, shows: escaped),
            Route(path: "/sites", roles: nil, shows: escaped),
            Route(path: "/sites?as_of=2026-05-01", roles: nil, shows: escaped),
            Route(path: "/sites/\(siteID)", roles: nil, shows: escaped),
            Route(path: "/sites/\(siteID)?as_of=2026-05-01", roles: nil, shows: escaped),
            Route(path: "/sites/\(hostileSegment)", roles: nil, shows: escapedSegment),
            Route(path: "/risk/compare?a=\(siteID)&b=\(otherSiteID)", roles: nil, shows: escaped),
            Route(path: "/risk/compare?a=\(hostileQuery)", roles: nil, shows: nil),
            Route(path: "/events", roles: nil, shows: escaped),
            Route(path: "/events?domain=maritime", roles: nil, shows: escaped),
            Route(path: "/events/\(eventID)", roles: nil, shows: escaped),
            Route(path: "/events/\(hostileSegment)", roles: nil, shows: escapedSegment),
            Route(path: "/cases", roles: nil, shows: escaped),
            Route(path: "/cases/\(caseID)", roles: nil, shows: escaped),
            Route(path: "/cases/\(caseID)/report", roles: nil, shows: escaped),
            Route(path: "/alerts", roles: nil, shows: escaped),
            Route(path: "/mandates", roles: nil, shows: escaped),
            Route(path: "/admin/users", roles: [.admin], shows: escaped),
            Route(path: "/admin/audit", roles: [.admin], shows: escaped),
            Route(
                path: "/admin/audit?actor=\(hostileQuery)&action=\(hostileQuery)&object_type=\(hostileQuery)", roles: [.admin],
                shows: escaped),
            Route(path: "/admin/webhooks", roles: [.admin], shows: escaped),
            Route(path: "/login", roles: nil, shows: nil),
            Route(path: "/login?next=\(hostileQuery)", roles: nil, shows: nil),
        ]
    }

    /// Who reads: each role alone, and no one.
    static let readers: [Set<Role>?] = Role.allCases.map { Set([$0]) } + [nil]

    @Test func noPageLetsStoredOrSentTextOutAsMarkup() async throws {
        try await TestDatabase.withStore(.sqlite) { (store: SQLStore) async throws in
            let eventID = try await Self.seedHostile(store)
            var pagesWithHostileText = 0
            for roles in Self.readers {
                let who = roles.map { $0.map(\.rawValue).sorted().joined(separator: "+") } ?? "anonymous"
                pagesWithHostileText += try await TestServer.run(store: store, roles: roles) { client -> Int in
                    var shown = 0
                    for route in Self.routes(eventID: eventID) {
                        let (status, type, html) = try await client.execute(uri: route.path, method: .get) { response in
                            (response.status, response.headers[.contentType], TestServer.text(response))
                        }
                        let label = "\(who) GET \(route.path)"
                        Self.expectNoMarkup(in: html, label)
                        let isLogin = route.path.hasPrefix("/login")
                        let allowed = isLogin || (roles != nil && (route.roles.map { !$0.isDisjoint(with: roles ?? []) } ?? true))
                        if allowed {
                            #expect(status == .ok || status == .notFound || status == .badRequest, "\(label): \(status)")
                            #expect(type == "text/html; charset=utf-8", "\(label)")
                            if let text = route.shows {
                                #expect(html.contains(text), "\(label) shows no stored text")
                                shown += 1
                            }
                        } else if roles == nil {
                            // The sign-in page, which names the page to return to.
                            #expect(status == .unauthorized && type == "text/html; charset=utf-8", "\(label): \(status)")
                        } else {
                            #expect(status == .forbidden, "\(label): \(status)")
                        }
                    }
                    guard roles != nil else { return shown }
                    // Messages that repeat what was sent.
                    let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
                    let sent: [(String, String)] = [
                        ("/admin/agencies", "id=x-agency&name=X&kind=police&jurisdiction=\(Self.hostileQuery)"),
                        (
                            "/admin/users",
                            "username=\(Self.hostileQuery)&display_name=\(Self.hostileQuery)&agency_id=\(Fixtures.agency)&password=x"
                        ),
                        ("/admin/webhooks/\(Self.hostileQuery)/delete", ""),
                        ("/admin/webhooks", "agency_id=\(Fixtures.agency)&url=\(Self.hostileQuery)"),
                        ("/mandates/rules", "id=r&domain=cyber&lead=\(Fixtures.agency)&precedence=\(Self.hostileQuery)"),
                        ("/mandates/rules/\(Self.hostileQuery)/delete", ""),
                    ]
                    for (path, body) in sent {
                        let html = try await client.execute(uri: path, method: .post, headers: form, body: ByteBuffer(string: body)) {
                            TestServer.text($0)
                        }
                        Self.expectNoMarkup(in: html, "\(who) POST \(path)")
                    }
                    return shown
                }
            }
            // Every signed-in role saw the stored text on every page open to it.
            #expect(pagesWithHostileText == 5 * 16 + 4)
        }
    }

    /// Neither the script nor a quote or ampersand that could end an attribute gets out raw.
    static func expectNoMarkup(in html: String, _ label: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(!html.contains("<script>alert(1)</script>"), "\(label)", sourceLocation: sourceLocation)
        #expect(!html.contains("<script>"), "\(label)", sourceLocation: sourceLocation)
        #expect(!html.contains(#""'&"#) && !html.contains("'&\""), "\(label)", sourceLocation: sourceLocation)
        for value in attributeValues(html) {
            #expect(
                !value.contains("<") && !value.contains(">") && !value.contains("'"), "\(label): attribute \(value)",
                sourceLocation: sourceLocation)
            #expect(!hasBareAmpersand(value), "\(label): attribute \(value)", sourceLocation: sourceLocation)
        }
    }

    /// The values of the double-quoted attributes of every tag.
    static func attributeValues(_ html: String) -> [String] {
        var values: [String] = []
        var rest = html[...]
        while let open = rest.firstIndex(of: "<") {
            let tag = rest[rest.index(after: open)...].prefix { $0 != ">" }
            // A tag's attributes: name="value" pairs; a value ends at the next double quote.
            let parts = tag.split(separator: "\"", omittingEmptySubsequences: false)
            for (i, part) in parts.enumerated() where i % 2 == 1 { values.append(String(part)) }
            rest = rest[tag.endIndex...]
        }
        return values
    }

    /// An `&` that does not start `&name;` or `&#digits;`.
    static func hasBareAmpersand(_ s: String) -> Bool {
        var rest = s[...]
        while let amp = rest.firstIndex(of: "&") {
            let after = rest[rest.index(after: amp)...]
            let entity = after.prefix { $0.isLetter || $0.isNumber || $0 == "#" }
            if entity.isEmpty || after.dropFirst(entity.count).first != ";" { return true }
            rest = after
        }
        return false
    }

    // MARK: The records

    /// Stores records whose every text field is ``hostile``; returns the event's id.
    static func seedHostile(_ store: SQLStore) async throws -> String {
        let h = hostile
        let actor = AuditActor(name: h, agency: h, client: h)
        // The test user's agency (kept by TestServer.signIn, which only creates it if missing).
        _ = try await store.save(agency: Agency(id: Fixtures.agency, name: h, kind: .police, provenance: h), by: actor)
        _ = try await store.save(agency: Agency(id: "xss-agency", name: h, kind: .other, jurisdiction: [.sindh]), by: actor)
        _ = try await store.save(
            user: User(id: "xss-user", displayName: h, agencyID: Fixtures.agency, roles: [.viewer]),
            passwordHash: PasswordHasher.forTesting().hash(TestServer.password), by: actor)

        for (id, location) in [(siteID, Fixtures.gwadar), (otherSiteID, Fixtures.karachi)] {
            var site = Fixtures.site(id: id, name: h, at: location)
            site.cpecPhase = h
            site.status = h
            site.operatorName = h
            site.district = h
            site.protectionMeasures = [h, h]
            site.notes = h
            site.provenance = "\(h) https://example.org/\(h) javascript:alert(1)"
            _ = try await store.save(site: site, by: actor)
        }

        var event = Fixtures.event(ref: h, daysAgo: 2, domain: .maritime, type: h, siteIDs: [siteID], source: h)
        event.title = h
        event.narrative = h
        event.place = h
        event.district = h
        event.subtype = h
        event.sourceURL = "https://example.org/\(h)"
        event.reportingAgency = h
        event.severity = 5
        let (_, saved) = try await store.save(event: event, by: actor)
        // The detection's evidence, as the maritime watch stores it, with hostile times.
        let evidence = """
            {"type":"FeatureCollection","features":[{"type":"Feature","id":"d1","geometry":{"type":"LineString",\
            "coordinates":[[62.30,25.10],[62.31,25.11],[62.32,25.12]]},"properties":{"kind":"encounter",\
            "times":["2026-05-30T00:00:00Z",\(jsonString(h)),\(jsonString(h))],"evidence_mmsi":[412000001,412000001,463000002]}}]}
            """
        try await store.save(evidence: evidence, forEvent: saved.id)
        try await store.save(snapshots: [
            RiskSnapshot(
                siteID: siteID, day: "2026-05-30", risk: 6, riskClass: .high, hazardExposure: 6, vulnerability: 5,
                copingCapacityLack: 4, completeness: 0.8),
            // A day is written by the server, but it is still text read back from the database.
            RiskSnapshot(
                siteID: siteID, day: h, risk: 6.5, riskClass: .high, hazardExposure: 6, vulnerability: 5,
                copingCapacityLack: 4, completeness: 0.8),
        ])

        var crisis = CrisisCase(
            id: caseID, title: h, openedAt: Fixtures.now.addingTimeInterval(-7200), eventIDs: [saved.id, "ev-unreadable"], lead: h,
            supporting: [h, Fixtures.agency], mandateRule: h, acknowledgeWithin: 900, respondWithin: 7200, tlp: .amber,
            originAgency: Fixtures.agency, actor: h)
        for kind in [CaseEntry.Kind.note, .escalated, .reassigned, .reopened] {
            crisis.timeline.append(CaseEntry(at: Fixtures.now.addingTimeInterval(-3600), actor: h, kind: kind, note: h))
        }
        crisis.tasks = [CaseTask(id: "t1", title: h, agency: h, user: h, due: Fixtures.now)]
        try await store.save(crisisCase: crisis, action: "case.opened", by: actor)

        let alert = AlertRecord(
            id: "al-\(h)", kind: AlertKind(rawValue: h), createdAt: Fixtures.now.addingTimeInterval(-60), siteID: siteID, tlp: .clear,
            title: h,
            details: [h: h])
        try await store.save(alerts: [alert])

        _ = try await store.save(
            mandateRules: [
                MandateRule(id: h, domain: .maritime, eventType: h, province: .balochistan, lead: h, supporting: [h], note: h),
                MandateRule(id: "xss-cyber", domain: .cyber, lead: Fixtures.agency, note: h),
            ], replacing: true, by: actor)

        let hook = try await store.save(
            webhook: Webhook(
                id: "wh-\(h)", agencyID: Fixtures.agency, url: "https://example.org/\(h)", secret: h, kinds: [h], createdAt: Fixtures.now),
            by: actor)
        _ = try await store.queueDeliveries(
            webhookID: hook.id, cursor: hook.cursor, newCursor: 1, alerts: try await store.alerts(afterSeq: 0, limit: 1), at: Fixtures.now)
        if var dead = try await store.claimDeliveries(now: Fixtures.now, lease: 60, limit: 1).first {
            dead.status = .dead
            dead.lastError = h
            try await store.finish(delivery: dead)
        }

        let mmsi = 463_012_345
        try await store.save(
            positions: [
                VesselPosition(
                    mmsi: mmsi, at: Fixtures.now.addingTimeInterval(-600), latitude: 25.05, longitude: 62.3, speed: 10.5, course: 90,
                    messageType: 1, source: h)
            ], flags: [mmsi: h])
        try await store.save(vesselStatics: [Vessel(mmsi: mmsi, name: h, callsign: h, destination: h, flag: h)])
        return saved.id
    }

    static func jsonString(_ s: String) -> String {
        String(decoding: (try? JSONEncoder().encode(s)) ?? Data("\"\"".utf8), as: UTF8.self)
    }
}
