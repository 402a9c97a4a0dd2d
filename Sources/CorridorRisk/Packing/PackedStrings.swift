import CorridorCore

/// Strings stored end to end in one byte buffer, found again by value.
///
/// A million event ids as `String`s cost a heap object each plus a `[String: Int]` entry;
/// here they cost their bytes, one offset and one hash slot. Adding a string already
/// present points it at the new index (the engine adds an event again when it is replaced).
///
/// ```swift
/// var ids = PackedStrings()
/// let i = ids.append("ev-01")   // 0
/// ids.index(of: "ev-01")        // 0
/// ids[i]                        // "ev-01"
/// ```
struct PackedStrings: Sendable {
    private var bytes: [UInt8] = []
    private var ends: [Int] = []
    private var slots: [Int32] = Array(repeating: -1, count: 16)
    private var used = 0

    var count: Int { ends.count }

    subscript(i: Int) -> String {
        let start = i == 0 ? 0 : ends[i - 1]
        return String(decoding: bytes[start..<ends[i]], as: UTF8.self)
    }

    /// The newest index holding `text`, or nil.
    func index(of text: String) -> Int? {
        let mask = slots.count - 1
        var i = Self.hash(text) & mask
        while true {
            let s = slots[i]
            if s < 0 { return nil }
            if equals(Int(s), text) { return Int(s) }
            i = (i + 1) & mask
        }
    }

    /// Stores `text` and returns its index.
    @discardableResult
    mutating func append(_ text: String) -> Int {
        let index = ends.count
        bytes.append(contentsOf: text.utf8)
        ends.append(bytes.count)
        let mask = slots.count - 1
        var i = Self.hash(text) & mask
        while slots[i] >= 0 {
            if equals(Int(slots[i]), text) {
                slots[i] = Int32(truncatingIfNeeded: index)
                return index
            }
            i = (i + 1) & mask
        }
        slots[i] = Int32(truncatingIfNeeded: index)
        used += 1
        if used * 2 > slots.count { rehash() }
        return index
    }

    private func equals(_ index: Int, _ text: String) -> Bool {
        let start = index == 0 ? 0 : ends[index - 1]
        return bytes[start..<ends[index]].elementsEqual(text.utf8)
    }

    private static func hash(_ text: String) -> Int { Int(truncatingIfNeeded: StableHash.fnv1a64(text) >> 1) }

    private mutating func rehash() {
        let old = slots
        slots = Array(repeating: -1, count: old.count * 2)
        let mask = slots.count - 1
        for s in old where s >= 0 {
            var i = Self.hash(self[Int(s)]) & mask
            while slots[i] >= 0 { i = (i + 1) & mask }
            slots[i] = s
        }
    }
}
