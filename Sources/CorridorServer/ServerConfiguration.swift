/// Settings of the HTTP server.
public struct ServerConfiguration: Sendable {
    /// The largest request body accepted, in bytes (1 MiB).
    public static let maxBodyBytes = 1 << 20

    public var host: String
    public var port: Int
    /// Mark session cookies `Secure`: set when the server is reached over TLS (through a
    /// terminating proxy), so browsers never send the cookie in clear text.
    public var secureCookies: Bool

    public init(host: String = "127.0.0.1", port: Int = 8080, secureCookies: Bool = false) {
        self.host = host
        self.port = port
        self.secureCookies = secureCookies
    }
}
