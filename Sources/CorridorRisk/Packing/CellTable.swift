/// Cell keys to cell slots, by open addressing with a multiplicative hash.
///
/// A full recompute looks up some 30 cells per site and grid: with `Dictionary`'s seeded
/// SipHash that alone cost more than the distance arithmetic. Keys are never removed (an
/// emptied cell keeps its slot), so there are no tombstones.
struct CellTable: Sendable {
    private var keys: [Int64]
    private var slots: [Int32]
    private var mask: Int
    private(set) var count = 0

    init() {
        keys = Array(repeating: 0, count: 64)
        slots = Array(repeating: -1, count: 64)
        mask = 63
    }

    @inline(__always) private static func hash(_ key: Int64) -> Int {
        Int(truncatingIfNeeded: (UInt64(bitPattern: key) &* 0x9E37_79B9_7F4A_7C15) >> 20)
    }

    /// The slot stored for `key`, or nil.
    @inline(__always) func slot(_ key: Int64) -> Int? {
        var i = Self.hash(key) & mask
        while true {
            let s = slots[i]
            if s < 0 { return nil }
            if keys[i] == key { return Int(s) }
            i = (i + 1) & mask
        }
    }

    /// Records `slot` for a key not yet present.
    mutating func insert(_ key: Int64, slot: Int) {
        if (count + 1) * 2 > slots.count { grow() }
        var i = Self.hash(key) & mask
        while slots[i] >= 0 { i = (i + 1) & mask }
        keys[i] = key
        slots[i] = Int32(truncatingIfNeeded: slot)
        count += 1
    }

    private mutating func grow() {
        let (oldKeys, oldSlots) = (keys, slots)
        keys = Array(repeating: 0, count: oldSlots.count * 2)
        slots = Array(repeating: -1, count: oldSlots.count * 2)
        mask = slots.count - 1
        count = 0
        for (k, s) in zip(oldKeys, oldSlots) where s >= 0 { insert(k, slot: Int(s)) }
    }
}

/// The key of a grid cell: its row and column packed into one integer.
@inline(__always) func cellKey(_ row: Int, _ column: Int) -> Int64 {
    Int64(truncatingIfNeeded: row) << 32 | Int64(UInt32(truncatingIfNeeded: column))
}
