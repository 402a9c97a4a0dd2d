import CorridorCore
import Foundation
import Testing

@Suite struct EventValidationTests {
    func event(domain: Domain = .terrorismInsurgency, type: String = "ied", severity: Int = 3) throws -> Event {
        Event(
            occurredAt: Date(timeIntervalSince1970: 1_700_000_000), location: try Coordinate(latitude: 25, longitude: 62),
            domain: domain, type: type, severity: severity, title: "t", source: "s", sourceRef: "r")
    }

    @Test func aValidEventHasNoProblems() throws {
        #expect(try event().validate().isEmpty)
    }

    @Test func aTypeFromAnotherDomainIsNamed() throws {
        let problems = try event(domain: .cyber, type: "ied").validate()
        #expect(problems.map(\.field) == ["type"])
        #expect(problems[0].reason.contains("ransomware"))
    }

    @Test func severityMustBeOneToFive() throws {
        #expect(try event(severity: 9).validate().map(\.field) == ["severity"])
        #expect(try event(severity: 0).validate().map(\.field) == ["severity"])
    }

    @Test func everyTaxonomyTypeBelongsToExactlyOneDomain() {
        var seen: [String: Domain] = [:]
        for (domain, types) in EventTaxonomy.types {
            for t in types {
                #expect(seen[t] == nil, "\(t) in \(domain) and \(seen[t].map(\.rawValue) ?? "")")
                seen[t] = domain
            }
        }
        #expect(EventTaxonomy.domain(ofType: "ransomware") == .cyber)
        #expect(EventTaxonomy.domain(ofType: "ais_gap") == .maritime)
        #expect(Set(EventTaxonomy.types.keys) == Set(Domain.allCases))
    }

    @Test func encodesSnakeCaseFieldsAndRoundTrips() throws {
        var e = try event()
        e.siteIDs = ["gwadar-port"]
        e.tlp = .amberStrict
        let data = try DateFormats.jsonEncoder().encode(e)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains(#""occurred_at":"2023-11-14T22:13:20Z""#))
        #expect(text.contains(#""tlp":"AMBER+STRICT""#))
        #expect(text.contains(#""site_ids":["gwadar-port"]"#))
        #expect(try DateFormats.jsonDecoder().decode(Event.self, from: data) == e)
    }
}

@Suite struct SiteValidationTests {
    func site() throws -> Site {
        Site(
            id: "gwadar-port", name: "Gwadar Port", kind: .port, location: try Coordinate(latitude: 25.1, longitude: 62.3),
            provenance: "synthetic")
    }

    @Test func namesEachBrokenRule() throws {
        var s = try site()
        #expect(s.validate().isEmpty)
        s.id = "Gwadar Port"
        s.criticality = 7
        s.localWorkers = 10
        s.foreignNationals = 5
        s.totalWorkers = 12
        s.provenance = " "
        #expect(Set(s.validate().map(\.field)) == ["id", "criticality", "total_workers", "provenance"])
    }

    @Test func decodesWithDefaultsForOptionalFields() throws {
        let json = #"{"id":"x","name":"X","kind":"sez","location":{"lat":30,"lon":70},"provenance":"synthetic"}"#
        let s = try JSONDecoder().decode(Site.self, from: Data(json.utf8))
        #expect(s.criticality == 3)
        #expect(s.protectionMeasures == [])
        #expect(s.province == nil)
    }
}

@Suite struct GeometryTests {
    @Test func roundTripsGeoJSONWithLongitudeFirst() throws {
        let json = #"{"type":"Polygon","coordinates":[[[62,25],[63,25],[63,26],[62,25]]]}"#
        let g = try JSONDecoder().decode(Geometry.self, from: Data(json.utf8))
        guard case .polygon(let rings) = g else {
            Issue.record("expected a polygon")
            return
        }
        #expect(rings[0][1].longitude == 63)
        #expect(rings[0][1].latitude == 25)
        let again = try JSONDecoder().decode(Geometry.self, from: JSONEncoder().encode(g))
        #expect(again == g)
    }

    @Test func rejectsUnsupportedTypes() {
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(Geometry.self, from: Data(#"{"type":"Circle","coordinates":[1,2]}"#.utf8))
        }
    }
}
