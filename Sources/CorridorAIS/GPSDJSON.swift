/// Writes messages as gpsd's AIS JSON objects (`{"class":"AIS","device":...,"type":1,...}`),
/// scaled (degrees, knots), plus `received_at` and `source` from tag blocks.
public enum GPSDJSON {
    public static func line(_ m: AISMessage) -> String {
        var out = "{\"class\":\"AIS\",\"type\":\(m.type),\"repeat\":\(m.repeatIndicator),\"mmsi\":\(m.mmsi)"
        if !m.channel.isEmpty { out += ",\"channel\":\"\(escape(m.channel))\"" }
        for (name, value) in m.fields {
            out += ",\"\(name)\":"
            switch value {
            case .int(let i): out += String(i)
            case .double(let d): out += format(d)
            case .bool(let b): out += b ? "true" : "false"
            case .text(let t): out += "\"\(escape(t))\""
            }
        }
        if let r = m.raw { out += ",\"data\":\"\(escape(r))\"" }
        if m.lengthMismatch { out += ",\"length_mismatch\":true" }
        if let t = m.receivedAt { out += ",\"received_at\":\(format(t))" }
        if let s = m.source { out += ",\"source\":\"\(escape(s))\"" }
        return out + "}"
    }

    static func format(_ d: Double) -> String {
        if d == d.rounded(), abs(d) < 1e15 { return String(Int(d)) }
        return String(d)
    }

    static func escape(_ s: String) -> String {
        var out = ""
        for ch in s.unicodeScalars {
            switch ch {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            default:
                if ch.value < 0x20 {
                    out += "\\u" + String(repeating: "0", count: 4 - String(ch.value, radix: 16).count) + String(ch.value, radix: 16)
                } else {
                    out.unicodeScalars.append(ch)
                }
            }
        }
        return out
    }
}
