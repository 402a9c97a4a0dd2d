import Foundation

/// When to try a failed webhook delivery again: exponential backoff with a ceiling, then a
/// dead letter.
///
/// With the defaults, attempts happen at 0 s, then 10 s, 20 s, 40 s … after each failure,
/// at most an hour apart, and the eighth failure makes the delivery a dead letter (about
/// 21 minutes after the first attempt).
public struct RetrySchedule: Sendable, Hashable {
    public var firstDelay: TimeInterval
    public var maximumDelay: TimeInterval
    public var maximumAttempts: Int

    public init(firstDelay: TimeInterval = 10, maximumDelay: TimeInterval = 3600, maximumAttempts: Int = 8) {
        self.firstDelay = firstDelay
        self.maximumDelay = maximumDelay
        self.maximumAttempts = max(1, maximumAttempts)
    }

    /// The wait after the `attempts`-th failed attempt (1-based), or nil when no attempt is left.
    public func delay(afterFailedAttempts attempts: Int) -> TimeInterval? {
        guard attempts < maximumAttempts else { return nil }
        let exponent = Double(max(0, attempts - 1))
        return min(maximumDelay, firstDelay * pow(2, exponent))
    }
}
