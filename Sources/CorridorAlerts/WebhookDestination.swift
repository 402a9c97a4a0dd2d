import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where a webhook may send alerts: only to public addresses, unless the operator allows private
/// ones (a receiver on the same host or network, in development or tests).
///
/// A webhook URL is chosen by an administrator, but the server makes the request from inside
/// the network: pointing it at `127.0.0.1`, `169.254.169.254` (cloud metadata) or a private
/// range would turn the platform into a way to reach internal services (server-side request
/// forgery). The host is checked when the webhook is registered, and every address it resolves
/// to is checked again before each delivery, so a name cannot be repointed afterwards.
///
/// ```swift
/// WebhookDestination.problem(host: "169.254.169.254", allowPrivate: false)
/// // "169.254.169.254 is a link-local address; webhooks go to public addresses only"
/// ```
public enum WebhookDestination {
    /// Why the host may not receive webhooks, or nil when it may. Names are checked by
    /// ``problem(resolvedAddresses:allowPrivate:)`` at delivery time.
    public static func problem(host: String, allowPrivate: Bool) -> String? {
        if allowPrivate { return nil }
        let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        let lower = bare.lowercased()
        if lower == "localhost" || lower.hasSuffix(".localhost") || lower.hasSuffix(".local") || lower.hasSuffix(".internal") {
            return "\(host) names this host or the local network; webhooks go to public addresses only"
        }
        if let kind = privateKind(bare) {
            return "\(host) is \(kind) address; webhooks go to public addresses only"
        }
        return nil
    }

    /// Why any of the addresses a name resolved to may not receive webhooks, or nil.
    public static func problem(resolvedAddresses: [String], allowPrivate: Bool) -> String? {
        guard !allowPrivate else { return nil }
        guard !resolvedAddresses.isEmpty else { return "the host does not resolve" }
        for a in resolvedAddresses {
            if let kind = privateKind(a) { return "the host resolves to \(kind) address; webhooks go to public addresses only" }
        }
        return nil
    }

    /// "a loopback", "a private", "a link-local", ... for an IP literal that is not public; nil
    /// for a public address or a name.
    public static func privateKind(_ text: String) -> String? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            let b = withUnsafeBytes(of: v4.s_addr) { Array($0) }
            return kind(ipv4: b)
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 {
            let b = withUnsafeBytes(of: v6) { Array($0) }
            // IPv4-mapped (::ffff:a.b.c.d) and IPv4-compatible (::a.b.c.d) addresses are the IPv4 address.
            if b[0..<10].allSatisfy({ $0 == 0 }), (b[10] == 0xFF && b[11] == 0xFF) || (b[10] == 0 && b[11] == 0) {
                if b[10] == 0, b[12..<16].allSatisfy({ $0 == 0 }) { return b[15] == 1 ? "a loopback" : "an unspecified" }
                return kind(ipv4: Array(b[12..<16])) ?? (b[10] == 0 ? "an IPv4-compatible" : nil)
            }
            if b.dropLast().allSatisfy({ $0 == 0 }) { return b[15] == 1 ? "a loopback" : "an unspecified" }
            if b[0] & 0xFE == 0xFC { return "a unique local (private)" }
            if b[0] == 0xFE, b[1] & 0xC0 == 0x80 { return "a link-local" }
            if b[0] == 0xFF { return "a multicast" }
            if b[0] == 0x20, b[1] == 0x01, b[2] == 0x0D, b[3] == 0xB8 { return "a documentation" }
            if b[0] == 0x00, b[1] == 0x64, b[2] == 0xFF, b[3] == 0x9B { return kind(ipv4: Array(b[12..<16])) }
            return nil
        }
        return nil
    }

    static func kind(ipv4 b: [UInt8]) -> String? {
        switch (b[0], b[1]) {
        case (0, _): return "an unspecified"
        case (10, _): return "a private"
        case (100, 64...127): return "a shared (carrier-grade NAT)"
        case (127, _): return "a loopback"
        case (169, 254): return "a link-local"
        case (172, 16...31): return "a private"
        case (192, 168): return "a private"
        case (192, 0) where b[2] == 0 || b[2] == 2: return "a reserved"
        case (198, 18...19): return "a benchmarking"
        case (198, 51) where b[2] == 100, (203, 0) where b[2] == 113: return "a documentation"
        case (224...255, _): return "a multicast or reserved"
        default: return nil
        }
    }

    /// The addresses `host` resolves to now (IPv4 and IPv6), as text.
    public static func resolve(_ host: String) -> [String] {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Glibc)
            hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
            hints.ai_socktype = SOCK_STREAM
        #endif
        var result: UnsafeMutablePointer<addrinfo>?
        let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        guard getaddrinfo(bare, nil, &hints, &result) == 0, let first = result else { return [] }
        defer { freeaddrinfo(first) }
        var out: [String] = []
        var node: UnsafeMutablePointer<addrinfo>? = first
        while let n = node {
            var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
            if let sa = n.pointee.ai_addr {
                if n.pointee.ai_family == AF_INET {
                    sa.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { p in
                        var a = p.pointee.sin_addr
                        _ = inet_ntop(AF_INET, &a, &buffer, socklen_t(buffer.count))
                    }
                } else if n.pointee.ai_family == AF_INET6 {
                    sa.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { p in
                        var a = p.pointee.sin6_addr
                        _ = inet_ntop(AF_INET6, &a, &buffer, socklen_t(buffer.count))
                    }
                }
            }
            let text = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if !text.isEmpty { out.append(text) }
            node = n.pointee.ai_next
        }
        return out
    }
}
