import ArgumentParser
import CorridorCyber
import Foundation

struct IntelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "intel", abstract: "Cyber threat intelligence: STIX 2.1 patterns (see docs/cyber.md).",
        subcommands: [IntelPattern.self])
}

struct IntelPattern: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pattern",
        abstract: "Check STIX 2.1 patterns: each is accepted, or rejected with the line and column of the first problem.",
        discussion: """
            Patterns come as arguments, or with --jsonl as JSON lines ({"pattern": "..."}) from a file or \
            standard input ('-'), for patterns that span lines. Accepts and rejects exactly what the OASIS \
            validator (stix2-patterns) does. Exits 1 if any pattern is rejected.

            Example: corridorwatch intel pattern "[ipv4-addr:value = '198.51.100.7'] WITHIN 60 SECONDS"
            """)

    @Option(help: "Read JSON lines of {\"pattern\": \"...\"} from this file ('-' for standard input); write one JSON result per line.")
    var jsonl: String?
    @Argument(help: "Patterns to check (quote each for the shell).") var patterns: [String] = []

    func validate() throws {
        if jsonl == nil, patterns.isEmpty { throw ValidationError("give a pattern, or --jsonl FILE") }
        if jsonl != nil, !patterns.isEmpty { throw ValidationError("give patterns as arguments or with --jsonl, not both") }
    }

    func run() throws {
        var rejected = 0
        if let jsonl {
            rejected = try checkLines(jsonl)
        } else {
            for text in patterns {
                do {
                    _ = try STIXPattern(parsing: text)
                    print("valid: \(text)")
                } catch {
                    rejected += 1
                    print("invalid: \(text)\n  \(error)")
                }
            }
        }
        if rejected > 0 { throw ExitCode(1) }
    }

    private struct Line: Decodable { var pattern: String }
    private struct Result: Encodable {
        var valid: Bool
        var line: Int?
        var column: Int?
        var error: String?
    }

    private func checkLines(_ path: String) throws -> Int {
        let data: Data
        if path == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            guard let contents = FileManager.default.contents(atPath: path) else { throw ValidationError("\(path): cannot read") }
            data = contents
        }
        let decoder = JSONDecoder()
        let encoder = JSONEncoder()
        var output = Data()
        var rejected = 0
        for (number, line) in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() where !line.isEmpty {
            guard let input = try? decoder.decode(Line.self, from: line) else {
                throw ValidationError("\(path):\(number + 1): not a JSON object with a \"pattern\" string")
            }
            let result: Result
            do {
                _ = try STIXPattern(parsing: input.pattern)
                result = Result(valid: true)
            } catch {
                rejected += 1
                result = Result(valid: false, line: error.line, column: error.column, error: error.message)
            }
            output.append(try encoder.encode(result))
            output.append(UInt8(ascii: "\n"))
        }
        FileHandle.standardOutput.write(output)
        return rejected
    }
}
