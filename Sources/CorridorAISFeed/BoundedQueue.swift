/// A first-in first-out queue of at most `capacity` elements between two tasks of a feed.
///
/// Producers choose what happens when it is full: ``send(_:)`` waits for room (back-pressure:
/// a TCP feed then stops reading its socket, and the sender slows down), ``offer(_:)`` returns
/// false at once so the caller can count a drop (UDP, where the sender cannot be slowed).
/// Memory stays bounded either way.
public actor BoundedQueue<Element: Sendable> {
    public let capacity: Int
    private var items: [Element] = []
    private var head = 0
    private var finished = false
    private var waitingProducers: [CheckedContinuation<Void, Never>] = []
    private var waitingConsumer: CheckedContinuation<Element?, Never>?

    public init(capacity: Int) {
        precondition(capacity > 0, "a bounded queue needs room for one element")
        self.capacity = capacity
    }

    /// Elements waiting to be taken.
    public var count: Int { items.count - head }

    /// True once ``finish()`` was called (by the producer, or by a consumer that failed).
    public var isFinished: Bool { finished }

    /// Appends, waiting while the queue is full. Returns false when the queue was finished.
    @discardableResult
    public func send(_ element: Element) async -> Bool {
        while count >= capacity, !finished {
            await withCheckedContinuation { waitingProducers.append($0) }
        }
        return enqueue(element)
    }

    /// Appends if there is room; false when full or finished (the element is not kept).
    public func offer(_ element: Element) -> Bool {
        guard count < capacity else { return false }
        return enqueue(element)
    }

    /// The next element, waiting for one; nil once the queue is finished and drained.
    public func next() async -> Element? {
        if count > 0 { return dequeue() }
        if finished { return nil }
        return await withCheckedContinuation { waitingConsumer = $0 }
    }

    /// No more elements will be sent; the consumer drains what is left, then gets nil.
    public func finish() {
        finished = true
        waitingConsumer?.resume(returning: nil)
        waitingConsumer = nil
        for p in waitingProducers { p.resume() }
        waitingProducers.removeAll()
    }

    private func enqueue(_ element: Element) -> Bool {
        guard !finished else { return false }
        if let consumer = waitingConsumer {
            waitingConsumer = nil
            consumer.resume(returning: element)
            return true
        }
        items.append(element)
        return true
    }

    private func dequeue() -> Element {
        let element = items[head]
        head += 1
        if head > 1024, head * 2 > items.count {
            items.removeFirst(head)
            head = 0
        }
        if !waitingProducers.isEmpty { waitingProducers.removeFirst().resume() }
        return element
    }
}
