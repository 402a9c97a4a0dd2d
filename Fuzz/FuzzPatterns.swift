// libFuzzer target for STIX patterns (`intel pattern`, and indicators once they are imported):
// the lexer, the parser and the OASIS validator's extra checks, on any bytes.
// Build and run with `scripts/fuzz patterns`.
import CorridorCyber

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    if let pattern = try? STIXPattern(parsing: text) {
        _ = pattern.expression.hashValue
    }
    return 0
}
