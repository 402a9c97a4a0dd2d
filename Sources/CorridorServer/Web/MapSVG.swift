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

    static func project(_ c: Coordinate) -> (x: Double, y: Double) {
        ((c.longitude - minLon) * cos(30 * .pi / 180) * scale, (maxLat - c.latitude) * scale)
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
                        d += (count == 0 ? "M" : "L") + String(format: "%.1f %.1f", p.x, p.y)
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

    static func render(sites: [Site], events: [Event], risk: [String: SiteRisk] = [:]) -> String {
        var svg = String(
            format: "<svg id=\"map\" viewBox=\"0 0 %.0f %.0f\" role=\"img\" aria-label=\"Map of Pakistan with sites and events\">",
            width, height)
        svg += "<g class=\"provinces\">\(provincePaths)</g><g class=\"events\">"
        for e in events {
            let p = project(e.location)
            svg += String(
                format: "<a href=\"/events/%@\" class=\"event-marker\" data-domain=\"%@\"><circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"%@\"><title>%@</title></circle></a>",
                HTML.escape(e.id), e.domain.rawValue, p.x, p.y, HTML.domainColour(e.domain),
                HTML.escape("\(e.title) · \(HTML.day(e.occurredAt)) · \(e.domain.title)"))
        }
        svg += "</g><g class=\"sites\">"
        for s in sites {
            let p = project(s.location)
            let r = risk[s.id]
            let label = r.map { String(format: " · risk %.1f, %@", $0.risk, $0.riskClass.title.lowercased()) } ?? ""
            svg += String(
                format: "<a href=\"/sites/%@\" class=\"site-marker\" data-site-id=\"%@\" data-risk-class=\"%@\"><rect x=\"%.1f\" y=\"%.1f\" width=\"9\" height=\"9\" transform=\"rotate(45 %.1f %.1f)\" style=\"fill:%@\"><title>%@</title></rect></a>",
                HTML.escape(s.id), HTML.escape(s.id), r?.riskClass.rawValue ?? "", p.x - 4.5, p.y - 4.5, p.x, p.y,
                r.map { HTML.classColour($0.riskClass) } ?? "#fff",
                HTML.escape("\(s.name) (\(s.kind.rawValue))\(label)"))
        }
        svg += "</g></svg>"
        return svg
    }

    static let boundaryNote =
        "Boundaries: Natural Earth 1:10m admin-1 (public domain). They are de-facto boundaries with pre-2018 names "
        + "(FATA, since merged into Khyber Pakhtunkhwa, is drawn separately) and are not an official or endorsed depiction."
}
