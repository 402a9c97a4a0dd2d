// libFuzzer target for the mandate file (`PUT /api/v1/mandates`, `mandates import`): the
// reader, validation against known agencies, and writing the rules back as the API answers them.
// Build and run with `scripts/fuzz mandates`.
import CorridorCoordination
import Foundation

let agencies: Set<String> = ["nacta", "ctd-balochistan", "pk-cert", "maritime-security", "sez-authority"]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let body = Data(bytes: data, count: size)
    _ = try? MandateFile.read(body, agencies: nil)
    guard let rules = try? MandateFile.read(body, agencies: agencies) else { return 0 }
    _ = try? JSONEncoder().encode(rules)
    if let text = String(bytes: body.prefix(64), encoding: .utf8), let seconds = MandateDuration.parse(text) {
        _ = MandateDuration.format(seconds)
    }
    return 0
}
