import CorridorAccess
import Crypto
import Foundation

/// The signature on every webhook request, so a receiver can tell our alerts from forgeries
/// and replays.
///
/// The header `X-CorridorWatch-Signature: t=1764410400,v1=5f2b…` carries the Unix time of
/// sending and the hex HMAC-SHA256, keyed with the webhook's secret, of `"<t>.<body>"`.
/// Receivers recompute it over the raw body and reject times too far from their clock.
///
/// ```swift
/// let header = WebhookSignature.header(secret: hook.secret, timestamp: now, body: body)
/// try WebhookSignature.verify(header: header, secret: hook.secret, body: body, now: now)
/// ```
public enum WebhookSignature {
    public static let headerName = "X-CorridorWatch-Signature"

    public enum Failure: Error, Equatable, CustomStringConvertible {
        case malformedHeader
        case tooOld(seconds: Int)
        case mismatch

        public var description: String {
            switch self {
            case .malformedHeader: "signature header is not t=<unix time>,v1=<hex>"
            case .tooOld(let s): "signature time is \(s) s away from now"
            case .mismatch: "signature does not match the body"
            }
        }
    }

    /// Hex HMAC-SHA256 of `"<timestamp>.<body>"`.
    public static func signature(secret: String, timestamp: Int, body: [UInt8]) -> String {
        var message = Array("\(timestamp).".utf8)
        message += body
        let mac = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: Array(secret.utf8)))
        return Hex.lowercase(mac)
    }

    public static func header(secret: String, timestamp: Date, body: [UInt8]) -> String {
        let t = Int(timestamp.timeIntervalSince1970)
        return "t=\(t),v1=\(signature(secret: secret, timestamp: t, body: body))"
    }

    /// Checks a header against the raw body; `tolerance` bounds replays.
    public static func verify(header: String, secret: String, body: [UInt8], now: Date, tolerance: TimeInterval = 300) throws(Failure) {
        var t: Int?
        var v1: String?
        for part in header.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2 else { throw .malformedHeader }
            if pair[0] == "t" { t = Int(pair[1]) } else if pair[0] == "v1" { v1 = pair[1] }
        }
        guard let t, let v1 else { throw .malformedHeader }
        let skew = Int(now.timeIntervalSince1970) - t
        guard abs(Double(skew)) <= tolerance else { throw .tooOld(seconds: skew) }
        let expected = signature(secret: secret, timestamp: t, body: body)
        guard Secrets.constantTimeEquals(expected, v1.lowercased()) else { throw .mismatch }
    }
}
