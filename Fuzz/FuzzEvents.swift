// libFuzzer target for the event importers: ACLED, UCDP GED, the project's own CSV, JSON
// lines and the incidents reference list. Build and run with `scripts/fuzz events`.
// The first byte picks the format; the rest is the file. What parses is written back out
// in every format, so the writers see whatever the readers accept.
import CorridorExchange
import Foundation

let formats = EventFiles.Format.allCases
let files = EventFiles(now: Date(timeIntervalSince1970: 1_790_000_000))

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let format = formats[Int(data[0]) % formats.count]
    let body = Data(bytes: data + 1, count: size - 1)
    _ = try? files.detect(data: body, fileName: "input")
    guard let batch = try? files.parse(data: body, format: format) else { return 0 }
    let events = batch.records.map(\.record)
    _ = EventFiles.csv(events)
    _ = try? EventFiles.jsonLines(events)
    _ = try? EventFiles.geoJSON(events)
    return 0
}
