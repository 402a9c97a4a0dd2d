import CorridorCore
import CorridorServer
import CorridorStore
import CorridorTestSupport
import Foundation
import Testing

@Suite struct WebPageTests {
    @Test func dashboardDrawsTheMapWithEverySiteAndTheBoundaryNote() async throws {
        try await TestDatabase.withStore(.sqlite) { (store: SQLStore) async throws in
            try await seeded(store)
            try await VesselAPITests.seed(store)
            // History (two years ago) counts on record but is not drawn as the current picture.
            _ = try await store.save(event: Fixtures.event(ref: "old", daysAgo: 800, at: Fixtures.quetta))
            try await TestServer.run(store: store) { client in
                try await client.execute(uri: "/", method: .get) { response in
                    let html = TestServer.text(response)
                    #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                    #expect(html.contains("<svg id=\"map\""))
                    let parts = html.components(separatedBy: "<svg id=\"gwadar-map\"")
                    let main = parts[0]
                    let gwadar = parts.count > 1 ? parts[1] : ""
                    #expect(main.components(separatedBy: "class=\"site-marker\"").count - 1 == 2)
                    #expect(main.components(separatedBy: "class=\"event-marker\"").count - 1 == 3)
                    #expect(main.components(separatedBy: "class=\"province\"").count - 1 == 8)
                    // Gwadar port is in the approaches map too; the vessel is drawn on both maps.
                    #expect(gwadar.components(separatedBy: "class=\"site-marker\"").count - 1 == 1)
                    #expect(main.components(separatedBy: "data-mmsi=\"463012345\"").count - 1 == 1)
                    #expect(gwadar.components(separatedBy: "data-mmsi=\"463012345\"").count - 1 == 1)
                    #expect(html.contains("GWADAR STAR · MMSI 463012345 · flag PK · 10.5 kn"))
                    #expect(html.contains("de-facto boundaries"))
                    #expect(html.contains("<b id=\"site-count\">2</b>"))
                    #expect(html.contains("<b id=\"event-count\">4</b> events on record (history included)"))
                    #expect(html.contains("Map <small>events of the last 12 months</small>"))
                    #expect(!html.contains("http://") || !html.contains("<script src=\"http"))
                }
                try await client.execute(uri: "/assets/app.css", method: .get) { response in
                    #expect(response.status == .ok)
                    #expect(response.headers[.contentType] == "text/css; charset=utf-8")
                }
                try await client.execute(uri: "/assets/..%2Fopenapi.yaml", method: .get) { #expect($0.status == .notFound) }
            }
        }
    }

    @Test func siteAndEventPagesShowDetailsAndEscapeText() async throws {
        try await TestDatabase.withStore(.sqlite) { (store: SQLStore) async throws in
            try await seeded(store)
            var hostile = Fixtures.site(id: "x-site", name: "<script>alert(1)</script>")
            hostile.provenance = "javascript:alert(1) https://example.org/source"
            _ = try await store.save(site: hostile)
            try await TestServer.run(store: store) { client in
                try await client.execute(uri: "/sites/gwadar-port", method: .get) { response in
                    let html = TestServer.text(response)
                    #expect(html.contains("<h1 id=\"site-name\">Gwadar Port</h1>"))
                    #expect(html.contains("Latest events within 50 km (1)"))
                    #expect(html.contains("perimeter fence, cctv"))
                    #expect(html.contains("<span id=\"risk-confidence\"><span class=\"confidence-"))
                }
                // As of a date before every event: no events, no hazard, and a way back to today.
                try await client.execute(uri: "/sites/gwadar-port?as_of=2000-01-01", method: .get) { response in
                    let html = TestServer.text(response)
                    #expect(response.status == .ok)
                    #expect(html.contains("Events up to 2000-01-01 within 50 km (0)"))
                    #expect(html.contains("value=\"2000-01-01\""))
                    #expect(html.contains("<b>0.00</b> of 10"))
                    #expect(html.contains("back to today"))
                }
                try await client.execute(uri: "/sites/gwadar-port?as_of=yesterday", method: .get) { response in
                    #expect(response.status == .badRequest)
                    #expect(TestServer.text(response).contains("as_of"))
                }
                try await client.execute(uri: "/sites?as_of=2000-01-01", method: .get) { response in
                    let html = TestServer.text(response)
                    #expect(html.contains("<th>Confidence</th>"))
                    #expect(html.contains("Historical view"))
                }
                try await client.execute(uri: "/sites/x-site", method: .get) { response in
                    let html = TestServer.text(response)
                    #expect(!html.contains("<script>alert"))
                    #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
                    #expect(!html.contains("href=\"javascript:"))
                    #expect(html.contains("<a href=\"https://example.org/source\""))
                }
                try await client.execute(uri: "/sites", method: .get) { response in
                    let html = TestServer.text(response)
                    #expect(html.contains("<table class=\"sortable\" id=\"sites-table\">"))
                    #expect(html.contains("&lt;script&gt;"))
                }
                try await client.execute(uri: "/sites/nowhere", method: .get) { #expect($0.status == .notFound) }
                let id = Event.stableID(source: "test", sourceRef: "k1")
                try await client.execute(uri: "/events/\(id)", method: .get) { response in
                    #expect(TestServer.text(response).contains("Test event k1"))
                    #expect(TestServer.text(response).contains("TLP:AMBER"))
                }
                try await client.execute(uri: "/events?domain=crime", method: .get) { response in
                    let html = TestServer.text(response)
                    #expect(html.contains("Test event k1"))
                    #expect(!html.contains("Test event g1"))
                }
            }
        }
    }
}
