// libFuzzer entry point for the AIS decoder and tag-block parser (docs/ais.md). Build and run
// with `scripts/fuzz ais`.
// Each input is split into lines and fed through one decoder, so reassembly state and
// tag blocks are exercised across lines as well.
import CorridorAIS

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    var decoder = AISDecoder()
    for line in bytes.split(separator: 10, omittingEmptySubsequences: false) {
        for m in decoder.feed(Array(line)[...]) { _ = GPSDJSON.line(m) }
    }
    decoder.finish()
    if let start = bytes.firstIndex(of: 92) {
        _ = try? TagBlock.parse(Array(bytes[(start + 1)...]))
    }
    return 0
}
