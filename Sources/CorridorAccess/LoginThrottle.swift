import Foundation

/// Slows password guessing: after `limit` failures within `window` for one account, or
/// `addressLimit` for one client address, further attempts for it are refused until the window
/// has passed. The address limit is ten times the account's, so that many people behind one
/// proxy or NAT are not locked out by one of them. A success clears the account's count. The
/// clock is injected so tests need not wait.
public actor LoginThrottle {
    public nonisolated let limit: Int
    public nonisolated let addressLimit: Int
    public let window: TimeInterval
    private let now: @Sendable () -> Date
    private var failures: [String: [Date]] = [:]
    /// Past this many keys, keys without a recent failure are dropped: unauthenticated callers
    /// cannot grow the table without bound by inventing usernames.
    static let pruneAbove = 10_000

    public init(
        limit: Int = 5, addressLimit: Int? = nil, window: TimeInterval = 15 * 60, now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.limit = limit
        self.addressLimit = addressLimit ?? limit * 10
        self.window = window
        self.now = now
    }

    private func recent(_ key: String) -> [Date] {
        let cutoff = now().addingTimeInterval(-window)
        return (failures[key] ?? []).filter { $0 > cutoff }
    }

    /// Whether an attempt for this account from this address may go ahead now.
    public func allows(account: String, address: String?) -> Bool {
        guard recent("user:" + account.lowercased()).count < limit else { return false }
        guard let address else { return true }
        return recent("addr:" + address).count < addressLimit
    }

    public func recordFailure(account: String, address: String?) {
        if failures.count > Self.pruneAbove {
            let cutoff = now().addingTimeInterval(-window)
            failures = failures.filter { $0.value.contains { $0 > cutoff } }
        }
        for key in ["user:" + account.lowercased()] + (address.map { ["addr:" + $0] } ?? []) {
            failures[key] = recent(key) + [now()]
        }
    }

    public func recordSuccess(account: String) {
        failures["user:" + account.lowercased()] = nil
    }
}
