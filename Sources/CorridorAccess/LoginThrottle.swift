import Foundation

/// Slows password guessing: after `limit` failures within `window` for one account or one
/// client address, further attempts for it are refused until the window has passed.
/// A success clears the account's count. The clock is injected so tests need not wait.
public actor LoginThrottle {
    public let limit: Int
    public let window: TimeInterval
    private let now: @Sendable () -> Date
    private var failures: [String: [Date]] = [:]

    public init(limit: Int = 5, window: TimeInterval = 15 * 60, now: @escaping @Sendable () -> Date = { Date() }) {
        self.limit = limit
        self.window = window
        self.now = now
    }

    private func recent(_ key: String) -> [Date] {
        let cutoff = now().addingTimeInterval(-window)
        return (failures[key] ?? []).filter { $0 > cutoff }
    }

    /// Whether an attempt for this account from this address may go ahead now.
    public func allows(account: String, address: String?) -> Bool {
        let keys = ["user:" + account.lowercased()] + (address.map { ["addr:" + $0] } ?? [])
        return keys.allSatisfy { recent($0).count < limit }
    }

    public func recordFailure(account: String, address: String?) {
        for key in ["user:" + account.lowercased()] + (address.map { ["addr:" + $0] } ?? []) {
            failures[key] = recent(key) + [now()]
        }
    }

    public func recordSuccess(account: String) {
        failures["user:" + account.lowercased()] = nil
    }
}
