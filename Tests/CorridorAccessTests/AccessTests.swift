import CorridorCore
import Foundation
import Testing

@testable import CorridorAccess

@Suite struct AccessPolicyTests {
    let police = Principal(userID: "p1", agencyID: "punjab-police", roles: [.analyst])
    let cert = Principal(userID: "c1", agencyID: "national-cert", roles: [.admin])
    let certColleague = Principal(userID: "c2", agencyID: "national-cert", roles: [.viewer])

    @Test(arguments: [
        // (label, shared agencies, named users, reader index (nil = anonymous), expected)
        (TLP.clear, [String](), [String](), Int?.none, true),
        (.green, [], [], nil, false), (.green, [], [], 0, true),
        (.amber, [], [], 0, false), (.amber, [], [], 1, true), (.amber, ["punjab-police"], [], 0, true),
        (.amber, [], [], nil, false),
        (.amberStrict, ["punjab-police"], [], 0, false), (.amberStrict, [], [], 2, true),
        (.red, [], ["c1"], 1, true), (.red, [], ["c1"], 2, false), (.red, ["national-cert"], [], 1, false),
    ])
    func tlpDecidesWhoReads(label: TLP, agencies: [String], users: [String], reader: Int?, expected: Bool) {
        let readers = [police, cert, certColleague]
        let sharing = AccessPolicy.Sharing(tlp: label, originAgency: "national-cert", agencies: agencies, users: users)
        #expect(AccessPolicy.canRead(sharing, by: reader.map { readers[$0] }) == expected)
    }

    @Test func administratorsGetNoExceptionFromRed() {
        let sharing = AccessPolicy.Sharing(tlp: .red, originAgency: "national-cert", users: ["c2"])
        #expect(!AccessPolicy.canRead(sharing, by: cert))
    }
}

@Suite struct PasswordTests {
    @Test func hashesAreSaltedSlowAndVerifiable() {
        let hasher = PasswordHasher.forTesting()
        let a = hasher.hash("correct horse battery")
        let b = hasher.hash("correct horse battery")
        #expect(a != b) // salted
        #expect(!a.contains("correct horse"))
        #expect(a.hasPrefix("$2"))
        #expect(hasher.verify("correct horse battery", hash: a))
        #expect(!hasher.verify("correct horse batterY", hash: a))
        #expect(PasswordHasher.production.cost >= 12)
    }

    @Test func policyRefusesShortCommonAndUsernamePasswords() {
        #expect(PasswordPolicy.problems("short", username: "ali").contains("must be at least 12 characters"))
        #expect(PasswordPolicy.problems("Password123", username: "x").count == 2)
        #expect(PasswordPolicy.problems("pakistan1234", username: "x") == ["is one of the most common passwords"])
        #expect(PasswordPolicy.problems("ali.khan-is-here-2026", username: "ali.khan") == ["must not contain the username"])
        #expect(PasswordPolicy.problems("aaaaaaaaaaaaaaab", username: "x") == ["must use at least 4 different characters"])
        #expect(PasswordPolicy.problems("Gwadar tides at dawn 7", username: "ali").isEmpty)
    }

    @Test func tokensAreRandomAndStoredOnlyAsHashes() {
        let t = Secrets.token()
        #expect(t.count == 43)
        #expect(t != Secrets.token())
        #expect(Secrets.storedHash(t).count == 64)
        #expect(Secrets.storedHash(t) != t)
    }

    @Test func constantTimeComparisonIsCorrect() {
        #expect(Secrets.constantTimeEquals("abc", "abc"))
        #expect(!Secrets.constantTimeEquals("abc", "abd"))
        #expect(!Secrets.constantTimeEquals("abc", "abcd"))
        #expect(!Secrets.constantTimeEquals("", "a"))
        #expect(Secrets.constantTimeEquals("", ""))
    }
}

@Suite struct LoginThrottleTests {
    final class Clock: @unchecked Sendable {
        private let lock = NSLock()
        private var t = Date(timeIntervalSince1970: 1_780_272_000)
        func now() -> Date { lock.withLock { t } }
        func advance(_ s: TimeInterval) { lock.withLock { t = t.addingTimeInterval(s) } }
    }

    /// S8: an account locks after `limit` failures; an address only after ten times as many, so
    /// one person behind a shared proxy cannot lock out everyone else behind it.
    @Test func failuresLockAnAccountAndAnAddressUntilTheWindowPasses() async throws {
        let clock = Clock()
        let throttle = LoginThrottle(limit: 3, window: 600, now: { clock.now() })
        #expect(throttle.addressLimit == 30)
        for _ in 0..<3 { try await throttle.recordFailure(account: "ali", address: "10.0.0.1") }
        #expect(!(try await throttle.allows(account: "ali", address: "10.0.0.9")))
        #expect(try await throttle.allows(account: "other", address: "10.0.0.1"))
        for i in 0..<27 { try await throttle.recordFailure(account: "guess\(i)", address: "10.0.0.1") }
        #expect(!(try await throttle.allows(account: "other", address: "10.0.0.1")))
        #expect(try await throttle.allows(account: "other", address: "10.0.0.9"))
        clock.advance(601)
        #expect(try await throttle.allows(account: "ali", address: "10.0.0.1"))
    }

    /// An IPv6 client picks any address of its /64 at will: the /64 is what is counted. An
    /// IPv4 address mapped into IPv6 counts as itself.
    @Test func anIPv6SlashSixtyFourCountsAsOneAddress() async throws {
        let throttle = LoginThrottle(limit: 1, window: 600)
        #expect(throttle.addressLimit == 10)
        for i in 0..<10 { try await throttle.recordFailure(account: "guess\(i)", address: "2001:db8:1:2::\(i + 1)") }
        #expect(!(try await throttle.allows(account: "other", address: "2001:db8:1:2:ffff::9")))
        #expect(try await throttle.allows(account: "other", address: "2001:db8:1:3::1"))
        #expect(LoginThrottle.addressKey("::ffff:192.0.2.7") == LoginThrottle.addressKey("192.0.2.7"))
        #expect(LoginThrottle.addressKey("2001:0db8:0001:0002:0000:0000:0000:0001") == "addr:2001:db8:1:2::/64")
    }

    @Test func successClearsTheAccount() async throws {
        let throttle = LoginThrottle(limit: 2, window: 600)
        try await throttle.recordFailure(account: "ali", address: nil)
        try await throttle.recordSuccess(account: "ali")
        try await throttle.recordFailure(account: "ali", address: nil)
        #expect(try await throttle.allows(account: "ali", address: nil))
    }
}
