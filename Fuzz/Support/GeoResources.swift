import Foundation

// Compiled into CorridorGeo for fuzz builds only (scripts/fuzz). SwiftPM generates
// `Bundle.module` from the package's resources; a plain swiftc build has none, so the
// boundaries are read from the source tree, as the shipped build reads its own copy.
extension Foundation.Bundle {
    static let module: Bundle = {
        let resources = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/CorridorGeo/Resources")
        return Bundle(url: resources) ?? .main
    }()
}
