import CorridorCore
import CorridorRisk
import Foundation
import Hummingbird

/// Escaping and the page frame shared by all server-rendered pages; pages are ``SafeHTML``.
enum HTML {
    static func escape(_ s: String) -> String {
        // Most text has nothing to escape; looking at bytes, not characters, keeps pages cheap.
        guard
            s.utf8.contains(where: {
                $0 == UInt8(ascii: "&") || $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">") || $0 == UInt8(ascii: "\"")
                    || $0 == UInt8(ascii: "'")
            })
        else { return s }
        var out = ""
        out.reserveCapacity(s.utf8.count + 16)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    static func page(title: String, active: String, body: SafeHTML, context: CorridorRequestContext? = nil) -> SafeHTML {
        var links = [
            ("/", "Dashboard"), ("/sites", "Sites"), ("/events", "Events"), ("/cases", "Cases"), ("/alerts", "Alerts"),
            ("/mandates", "Mandates"), ("/openapi.yaml", "API"),
        ]
        if context?.principal?.has(.admin) == true {
            links += [("/admin/users", "Users"), ("/admin/webhooks", "Webhooks"), ("/admin/audit", "Audit")]
        }
        let account: SafeHTML
        if let p = context?.principal {
            account = """
                <span class="account" id="current-user">\(p.userID) · \(p.agencyID)</span>\
                <form method="post" action="/logout" class="logout"><input type="hidden" name="csrf_token" value="\(context?.csrfToken ?? "")">\
                <button>Sign out</button></form>
                """
        } else {
            account = "<a class=\"account\" href=\"/login\">Sign in</a>"
        }
        let nav = links.map { href, label -> SafeHTML in
            let current: SafeHTML = label == active ? " class=\"active\"" : ""
            return "<a href=\"\(href)\"\(current)>\(label)</a>"
        }
        return """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(title) · CorridorWatch</title>
            <link rel="stylesheet" href="/assets/app.css"></head>
            <body><header><span class="brand">CorridorWatch</span><nav>\(nav)</nav>\(account)</header>
            <main>\(body)</main>
            <footer>CorridorWatch — shared security picture for CPEC sites. Defensive use only: protects sites, workers and communities; never profiles people.</footer>
            <script src="/assets/app.js"></script></body></html>
            """
    }

    /// A server-rendered page as an HTTP response: the one place markup becomes bytes.
    static func response(_ html: SafeHTML, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var fields: HTTPFields = [.contentType: "text/html; charset=utf-8"]
        fields.append(contentsOf: headers)
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(string: html.html)))
    }

    static func day(_ d: Date) -> String { DateFormats.formatDay(d) }

    static func domainColour(_ d: Domain) -> String {
        switch d {
        case .terrorismInsurgency: "#d62728"
        case .crime: "#9467bd"
        case .cyber: "#17becf"
        case .governance: "#b8a000"
        case .socioeconomic: "#ff7f0e"
        case .geopolitical: "#8c564b"
        case .maritime: "#1f77b4"
        case .environmental: "#2ca02c"
        }
    }

    static func domainBadge(_ d: Domain) -> SafeHTML {
        "<span class=\"badge\" style=\"background:\(domainColour(d))\">\(d.title)</span>"
    }

    static func classColour(_ c: RiskClass) -> String {
        switch c {
        case .veryLow: "#1a9850"
        case .low: "#91cf60"
        case .medium: "#fee08b"
        case .high: "#fc8d59"
        case .veryHigh: "#d73027"
        }
    }

    static func classBadge(_ c: RiskClass) -> SafeHTML {
        "<span class=\"badge risk-\(c.rawValue)\" style=\"background:\(classColour(c))\">\(c.title)</span>"
    }

    /// A 0–10 value as a labelled bar; missing values say so instead of drawing nothing.
    static func bar(_ value: Double?, max: Double = 10, colour: String = "#4a6fa5") -> SafeHTML {
        guard let value else { return "<span class=\"missing\">no data</span>" }
        let width = Swift.max(0, Swift.min(100, value / max * 100))
        return
            "<span class=\"bar\" style=\"width:\(String(format: "%.1f", width))%;background:\(colour)\"></span> \(String(format: "%.2f", value))"
    }

    /// Links only to http(s) addresses, so stored text can never become a script URL.
    static func links(_ text: String) -> SafeHTML {
        text.split(separator: " ").map { part -> SafeHTML in
            if part.hasPrefix("https://") || part.hasPrefix("http://") {
                return "<a href=\"\(part)\" rel=\"noopener noreferrer\">\(part)</a>"
            }
            return "\(part)"
        }.joinedHTML(separator: " ")
    }
}
