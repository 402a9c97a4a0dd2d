// libFuzzer target for the case policy file (`serve --case-policy FILE`, docs/coordination.md).
// Build and run with `scripts/fuzz case-policy`.
import CorridorCoordination
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    _ = try? CasePolicy.read(Data(bytes: data, count: size))
    return 0
}
