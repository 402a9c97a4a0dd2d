import ArgumentParser
import CorridorAIS
import Foundation

struct AISCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ais", abstract: "Decode AIS (NMEA 0183 !AIVDM/!AIVDO) logs.", subcommands: [AISDecode.self])
}

struct AISDecode: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode",
        abstract: "Decode AIS sentences to gpsd-style JSON lines, with a summary on standard error.",
        discussion: """
            Reads files (or standard input with '-' or no file). Handles NMEA 4.10 tag blocks, Gatehouse \
            $PGHP times, a trailing ,epoch after the checksum, and multi-part messages. Sentences with a \
            wrong checksum are rejected and counted unless --keep-bad-checksum. See docs/ais.md.
            """)

    @Option(help: "Output format (jsonl).") var format = "jsonl"
    @Flag(help: "Keep sentences with a wrong checksum (flagged) instead of rejecting them.") var keepBadChecksum = false
    @Argument(help: "Log files; '-' or none for standard input.") var files: [String] = []

    func run() throws {
        guard format == "jsonl" else { throw ValidationError("--format: only jsonl is supported") }
        var options = AISDecoder.Options()
        options.keepBadChecksum = keepBadChecksum
        var decoder = AISDecoder(options: options)
        var out = ""
        out.reserveCapacity(1 << 20)
        let stdout = FileHandle.standardOutput
        func flush() {
            stdout.write(Data(out.utf8))
            out.removeAll(keepingCapacity: true)
        }
        for path in files.isEmpty ? ["-"] : files {
            let data: Data
            if path == "-" {
                data = FileHandle.standardInput.readDataToEndOfFile()
            } else {
                guard let d = FileManager.default.contents(atPath: path) else { throw ValidationError("\(path): cannot read") }
                data = d
            }
            data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
                let bytes = buffer.bindMemory(to: UInt8.self)
                var start = 0
                for i in 0..<bytes.count where bytes[i] == 10 {
                    for m in decoder.feed(Array(bytes[start..<i])[...]) { out += GPSDJSON.line(m) + "\n" }
                    start = i + 1
                    if out.utf8.count > 1 << 20 { flush() }
                }
                if start < bytes.count { for m in decoder.feed(Array(bytes[start...])[...]) { out += GPSDJSON.line(m) + "\n" } }
            }
        }
        decoder.finish()
        flush()
        let s = decoder.summary
        var report = "lines \(s.lines), sentences \(s.sentences), messages \(s.messages)"
        report += " (" + s.messagesByType.sorted { $0.key < $1.key }.map { "type \($0.key): \($0.value)" }.joined(separator: ", ") + ")"
        report += "; bad checksums \(s.badChecksums), incomplete multi-part \(s.incompleteMultipart), non-AIS lines \(s.nonAISLines)"
        report += ", short/long payloads \(s.shortOrLongMessages)"
        let rejected = s.rejected.values.reduce(0, +)
        report += ", rejected \(rejected)" + (rejected > 0 ? " (" + s.rejected.map { "\($0.key): \($0.value)" }.sorted().joined(separator: ", ") + ")" : "")
        FileHandle.standardError.write(Data((report + "\n").utf8))
        for e in s.examples { FileHandle.standardError.write(Data("  line \(e.line): \(e.reason)\n".utf8)) }
    }
}
