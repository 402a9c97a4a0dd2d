import CorridorCore
import Foundation
import HummingbirdBcrypt

/// Password rules and hashing. Hashes are bcrypt with cost 12 (about 2^12 key expansions,
/// a quarter-second-class cost on a server core), so a stolen table is slow to attack.
public struct PasswordHasher: Sendable {
    /// The bcrypt cost factor; production never goes below 12.
    public let cost: UInt8

    public static let production = PasswordHasher(cost: 12)

    /// Tests use a low cost to stay fast; every other caller uses ``production``.
    public static func forTesting() -> PasswordHasher { PasswordHasher(cost: 4) }

    private init(cost: UInt8) { self.cost = cost }

    public func hash(_ password: String) -> String { Bcrypt.hash(password, cost: cost) }

    public func verify(_ password: String, hash: String) -> Bool { Bcrypt.verify(password, hash: hash) }
}

/// What makes a password acceptable.
public enum PasswordPolicy {
    public static let minimumLength = 12

    /// A small list of the most common passwords and patterns (after lowercasing).
    static let common: Set<String> = [
        "password", "password1", "password123", "123456789012", "qwertyuiopas", "letmein12345", "welcome12345",
        "iloveyou1234", "administrator", "pakistan1234", "pakistan123456", "islamabad123", "karachi12345",
        "corridorwatch", "changeme1234", "passw0rd1234", "111111111111", "000000000000", "abc123abc123",
        "qwerty123456", "1q2w3e4r5t6y", "asdfghjkl123",
    ]

    /// Every reason `password` is refused; empty when acceptable.
    public static func problems(_ password: String, username: String) -> [String] {
        var out: [String] = []
        if password.count < minimumLength { out.append("must be at least \(minimumLength) characters") }
        let lower = password.lowercased()
        if common.contains(lower) { out.append("is one of the most common passwords") }
        if !username.isEmpty, lower.contains(username.lowercased()) { out.append("must not contain the username") }
        if Set(password).count < 4 { out.append("must use at least 4 different characters") }
        return out
    }
}

/// Random secrets for sessions and API tokens, and comparisons that take the same time
/// whatever the input, so response timing reveals nothing about a stored value.
public enum Secrets {
    /// 32 random bytes, base64url without padding (43 characters).
    public static func token() -> String {
        var rng = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &rng) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// What is stored for a secret: its SHA-256, so a database leak reveals no usable token.
    public static func storedHash(_ token: String) -> String { AuditChain.sha256Hex(token) }

    /// Compares in time that depends only on the lengths.
    public static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        var diff = UInt8(truncatingIfNeeded: x.count ^ y.count)
        for i in 0..<max(x.count, y.count) {
            diff |= (i < x.count ? x[i] : 0) ^ (i < y.count ? y[i] : 0)
        }
        return diff == 0
    }
}
