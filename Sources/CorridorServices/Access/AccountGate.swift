/// Sign-in attempts for one account, one after another in this process.
///
/// The throttle counts the failures recorded so far, the password check takes a quarter of a
/// second, and only then is a failure recorded: guesses sent at the same instant would all be
/// checked against the same count. Queued here, each attempt sees the failures of the ones
/// before it. Attempts are queued rather than refused, so a double-clicked sign-in still works.
actor AccountGate {
    private var waiting: [String: [CheckedContinuation<Void, Never>]] = [:]

    /// Runs `body` once no other attempt for `account` is running here.
    func withAccount<T: Sendable>(_ account: String, _ body: @Sendable () async throws -> T) async throws -> T {
        if waiting[account] != nil {
            await withCheckedContinuation { waiting[account, default: []].append($0) }
        } else {
            waiting[account] = []
        }
        defer { release(account) }
        return try await body()
    }

    private func release(_ account: String) {
        guard var queue = waiting[account], !queue.isEmpty else {
            waiting[account] = nil
            return
        }
        let next = queue.removeFirst()
        waiting[account] = queue
        next.resume()
    }
}
