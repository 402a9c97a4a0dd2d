import Synchronization

/// Views made for one reader (counts, the dashboard's body), kept until an event is written
/// through this process or ``maximumAge`` passes. The age bounds how late a write by another
/// server on the same PostgreSQL, a new vessel position or a risk recompute shows.
///
/// ```swift
/// let body = try await cache.value(for: context.principal, generation: store.eventGeneration) {
///     try await render(for: context.principal)
/// }
/// ```
public final class FreshViews<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private struct Entry {
        var generation: UInt64
        var madeAt: ContinuousClock.Instant
        var value: Value
    }

    private enum Found {
        case value(Value)
        case task(Task<Value, any Error>)
    }

    private struct State {
        var entries: [Key: Entry] = [:]
        /// Views being made: whoever asks meanwhile waits for the same one.
        var making: [Key: (generation: UInt64, task: Task<Value, any Error>)] = [:]
    }

    let maximumAge: Duration
    /// Keys kept at most; beyond it the oldest quarter is dropped.
    let capacity: Int
    private let clock = ContinuousClock()
    private let state = Mutex(State())

    public init(maximumAge: Duration = .seconds(2), capacity: Int = 1024) {
        self.maximumAge = maximumAge
        self.capacity = max(1, capacity)
    }

    public func value(for key: Key, generation: UInt64, make: @escaping @Sendable () async throws -> Value) async throws -> Value {
        let now = clock.now
        let age = maximumAge
        let found = state.withLock { state -> Found in
            if let entry = state.entries[key], entry.generation == generation, now - entry.madeAt < age { return .value(entry.value) }
            if let making = state.making[key], making.generation == generation { return .task(making.task) }
            let task = Task { try await make() }
            state.making[key] = (generation, task)
            return .task(task)
        }
        switch found {
        case .value(let value): return value
        case .task(let task):
            let result = await task.result
            let capacity = capacity
            state.withLock { state in
                guard let making = state.making[key], making.task == task else { return }
                state.making[key] = nil
                guard case .success(let value) = result else { return }
                if state.entries.count >= capacity, state.entries[key] == nil {
                    let oldest = state.entries.sorted { $0.value.madeAt < $1.value.madeAt }.prefix(max(1, capacity / 4)).map(\.key)
                    for k in oldest { state.entries[k] = nil }
                }
                state.entries[key] = Entry(generation: generation, madeAt: now, value: value)
            }
            return try result.get()
        }
    }
}
