import CorridorCore
import CorridorGeo
import CorridorRisk
import Foundation

/// Draws Pakistan's provinces, sites and events as one SVG, with no external assets.
///
/// Equirectangular projection scaled by cos 30° (the country's mid-latitude), which keeps
/// shapes recognisable at this size without a projection library.
enum MapSVG {
    static let width = 800.0
    static let minLon = 60.5, maxLat = 37.3, maxLon = 77.9, minLat = 23.4
    static let scale = width / ((maxLon - minLon) * cos(30 * Double.pi / 180))
    static var height: Double { (maxLat - minLat) * scale }

    static func project(_ c: Coordinate) -> (x: Double, y: Double) { project(latitude: c.latitude, longitude: c.longitude) }

    static func project(latitude: Double, longitude: Double) -> (x: Double, y: Double) {
        ((longitude - minLon) * cos(30 * .pi / 180) * scale, (maxLat - latitude) * scale)
    }

    /// Province outlines as SVG paths, simplified once (vertices closer than ~1 px dropped).
    static let provincePaths: String = {
        var out = ""
        for area in ProvinceLocator.shared.areas {
            var d = ""
            let polygons: [[[Coordinate]]]
            switch area.geometry {
            case .polygon(let rings): polygons = [rings]
            case .multiPolygon(let polys): polygons = polys
            default: polygons = []
            }
            for rings in polygons {
                for ring in rings {
                    var last: (x: Double, y: Double)? = nil
                    var count = 0
                    for c in ring {
                        let p = project(c)
                        if let l = last, abs(l.x - p.x) < 1, abs(l.y - p.y) < 1 { continue }
                        d += (count == 0 ? "M" : "L") + p.x.fixed(1) + " " + p.y.fixed(1)
                        last = p
                        count += 1
                    }
                    d += "Z"
                }
            }
            out += "<path class=\"province\" d=\"\(d)\"><title>\(HTML.escape(area.province.rawValue)) (Natural Earth: \(HTML.escape(area.sourceName)))</title></path>"
        }
        return out
    }()

    static func render(sites: [Site], events: [Event], risk: [String: SiteRisk] = [:], vessels: [Vessel] = []) -> String {
        var svg = String(
            format: "<svg id=\"map\" viewBox=\"0 0 %.0f %.0f\" role=\"img\" aria-label=\"Map of Pakistan with sites and events\">",
            width, height)
        svg += "<g class=\"provinces\">\(provincePaths)</g><g class=\"events\">"
        for e in events {
            let p = project(e.location)
            svg += "<a href=\"/events/\(HTML.escape(e.id))\" class=\"event-marker\" data-domain=\"\(e.domain.rawValue)\">"
                + "<circle cx=\"\(p.x.fixed(1))\" cy=\"\(p.y.fixed(1))\" r=\"3.5\" fill=\"\(HTML.domainColour(e.domain))\">"
                + "<title>\(HTML.escape("\(e.title) · \(HTML.day(e.occurredAt)) · \(e.domain.title)"))</title></circle></a>"
        }
        svg += "</g><g class=\"sites\">"
        for s in sites {
            let p = project(s.location)
            let r = risk[s.id]
            let label = r.map {
                " · risk \($0.risk.fixed(1)), \($0.riskClass.title.lowercased()), confidence \($0.confidence.level.rawValue)"
            } ?? ""
            let id = HTML.escape(s.id)
            svg += "<a href=\"/sites/\(id)\" class=\"site-marker\" data-site-id=\"\(id)\" data-risk-class=\"\(r?.riskClass.rawValue ?? "")\""
                + " data-confidence=\"\(r?.confidence.level.rawValue ?? "")\"><rect x=\"\((p.x - 4.5).fixed(1))\" y=\"\((p.y - 4.5).fixed(1))\""
                + " width=\"9\" height=\"9\" transform=\"rotate(45 \(p.x.fixed(1)) \(p.y.fixed(1)))\""
                + " style=\"fill:\(r.map { HTML.classColour($0.riskClass) } ?? "#fff")\">"
                + "<title>\(HTML.escape("\(s.name) (\(s.kind.rawValue))\(label)"))</title></rect></a>"
        }
        svg += "</g>" + vesselMarkers(vessels, size: 3) + "</svg>"
        return svg
    }

    /// The sea approaches to Gwadar port, where vessels are told apart: the same drawing as the
    /// main map, cropped and enlarged.
    static let gwadarApproaches = BoundingBox(minLongitude: 61.6, minLatitude: 24.6, maxLongitude: 63.4, maxLatitude: 25.45)

    static func renderGwadar(sites: [Site], vessels: [Vessel]) -> String {
        let box = gwadarApproaches
        let topLeft = project(latitude: box.maxLatitude, longitude: box.minLongitude)
        let bottomRight = project(latitude: box.minLatitude, longitude: box.maxLongitude)
        var svg = String(
            format: "<svg id=\"gwadar-map\" viewBox=\"%.1f %.1f %.1f %.1f\" role=\"img\" aria-label=\"Vessels near Gwadar port\">",
            topLeft.x, topLeft.y, bottomRight.x - topLeft.x, bottomRight.y - topLeft.y)
        svg += "<rect class=\"sea\" x=\"\(topLeft.x)\" y=\"\(topLeft.y)\" width=\"\(bottomRight.x - topLeft.x)\" height=\"\(bottomRight.y - topLeft.y)\"/>"
        svg += "<g class=\"provinces\">\(provincePaths)</g><g class=\"sites\">"
        for s in sites where box.contains(s.location) {
            let p = project(s.location)
            svg += String(
                format: "<a href=\"/sites/%@\" class=\"site-marker\"><rect x=\"%.2f\" y=\"%.2f\" width=\"1.6\" height=\"1.6\" transform=\"rotate(45 %.2f %.2f)\" style=\"fill:#fff\"><title>%@</title></rect></a>",
                HTML.escape(s.id), p.x - 0.8, p.y - 0.8, p.x, p.y, HTML.escape(s.name))
        }
        svg += "</g>" + vesselMarkers(vessels.filter { isNearGwadar($0) }, size: 0.9)
        return svg + "</svg>"
    }

    /// One evidence point of an automated detection.
    struct EvidencePoint {
        var mmsi: Int
        var latitude: Double
        var longitude: Double
        var time: String
    }

    /// The track excerpt behind a detection: one line per vessel over the province outlines,
    /// cropped to the points with a margin, the first point of each vessel marked open and the
    /// last filled.
    static func renderEvidence(_ points: [EvidencePoint]) -> String {
        guard !points.isEmpty else { return "" }
        let lats = points.map(\.latitude), lons = points.map(\.longitude)
        let pad = 0.02
        let minLat = (lats.min() ?? 0) - pad, maxLat = (lats.max() ?? 0) + pad
        let minLon = (lons.min() ?? 0) - pad, maxLon = (lons.max() ?? 0) + pad
        let topLeft = project(latitude: maxLat, longitude: minLon)
        let bottomRight = project(latitude: minLat, longitude: maxLon)
        let w = max(bottomRight.x - topLeft.x, 0.5), h = max(bottomRight.y - topLeft.y, 0.5)
        let stroke = max(w, h) / 250
        var svg = String(
            format: "<svg id=\"evidence-map\" viewBox=\"%.3f %.3f %.3f %.3f\" role=\"img\" aria-label=\"Track excerpt behind this detection\">",
            topLeft.x, topLeft.y, w, h)
        svg += String(format: "<rect class=\"sea\" x=\"%.3f\" y=\"%.3f\" width=\"%.3f\" height=\"%.3f\"/>", topLeft.x, topLeft.y, w, h)
        svg += "<g class=\"provinces\">\(provincePaths)</g>"
        let colours = ["#e8590c", "#1c7ed6"]
        var order: [Int] = []
        for p in points where !order.contains(p.mmsi) { order.append(p.mmsi) }
        for (i, mmsi) in order.enumerated() {
            let track = points.filter { $0.mmsi == mmsi }
            let xy = track.map { project(latitude: $0.latitude, longitude: $0.longitude) }
            let colour = colours[i % colours.count]
            svg += "<g class=\"evidence-track\" data-mmsi=\"\(mmsi)\">"
            if xy.count > 1 {
                svg += String(format: "<polyline fill=\"none\" stroke=\"%@\" stroke-width=\"%.4f\" points=\"%@\"/>", colour, stroke,
                    xy.map { String(format: "%.3f,%.3f", $0.x, $0.y) }.joined(separator: " "))
            }
            for (j, p) in xy.enumerated() where j == 0 || j == xy.count - 1 {
                svg += String(
                    format: "<circle cx=\"%.3f\" cy=\"%.3f\" r=\"%.4f\" fill=\"%@\" stroke=\"%@\" stroke-width=\"%.4f\"><title>%@</title></circle>",
                    p.x, p.y, stroke * 2.5, j == 0 && xy.count > 1 ? "#fff" : colour, colour, stroke,
                    HTML.escape("MMSI \(mmsi) · \(j == 0 ? "first" : "last") evidence point · \(track[j].time)"))
            }
            svg += "</g>"
        }
        return svg + "</svg>"
    }

    static func isNearGwadar(_ v: Vessel) -> Bool {
        v.lastPosition.map { gwadarApproaches.contains(latitude: $0.latitude, longitude: $0.longitude) } ?? false
    }

    /// A triangle per vessel at its last position, pointing along its course when known.
    static func vesselMarkers(_ vessels: [Vessel], size: Double) -> String {
        var out = "<g class=\"vessels\">"
        for v in vessels {
            guard let last = v.lastPosition else { continue }
            let p = project(latitude: last.latitude, longitude: last.longitude)
            let rotation = last.course ?? Double(last.heading ?? 0)
            let name = v.name ?? "unnamed"
            var label = "\(name) · MMSI \(v.mmsi)"
            if let flag = v.flag { label += " · flag \(flag)" }
            if let speed = last.speed { label += " · \(speed.fixed(1)) kn" }
            label += " · last seen \(DateFormats.format(last.at))"
            out += "<path class=\"vessel-marker\" data-mmsi=\"\(v.mmsi)\" d=\"M\(p.x.fixed(2)) \((p.y - size * 1.6).fixed(2))"
                + "L\((p.x + size).fixed(2)) \((p.y + size).fixed(2))L\((p.x - size).fixed(2)) \((p.y + size).fixed(2))Z\""
                + " transform=\"rotate(\(rotation.fixed(0)) \(p.x.fixed(2)) \(p.y.fixed(2)))\"><title>\(HTML.escape(label))</title></path>"
        }
        return out + "</g>"
    }

    static let boundaryNote =
        "Boundaries: Natural Earth 1:10m admin-1 (public domain). They are de-facto boundaries with pre-2018 names "
        + "(FATA, since merged into Khyber Pakhtunkhwa, is drawn separately) and are not an official or endorsed depiction."
}
