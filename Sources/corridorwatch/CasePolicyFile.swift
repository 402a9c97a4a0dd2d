import ArgumentParser
import CorridorCoordination
import Foundation

/// `--case-policy FILE` of `serve` and `import events --live`.
enum CasePolicyFile {
    /// The policy in the file, or the default when no file is named; a file that cannot be
    /// used is a usage error naming the field.
    static func read(_ path: String?) throws -> CasePolicy {
        guard let path else { return CasePolicy() }
        guard let data = FileManager.default.contents(atPath: path) else { throw ValidationError("\(path): cannot read") }
        do { return try CasePolicy.read(data) } catch { throw ValidationError("\(path): \(error.description)") }
    }
}
