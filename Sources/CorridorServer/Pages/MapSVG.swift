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
    static let provincePaths: SafeHTML = {
        var out = SafeHTML.empty
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
            out += "<path class=\"province\" d=\"\(d)\"><title>\(area.province.rawValue) (Natural Earth: \(area.sourceName))</title></path>"
        }
        return out
    }()

    static func render(sites: [Site], events: [Event], risk: [String: SiteRisk] = [:], vessels: [Vessel] = []) -> SafeHTML {
        let size = String(format: "%.0f %.0f", width, height)
        var svg: SafeHTML = "<svg id=\"map\" viewBox=\"0 0 \(size)\" role=\"img\" aria-label=\"Map of Pakistan with sites and events\">"
        svg += "<g class=\"provinces\">\(provincePaths)</g><g class=\"events\">"
        for e in events {
            let p = project(e.location)
            let title = "\(e.title) · \(HTML.day(e.occurredAt)) · \(e.domain.title)"
            svg += "<a href=\"/events/\(e.id)\" class=\"event-marker\" data-domain=\"\(e.domain.rawValue)\">"
            svg += "<circle cx=\"\(p.x.fixed(1))\" cy=\"\(p.y.fixed(1))\" r=\"3.5\" fill=\"\(HTML.domainColour(e.domain))\">"
            svg += "<title>\(title)</title></circle></a>"
        }
        svg += "</g><g class=\"sites\">"
        for s in sites {
            let p = project(s.location)
            let r = risk[s.id]
            let label =
                r.map {
                    " · risk \($0.risk.fixed(1)), \($0.riskClass.title.lowercased()), confidence \($0.confidence.level.rawValue)"
                } ?? ""
            let title = "\(s.name) (\(s.kind.rawValue))\(label)"
            let fill = r.map { HTML.classColour($0.riskClass) } ?? "#fff"
            svg +=
                "<a href=\"/sites/\(s.id)\" class=\"site-marker\" data-site-id=\"\(s.id)\" data-risk-class=\"\(r?.riskClass.rawValue ?? "")\""
            svg +=
                " data-confidence=\"\(r?.confidence.level.rawValue ?? "")\"><rect x=\"\((p.x - 4.5).fixed(1))\" y=\"\((p.y - 4.5).fixed(1))\""
            svg += " width=\"9\" height=\"9\" transform=\"rotate(45 \(p.x.fixed(1)) \(p.y.fixed(1)))\""
            svg += " style=\"fill:\(fill)\"><title>\(title)</title></rect></a>"
        }
        svg += "</g>\(vesselMarkers(vessels, size: 3))</svg>"
        return svg
    }

    /// The sea approaches to Gwadar port, where vessels are told apart: the same drawing as the
    /// main map, cropped and enlarged.
    static let gwadarApproaches = BoundingBox(minLongitude: 61.6, minLatitude: 24.6, maxLongitude: 63.4, maxLatitude: 25.45)

    static func renderGwadar(sites: [Site], vessels: [Vessel]) -> SafeHTML {
        let box = gwadarApproaches
        let topLeft = project(latitude: box.maxLatitude, longitude: box.minLongitude)
        let bottomRight = project(latitude: box.minLatitude, longitude: box.maxLongitude)
        let viewBox = String(format: "%.1f %.1f %.1f %.1f", topLeft.x, topLeft.y, bottomRight.x - topLeft.x, bottomRight.y - topLeft.y)
        var svg: SafeHTML = "<svg id=\"gwadar-map\" viewBox=\"\(viewBox)\" role=\"img\" aria-label=\"Vessels near Gwadar port\">"
        svg +=
            "<rect class=\"sea\" x=\"\(topLeft.x)\" y=\"\(topLeft.y)\" width=\"\(bottomRight.x - topLeft.x)\" height=\"\(bottomRight.y - topLeft.y)\"/>"
        svg += "<g class=\"provinces\">\(provincePaths)</g><g class=\"sites\">"
        for s in sites where box.contains(s.location) {
            let p = project(s.location)
            let (x, y) = (String(format: "%.2f", p.x), String(format: "%.2f", p.y))
            let (left, top) = (String(format: "%.2f", p.x - 0.8), String(format: "%.2f", p.y - 0.8))
            svg += "<a href=\"/sites/\(s.id)\" class=\"site-marker\"><rect x=\"\(left)\" y=\"\(top)\" width=\"1.6\" height=\"1.6\""
            svg += " transform=\"rotate(45 \(x) \(y))\" style=\"fill:#fff\"><title>\(s.name)</title></rect></a>"
        }
        svg += "</g>\(vesselMarkers(vessels.filter { isNearGwadar($0) }, size: 0.9))"
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
    static func renderEvidence(_ points: [EvidencePoint]) -> SafeHTML {
        guard !points.isEmpty else { return .empty }
        let lats = points.map(\.latitude)
        let lons = points.map(\.longitude)
        let pad = 0.02
        let minLat = (lats.min() ?? 0) - pad
        let maxLat = (lats.max() ?? 0) + pad
        let minLon = (lons.min() ?? 0) - pad
        let maxLon = (lons.max() ?? 0) + pad
        let topLeft = project(latitude: maxLat, longitude: minLon)
        let bottomRight = project(latitude: minLat, longitude: maxLon)
        let w = max(bottomRight.x - topLeft.x, 0.5)
        let h = max(bottomRight.y - topLeft.y, 0.5)
        let stroke = max(w, h) / 250
        let (x, y) = (String(format: "%.3f", topLeft.x), String(format: "%.3f", topLeft.y))
        let (boxWidth, boxHeight) = (String(format: "%.3f", w), String(format: "%.3f", h))
        var svg: SafeHTML =
            "<svg id=\"evidence-map\" viewBox=\"\(x) \(y) \(boxWidth) \(boxHeight)\" role=\"img\" aria-label=\"Track excerpt behind this detection\">"
        svg += "<rect class=\"sea\" x=\"\(x)\" y=\"\(y)\" width=\"\(boxWidth)\" height=\"\(boxHeight)\"/>"
        svg += "<g class=\"provinces\">\(provincePaths)</g>"
        let colours = ["#e8590c", "#1c7ed6"]
        var order: [Int] = []
        for p in points where !order.contains(p.mmsi) { order.append(p.mmsi) }
        for (i, mmsi) in order.enumerated() {
            let track = points.filter { $0.mmsi == mmsi }
            let xy = track.map { project(latitude: $0.latitude, longitude: $0.longitude) }
            let colour = colours[i % colours.count]
            svg += "<g class=\"evidence-track\" data-mmsi=\"\(mmsi)\">"
            let strokeWidth = String(format: "%.4f", stroke)
            if xy.count > 1 {
                let line = xy.map { String(format: "%.3f,%.3f", $0.x, $0.y) }.joined(separator: " ")
                svg += "<polyline fill=\"none\" stroke=\"\(colour)\" stroke-width=\"\(strokeWidth)\" points=\"\(line)\"/>"
            }
            for (j, p) in xy.enumerated() where j == 0 || j == xy.count - 1 {
                let (cx, cy, r) = (String(format: "%.3f", p.x), String(format: "%.3f", p.y), String(format: "%.4f", stroke * 2.5))
                let fill = j == 0 && xy.count > 1 ? "#fff" : colour
                let title = "MMSI \(mmsi) · \(j == 0 ? "first" : "last") evidence point · \(track[j].time)"
                svg +=
                    "<circle cx=\"\(cx)\" cy=\"\(cy)\" r=\"\(r)\" fill=\"\(fill)\" stroke=\"\(colour)\" stroke-width=\"\(strokeWidth)\"><title>\(title)</title></circle>"
            }
            svg += "</g>"
        }
        return svg + "</svg>"
    }

    static func isNearGwadar(_ v: Vessel) -> Bool {
        v.lastPosition.map { gwadarApproaches.contains(latitude: $0.latitude, longitude: $0.longitude) } ?? false
    }

    /// A triangle per vessel at its last position, pointing along its course when known.
    static func vesselMarkers(_ vessels: [Vessel], size: Double) -> SafeHTML {
        var out: SafeHTML = "<g class=\"vessels\">"
        for v in vessels {
            guard let last = v.lastPosition else { continue }
            let p = project(latitude: last.latitude, longitude: last.longitude)
            let rotation = last.course ?? Double(last.heading ?? 0)
            let name = v.name ?? "unnamed"
            var label = "\(name) · MMSI \(v.mmsi)"
            if let flag = v.flag { label += " · flag \(flag)" }
            if let speed = last.speed { label += " · \(speed.fixed(1)) kn" }
            label += " · last seen \(DateFormats.format(last.at))"
            let d =
                "M\(p.x.fixed(2)) \((p.y - size * 1.6).fixed(2))L\((p.x + size).fixed(2)) \((p.y + size).fixed(2))L\((p.x - size).fixed(2)) \((p.y + size).fixed(2))Z"
            out += "<path class=\"vessel-marker\" data-mmsi=\"\(v.mmsi)\" d=\"\(d)\""
            out += " transform=\"rotate(\(rotation.fixed(0)) \(p.x.fixed(2)) \(p.y.fixed(2)))\"><title>\(label)</title></path>"
        }
        return out + "</g>"
    }

    static let boundaryNote =
        "Boundaries: Natural Earth 1:10m admin-1 (public domain). They are de-facto boundaries with pre-2018 names "
        + "(FATA, since merged into Khyber Pakhtunkhwa, is drawn separately) and are not an official or endorsed depiction."
}
