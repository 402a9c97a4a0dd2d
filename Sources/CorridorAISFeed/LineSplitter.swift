/// Cuts a byte stream into lines (LF or CRLF) across reads, with a cap on line length so a
/// feed that never sends a newline cannot grow memory without bound.
public struct LineSplitter: Sendable {
    /// Lines longer than this are discarded and counted; AIS sentences are at most 82
    /// characters, tag blocks add a few hundred.
    public var maxLineLength: Int
    public private(set) var overlongLines = 0
    private var partial: [UInt8] = []
    private var discarding = false

    public init(maxLineLength: Int = 4096) { self.maxLineLength = maxLineLength }

    /// Hands each complete line in `bytes` (without its newline) to `body`; keeps the unfinished
    /// tail. The lines are slices of one copy of the read, not an array each.
    public mutating func split(_ bytes: UnsafeRawBufferPointer, _ body: (ArraySlice<UInt8>) -> Void) {
        var chunk = partial
        chunk.append(contentsOf: bytes)
        partial.removeAll(keepingCapacity: true)
        var start = 0
        while let newline = chunk[start...].firstIndex(of: 10) {
            if discarding {
                discarding = false
            } else {
                body(chunk[start..<newline])
            }
            start = newline + 1
        }
        guard !discarding else { return }
        if chunk.count - start > maxLineLength {
            overlongLines += 1
            discarding = true
        } else {
            partial.append(contentsOf: chunk[start...])
        }
    }

    /// The last line when the stream ended without a newline.
    public mutating func finish(_ body: (ArraySlice<UInt8>) -> Void) {
        if !partial.isEmpty, !discarding { body(partial[...]) }
        partial.removeAll()
        discarding = false
    }
}
