import Synchronization

/// Caps on open alert streams, per user and per server: each stream holds a connection and a
/// poller's attention for minutes, so one client opening thousands must not starve the rest.
///
/// ```swift
/// guard let lease = slots.take(for: principal.userID) else { throw Problem(.tooManyRequests, ...) }
/// // keep `lease` alive for as long as the stream is open; dropping it frees the slot
/// ```
final class StreamSlots: Sendable {
    /// Holds one slot until it is released or dropped, whichever comes first.
    final class Lease: Sendable {
        private let slots: StreamSlots
        private let holder: String
        private let released = Atomic<Bool>(false)

        fileprivate init(slots: StreamSlots, holder: String) {
            self.slots = slots
            self.holder = holder
        }

        func release() {
            guard !released.exchange(true, ordering: .acquiringAndReleasing) else { return }
            slots.give(back: holder)
        }

        deinit { release() }
    }

    struct Counts: Equatable {
        var total = 0
        var byHolder: [String: Int] = [:]
    }

    let perHolder: Int
    let total: Int
    private let counts = Mutex(Counts())

    init(perHolder: Int, total: Int) {
        self.perHolder = max(1, perHolder)
        self.total = max(1, total)
    }

    /// A slot for `holder` (a user id, or one shared name for callers not signed in), or nil
    /// when the holder or the server is at its cap.
    func take(for holder: String) -> Lease? {
        let granted = counts.withLock { counts -> Bool in
            guard counts.total < total, counts.byHolder[holder, default: 0] < perHolder else { return false }
            counts.total += 1
            counts.byHolder[holder, default: 0] += 1
            return true
        }
        return granted ? Lease(slots: self, holder: holder) : nil
    }

    /// Streams open now, in all and for `holder`.
    func open(for holder: String) -> (total: Int, holder: Int) {
        counts.withLock { ($0.total, $0.byHolder[holder, default: 0]) }
    }

    fileprivate func give(back holder: String) {
        counts.withLock { counts in
            counts.total -= 1
            let left = counts.byHolder[holder, default: 1] - 1
            counts.byHolder[holder] = left > 0 ? left : nil
        }
    }
}
