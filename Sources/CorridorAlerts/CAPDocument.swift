import CorridorCore
import Foundation

/// OASIS Common Alerting Protocol 1.2 documents for public alerts (TLP:CLEAR), and an
/// Atom feed of them, for sirens, broadcasters and other agencies' systems.
///
/// Only what the alert itself says is published: a public alert carries no site details
/// (see ``EventAlertRule``). The output validates against the OASIS CAP 1.2 schema.
///
/// ```swift
/// let xml = CAPDocument(sender: "alerts@corridorwatch.example").xml(for: alert)
/// ```
public struct CAPDocument: Sendable {
    /// CAP's `sender`: who issues the alerts, ideally an address or domain of the operator.
    public var sender: String
    public var senderName: String

    public init(sender: String = "corridorwatch", senderName: String = "CorridorWatch") {
        self.sender = sender
        self.senderName = senderName
    }

    public static let namespace = "urn:oasis:names:tc:emergency:cap:1.2"

    /// Whether an alert may be published as CAP: only TLP:CLEAR is public.
    public static func isPublic(_ alert: AlertRecord) -> Bool { alert.tlp == .clear }

    /// One CAP `<alert>` document, with its XML declaration.
    public func xml(for alert: AlertRecord) -> String {
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + element(for: alert, indent: "")
    }

    /// The `<alert>` element alone (for embedding in the feed).
    public func element(for alert: AlertRecord, indent: String) -> String {
        var lines: [String] = []
        func add(_ depth: Int, _ text: String) { lines.append(indent + String(repeating: "  ", count: depth) + text) }
        func leaf(_ depth: Int, _ name: String, _ value: String) { add(depth, "<\(name)>\(Self.escape(value))</\(name)>") }

        add(0, "<alert xmlns=\"\(Self.namespace)\">")
        leaf(1, "identifier", Self.identifier(alert))
        leaf(1, "sender", sender)
        leaf(1, "sent", Self.capTime(alert.createdAt))
        leaf(1, "status", "Actual")
        leaf(1, "msgType", alert.kind.rawValue.hasSuffix(".withdrawn") ? "Cancel" : "Alert")
        leaf(1, "source", "CorridorWatch \(alert.kind)")
        leaf(1, "scope", "Public")
        // CAP's references: "sender,identifier,sent" of the message this one cancels.
        if let cancelled = alert.details["cancels"], let sent = alert.details["cancels_sent"].flatMap(DateFormats.parse) {
            leaf(1, "references", "\(sender),\(Self.identifier(cancelled)),\(Self.capTime(sent))")
        }
        add(1, "<info>")
        leaf(2, "language", "en-US")
        leaf(2, "category", Self.category(alert))
        leaf(2, "event", Self.eventName(alert))
        leaf(2, "urgency", alert.kind.rawValue.hasSuffix(".withdrawn") ? "Past" : "Immediate")
        leaf(2, "severity", Self.severity(alert))
        leaf(2, "certainty", alert.kind.rawValue.hasPrefix("maritime.") ? "Likely" : "Observed")
        leaf(2, "senderName", senderName)
        leaf(2, "headline", String(alert.title.prefix(160)))
        if let narrative = alert.details["narrative"], !narrative.isEmpty { leaf(2, "description", narrative) }
        for key in alert.details.keys.sorted() where key != "narrative" {
            add(2, "<parameter>")
            leaf(3, "valueName", key)
            leaf(3, "value", alert.details[key] ?? "")
            add(2, "</parameter>")
        }
        if let location = alert.location {
            add(2, "<area>")
            leaf(3, "areaDesc", alert.details["place"] ?? alert.details["province"] ?? "Around the reported location")
            // CAP circles are "lat,lon radius-in-km"; 5 km states the precision honestly.
            leaf(3, "circle", String(format: "%.5f,%.5f 5", location.latitude, location.longitude))
            add(2, "</area>")
        }
        add(1, "</info>")
        add(0, "</alert>")
        return lines.joined(separator: "\n") + "\n"
    }

    /// An Atom (RFC 4287) feed whose entries each carry one CAP alert, newest first.
    public func feed(_ alerts: [AlertRecord], selfURL: String, updated: Date) -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n"
        out += "  <id>\(Self.escape("urn:corridorwatch:\(sender):cap"))</id>\n"
        out += "  <title>CorridorWatch public alerts (CAP 1.2)</title>\n"
        out += "  <updated>\(Self.capTime(alerts.map(\.createdAt).max() ?? updated))</updated>\n"
        out += "  <author><name>\(Self.escape(senderName))</name></author>\n"
        out += "  <link rel=\"self\" href=\"\(Self.escape(selfURL))\"/>\n"
        for alert in alerts {
            out += "  <entry>\n"
            out += "    <id>\(Self.escape("urn:corridorwatch:\(sender):\(Self.identifier(alert))"))</id>\n"
            out += "    <title>\(Self.escape(alert.title))</title>\n"
            out += "    <updated>\(Self.capTime(alert.createdAt))</updated>\n"
            out +=
                "    <link rel=\"alternate\" type=\"application/cap+xml\" href=\"/api/v1/cap/alerts/\(Self.escape(Self.pathComponent(alert.id)))\"/>\n"
            out += "    <content type=\"application/cap+xml\">\n"
            out += element(for: alert, indent: "      ")
            out += "    </content>\n"
            out += "  </entry>\n"
        }
        return out + "</feed>\n"
    }

    /// CAP forbids spaces, commas, `<` and `&` in identifiers.
    public static func identifier(_ alert: AlertRecord) -> String { identifier(alert.id) }

    /// CAP identifiers may not hold spaces, commas or XML's reserved characters.
    static func identifier(_ id: String) -> String {
        String(id.map { " ,<&".contains($0) ? "_" : $0 })
    }

    /// Percent-encodes an alert id for a URL path.
    public static func pathComponent(_ id: String) -> String {
        id.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))) ?? id
    }

    /// CAP's time form: `2026-11-29T10:00:00+00:00` (the schema does not accept `Z`).
    public static func capTime(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d+00:00", c.year ?? 1970, c.month ?? 1, c.day ?? 1, c.hour ?? 0, c.minute ?? 0,
            c.second ?? 0)
    }

    static func category(_ alert: AlertRecord) -> String {
        switch alert.details["domain"] {
        case "cyber": "Infra"
        case "maritime": "Transport"
        case "socioeconomic", "governance": "Safety"
        case "environmental": "Env"
        default: alert.kind.rawValue.hasPrefix("maritime.") ? "Transport" : "Security"
        }
    }

    static func eventName(_ alert: AlertRecord) -> String {
        if let type = alert.details["type"] { return type.replacingOccurrences(of: "_", with: " ") }
        return alert.kind.rawValue
    }

    /// Our 1–5 severity onto CAP's words.
    static func severity(_ alert: AlertRecord) -> String {
        switch alert.details["severity"].flatMap(Int.init) {
        case 5?: "Extreme"
        case 4?: "Severe"
        case 3?: "Moderate"
        case 1?, 2?: "Minor"
        default: "Unknown"
        }
    }

    /// XML 1.0's Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].
    static func isXMLChar(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x9, 0xA, 0xD, 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: true
        default: false
        }
    }

    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for ch in text.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            // XML 1.0 cannot carry what is outside its Char production (most control characters,
            // U+FFFE and U+FFFF): drop them, or one title would make the whole feed ill-formed.
            case _ where !isXMLChar(ch): continue
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }
}
