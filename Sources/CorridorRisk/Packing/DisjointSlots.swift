/// A fixed array that several threads fill, each at its own indices.
///
/// `DispatchQueue.concurrentPerform` workers write here without locks: every index is
/// written by exactly one worker, and values are read only after `concurrentPerform`
/// has returned, which orders every write before the read.
final class DisjointSlots<Value>: @unchecked Sendable {
    private let base: UnsafeMutablePointer<Value?>
    private let count: Int

    init(count: Int) {
        self.count = count
        base = .allocate(capacity: count)
        base.initialize(repeating: nil, count: count)
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }

    /// Each index must be set by one thread only.
    func set(_ index: Int, _ value: Value) {
        guard index >= 0, index < count else { return }
        base[index] = value
    }

    /// The value at `index`, once every worker is done; nil if it was never set.
    subscript(index: Int) -> Value? {
        guard index >= 0, index < count else { return nil }
        return base[index]
    }
}
