// libFuzzer target for the site importers: GeoJSON FeatureCollections, the project's own
// CSV and the CPEC reference list. Build and run with `scripts/fuzz sites`.
// The first byte picks the format; the rest is the file. What parses is written back out.
import CorridorExchange
import Foundation

let formats = SiteFiles.Format.allCases
let files = SiteFiles()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let format = formats[Int(data[0]) % formats.count]
    let body = Data(bytes: data + 1, count: size - 1)
    _ = try? files.detect(data: body, fileName: "input")
    guard let batch = try? files.parse(data: body, format: format) else { return 0 }
    let sites = batch.records.map(\.record)
    _ = SiteFiles.csv(sites)
    _ = try? SiteFiles.geoJSON(sites)
    return 0
}
