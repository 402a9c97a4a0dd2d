import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Slows password guessing: after `limit` failures within `window` for one account, or
/// `addressLimit` for one client address, further attempts for it are refused until the window
/// has passed. The address limit is ten times the account's, so that many people behind one
/// proxy or NAT are not locked out by one of them. A success clears the account's count. The
/// clock is injected so tests need not wait.
///
/// The failures live in a ``LoginFailureLedger``: the database's, so that every `serve`
/// instance on one database counts the same failures (a guesser gains nothing by spreading
/// attempts over instances), or memory, for one process.
///
/// ```swift
/// let throttle = LoginThrottle(ledger: store)          // shared by every instance on the store
/// guard try await throttle.allows(account: "ali", address: "203.0.113.7") else { throw ... }
/// ```
public struct LoginThrottle: Sendable {
    public let limit: Int
    public let addressLimit: Int
    public let window: TimeInterval
    let ledger: any LoginFailureLedger
    let now: @Sendable () -> Date

    public init(
        limit: Int = 5, addressLimit: Int? = nil, window: TimeInterval = 15 * 60, ledger: any LoginFailureLedger = InMemoryLoginFailures(),
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.limit = limit
        self.addressLimit = addressLimit ?? limit * 10
        self.window = window
        self.ledger = ledger
        self.now = now
    }

    static func accountKey(_ account: String) -> String { "user:" + account.lowercased() }
    /// An IPv6 client can pick any address of its /64, so a /64 counts as one address (an
    /// IPv4 address mapped into IPv6 counts as itself).
    static func addressKey(_ address: String) -> String {
        guard address.contains(":") else { return "addr:" + String(address.prefix(64)) }
        var bytes = [UInt8](repeating: 0, count: 16)
        guard inet_pton(AF_INET6, address, &bytes) == 1 else { return "addr:" + String(address.prefix(64)) }
        if bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xff, bytes[11] == 0xff {
            return "addr:" + bytes[12...].map(String.init).joined(separator: ".")
        }
        return "addr:"
            + stride(from: 0, to: 8, by: 2).map { String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16) }
            .joined(separator: ":") + "::/64"
    }

    /// Whether an attempt for this account from this address may go ahead now.
    public func allows(account: String, address: String?) async throws -> Bool {
        let user = Self.accountKey(account)
        let addr = address.map(Self.addressKey)
        let counts = try await ledger.failures(keys: [user] + (addr.map { [$0] } ?? []), since: now().addingTimeInterval(-window))
        guard counts[user, default: 0] < limit else { return false }
        guard let addr else { return true }
        return counts[addr, default: 0] < addressLimit
    }

    public func recordFailure(account: String, address: String?) async throws {
        let time = now()
        try await ledger.recordFailure(
            keys: [Self.accountKey(account)] + (address.map { [Self.addressKey($0)] } ?? []), at: time,
            forgettingBefore: time.addingTimeInterval(-window))
    }

    public func recordSuccess(account: String) async throws {
        try await ledger.clearFailures(key: Self.accountKey(account))
    }
}

/// Where a ``LoginThrottle`` keeps the failed sign-ins it counts. Keys are `user:NAME` and
/// `addr:ADDRESS`; a ledger need keep a failure only until the throttle's window has passed.
public protocol LoginFailureLedger: Sendable {
    /// How many failures each of `keys` has had after `since` (keys without any may be absent).
    func failures(keys: [String], since: Date) async throws -> [String: Int]
    /// Records one failure for each key, and may forget every failure from before `forgettingBefore`.
    func recordFailure(keys: [String], at: Date, forgettingBefore: Date) async throws
    /// Forgets the key's failures (a successful sign-in).
    func clearFailures(key: String) async throws
}

/// Failures kept in this process only: for tools and tests; `serve` uses the database's.
public actor InMemoryLoginFailures: LoginFailureLedger {
    private var failures: [String: [Date]] = [:]
    /// Past this many keys, keys without a recent failure are dropped: unauthenticated callers
    /// cannot grow the table without bound by inventing usernames.
    static let pruneAbove = 10_000

    public init() {}

    public func failures(keys: [String], since: Date) -> [String: Int] {
        var counts: [String: Int] = [:]
        for key in keys { counts[key] = (failures[key] ?? []).count { $0 > since } }
        return counts
    }

    public func recordFailure(keys: [String], at: Date, forgettingBefore cutoff: Date) {
        if failures.count > Self.pruneAbove {
            failures = failures.filter { $0.value.contains { $0 > cutoff } }
        }
        for key in keys { failures[key] = (failures[key] ?? []).filter { $0 > cutoff } + [at] }
    }

    public func clearFailures(key: String) { failures[key] = nil }
}
