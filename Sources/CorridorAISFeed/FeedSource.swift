/// Where AIS sentences come from.
///
/// Written on the command line and in server configuration as `FILE`, `-` (standard input),
/// `tcp://HOST:PORT` (a client of an aggregator that serves NMEA over TCP) or `udp://:PORT`
/// (`udp://HOST:PORT` to bind one address; receivers send datagrams).
public enum FeedSource: Sendable, Equatable, CustomStringConvertible {
    case file(path: String)
    case standardInput
    case tcp(host: String, port: Int)
    case udp(host: String, port: Int)

    public enum ParseError: Error, Equatable, CustomStringConvertible {
        case badAddress(String)
        public var description: String {
            switch self {
            case .badAddress(let text): "\(text): expected FILE, -, tcp://HOST:PORT or udp://[HOST]:PORT with a port from 1 to 65535"
            }
        }
    }

    public init(parsing text: String) throws(ParseError) {
        if text == "-" {
            self = .standardInput
            return
        }
        for (scheme, isTCP) in [("tcp://", true), ("udp://", false)] where text.hasPrefix(scheme) {
            let rest = text.dropFirst(scheme.count)
            guard let colon = rest.lastIndex(of: ":"), let port = Int(rest[rest.index(after: colon)...]), (1...65535).contains(port)
            else { throw .badAddress(text) }
            var host = String(rest[..<colon])
            if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
            if isTCP {
                guard !host.isEmpty else { throw .badAddress(text) }
                self = .tcp(host: host, port: port)
            } else {
                self = .udp(host: host.isEmpty ? "0.0.0.0" : host, port: port)
            }
            return
        }
        guard !text.isEmpty, !text.contains("://") else { throw .badAddress(text) }
        self = .file(path: text)
    }

    /// The name positions from this feed carry when a tag block gives no source.
    public var name: String {
        switch self {
        case .file(let path): "file:" + (path.split(separator: "/").last.map(String.init) ?? path)
        case .standardInput: "stdin"
        case .tcp(let host, let port): "tcp:\(host):\(port)"
        case .udp(_, let port): "udp:\(port)"
        }
    }

    public var description: String {
        switch self {
        case .file(let path): path
        case .standardInput: "-"
        case .tcp(let host, let port): "tcp://\(host):\(port)"
        case .udp(let host, let port): "udp://\(host):\(port)"
        }
    }
}
