import CorridorAccess
import CorridorCore
import Foundation
import Testing

@testable import CorridorAlerts

@Suite struct CAPDocumentTests {
    static func event(tlp: TLP = .clear, severity: Int = 4, siteIDs: [String] = []) throws -> Event {
        try Event(
            id: "evt-1", occurredAt: Date(timeIntervalSince1970: 1_764_410_400), timePrecision: .exact,
            reportedAt: Date(timeIntervalSince1970: 1_764_410_400),
            location: Coordinate(latitude: 25.12, longitude: 62.33), geoPrecision: .exact, province: .balochistan,
            district: "Gwadar", place: "Gwadar <East Bay> & port", domain: .terrorismInsurgency, type: "armed_assault",
            severity: severity, siteIDs: siteIDs, tlp: tlp, title: "Attack on a convoy", narrative: "Gunmen fired on a convoy.",
            source: "test", sourceRef: "1")
    }

    @Test func capTimeHasAnOffsetNotZ() {
        #expect(CAPDocument.capTime(Date(timeIntervalSince1970: 1_764_410_400)) == "2025-11-29T10:00:00+00:00")
    }

    @Test func publicWarningBecomesAnEscapedCAPAlert() throws {
        let alerts = EventAlertRule().alerts(for: try Self.event(), sites: [], at: Date(timeIntervalSince1970: 1_764_410_400))
        let warning = try #require(alerts.first { $0.kind == "event.public_warning" })
        #expect(CAPDocument.isPublic(warning))
        let xml = CAPDocument(sender: "alerts@corridorwatch.example").xml(for: warning)
        #expect(xml.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\">"))
        #expect(xml.contains("<identifier>event.public_warning-evt-1</identifier>"))
        #expect(xml.contains("<sent>2025-11-29T10:00:00+00:00</sent>"))
        #expect(xml.contains("<scope>Public</scope>"))
        #expect(xml.contains("<severity>Severe</severity>"))
        #expect(xml.contains("<areaDesc>Gwadar &lt;East Bay&gt; &amp; port</areaDesc>"))
        #expect(xml.contains("<circle>25.12000,62.33000 5</circle>"))
        #expect(xml.contains("<description>Gunmen fired on a convoy.</description>"))
    }

    /// S12: a CLEAR title with U+FFFF (or any character outside XML 1.0 Char) once made the
    /// whole public feed ill-formed; such characters are dropped, and the rest is kept.
    @Test func charactersXMLCannotCarryAreDropped() throws {
        var event = try Self.event()
        event.title = "Attack\u{FFFF}\u{FFFE}\u{0}\u{1B} on a convoy \u{1F6A8}"
        event.narrative = "Line one\nline\ttwo\u{B}"
        let alerts = EventAlertRule().alerts(for: event, sites: [], at: Date(timeIntervalSince1970: 1_764_410_400))
        let warning = try #require(alerts.first { $0.kind == "event.public_warning" })
        let xml = CAPDocument().xml(for: warning)
        #expect(xml.contains("<headline>Attack on a convoy \u{1F6A8}</headline>"))
        #expect(xml.contains("<description>Line one\nline\ttwo</description>"))
        #expect(xml.unicodeScalars.allSatisfy(CAPDocument.isXMLChar))
        let feed = CAPDocument().feed(alerts, selfURL: "/api/v1/cap/alerts.xml", updated: Date())
        #expect(feed.unicodeScalars.allSatisfy(CAPDocument.isXMLChar))
    }

    @Test func feedEmbedsEachAlert() throws {
        let alerts = EventAlertRule().alerts(for: try Self.event(), sites: [], at: Date(timeIntervalSince1970: 1_764_410_400))
        let feed = CAPDocument().feed(alerts, selfURL: "/api/v1/cap/alerts.xml", updated: Date())
        #expect(feed.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\">"))
        #expect(feed.components(separatedBy: "<entry>").count - 1 == alerts.count)
        #expect(feed.contains("href=\"/api/v1/cap/alerts/event.public_warning-evt-1\""))
    }
}

@Suite struct EventAlertRuleTests {
    let sites: [Site] = {
        let gwadar = Site(
            id: "gwadar-port", name: "Gwadar Port", kind: .port, location: (try? Coordinate(latitude: 25.11, longitude: 62.33))!,
            criticality: 5, provenance: "test")
        return [gwadar]
    }()

    @Test func severeEventNearASiteRaisesASiteAlertAtLeastGreen() throws {
        let alerts = EventAlertRule().alerts(for: try CAPDocumentTests.event(), sites: sites, at: Date())
        #expect(alerts.map(\.kind) == ["event.severe_near_site", "event.public_warning"])
        let site = alerts[0]
        #expect(site.tlp == .green)
        #expect(site.siteID == "gwadar-port")
        #expect(site.title == "Severity 4 armed assault 1 km from Gwadar Port")
        // The public warning says nothing about the site.
        #expect(alerts[1].siteID == nil)
        #expect(alerts[1].details["sites"] == nil)
        #expect(alerts[1].tlp == .clear)
    }

    @Test func lessSevereOrFarOrRestrictedEventsRaiseLess() throws {
        #expect(EventAlertRule().alerts(for: try CAPDocumentTests.event(severity: 3), sites: sites, at: Date()).isEmpty)
        let amber = EventAlertRule().alerts(for: try CAPDocumentTests.event(tlp: .amber), sites: sites, at: Date())
        #expect(amber.map(\.kind) == ["event.severe_near_site"])
        #expect(amber[0].tlp == .amber)
        let far = EventAlertRule(radiusKm: 0.5).alerts(for: try CAPDocumentTests.event(tlp: .green), sites: sites, at: Date())
        #expect(far.isEmpty)
    }

    @Test func alertsAreReadAsTheirEventIs() throws {
        var event = try CAPDocumentTests.event(tlp: .amber)
        event.originAgency = "police"
        event.sharedWithAgencies = ["cert"]
        let alert = try #require(EventAlertRule().alerts(for: event, sites: sites, at: Date()).first)
        #expect(alert.isReadable(by: Principal(userID: "u", agencyID: "cert", roles: [])))
        #expect(alert.isReadable(by: Principal(userID: "u", agencyID: "police", roles: [])))
        #expect(!alert.isReadable(by: Principal(userID: "u", agencyID: "navy", roles: [])))
        #expect(!alert.isReadable(by: nil))
        #expect(alert.isReadable(byAgency: "cert"))
        #expect(!alert.isReadable(byAgency: "navy"))
    }
}
