import ArgumentParser
import CorridorAIS
import CorridorAISFeed
import CorridorCore
import CorridorStore
import Foundation

struct AISCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ais", abstract: "Decode, ingest, simulate and watch AIS (NMEA 0183 !AIVDM/!AIVDO) logs and live feeds.",
        subcommands: [AISDecode.self, AISIngestCommand.self, AISPrune.self, AISDetect.self, AISSimulate.self])
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
        // Each message is printed straight from its bits into one byte buffer, written out per MiB.
        var writer = GPSDJSONWriter()
        let stdout = FileHandle.standardOutput
        func flush() {
            stdout.write(Data(writer.bytes))
            writer.bytes.removeAll(keepingCapacity: true)
        }
        for path in files.isEmpty ? ["-"] : files {
            let data: Data
            if path == "-" {
                data = FileHandle.standardInput.readDataToEndOfFile()
            } else {
                guard let d = FileManager.default.contents(atPath: path) else { throw ValidationError("\(path): cannot read") }
                data = d
            }
            // One copy of the file; each line is a slice of it.
            let bytes = [UInt8](data)
            var start = 0
            for i in bytes.indices where bytes[i] == 10 {
                decoder.decodeJSON(bytes[start..<i], into: &writer)
                start = i + 1
                if writer.bytes.count > 1 << 20 { flush() }
            }
            if start < bytes.count { decoder.decodeJSON(bytes[start...], into: &writer) }
        }
        decoder.finish()
        flush()
        let s = decoder.summary
        var report = "lines \(s.lines), sentences \(s.sentences), messages \(s.messages)"
        report += " (" + s.messagesByType.sorted { $0.key < $1.key }.map { "type \($0.key): \($0.value)" }.joined(separator: ", ") + ")"
        report += "; bad checksums \(s.badChecksums), incomplete multi-part \(s.incompleteMultipart), non-AIS lines \(s.nonAISLines)"
        report += ", short/long payloads \(s.shortOrLongMessages)"
        let rejected = s.rejected.values.reduce(0, +)
        report +=
            ", rejected \(rejected)"
            + (rejected > 0 ? " (" + s.rejected.map { "\($0.key): \($0.value)" }.sorted().joined(separator: ", ") + ")" : "")
        FileHandle.standardError.write(Data((report + "\n").utf8))
        for e in s.examples { FileHandle.standardError.write(Data("  line \(e.line): \(e.reason)\n".utf8)) }
    }
}

struct AISIngestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Store vessels and positions from AIS logs, standard input, a TCP feed or a UDP listener.",
        discussion: """
            Files are read with a progress bar; '-' reads standard input. --tcp connects to an \
            aggregator that serves NMEA lines and reconnects with backoff when the connection \
            drops; --udp listens for receivers' datagrams. Live feeds run until interrupted. \
            Positions are stored in batches (one transaction each); a report already stored for \
            the same vessel and millisecond is not stored twice. Reports without a receive time \
            (tag block c:, $PGHP, trailing epoch) are stamped with the time they were read. \
            A summary is printed on standard error. See docs/ais.md.
            """)

    @OptionGroup var options: GlobalOptions
    @Option(help: "Connect to an NMEA-over-TCP feed at HOST:PORT.") var tcp: String?
    @Option(help: "Listen for NMEA datagrams on this UDP port (or HOST:PORT).") var udp: String?
    @Option(help: "Positions and static reports per store transaction (a quiet live feed is stored every 50 ms anyway).") var batchSize =
        100_000
    @Option(help: "Batches that may wait for the store before the feed is slowed (TCP, files) or drops (UDP).")
    var queue = 4
    @Option(help: "TCP: give up after this many failed connection attempts in a row (default: never).")
    var maxReconnects: Int?
    @Option(help: "After ingesting, delete positions older than this many days (0 keeps all).") var retentionDays = 0
    @Flag(help: "Keep sentences with a wrong checksum (flagged) instead of rejecting them.") var keepBadChecksum = false
    @Argument(help: "Log files, '-' for standard input, or tcp://HOST:PORT / udp://:PORT.") var sources: [String] = []

    func validate() throws {
        guard batchSize > 0 else { throw ValidationError("--batch-size must be at least 1") }
        guard queue > 0 else { throw ValidationError("--queue must be at least 1") }
        guard retentionDays >= 0 else { throw ValidationError("--retention-days must not be negative") }
        guard !sources.isEmpty || tcp != nil || udp != nil else {
            throw ValidationError("give a file, '-', --tcp HOST:PORT or --udp PORT")
        }
        _ = try feeds()
    }

    func feeds() throws -> [FeedSource] {
        var feeds: [FeedSource] = []
        do {
            for source in sources { feeds.append(try FeedSource(parsing: source)) }
            if let tcp { feeds.append(try FeedSource(parsing: tcp.hasPrefix("tcp://") ? tcp : "tcp://" + tcp)) }
            if let udp {
                feeds.append(try FeedSource(parsing: udp.hasPrefix("udp://") ? udp : "udp://" + (udp.contains(":") ? udp : ":" + udp)))
            }
        } catch { throw ValidationError(error.description) }
        for case .file(let path) in feeds where !FileManager.default.isReadableFile(atPath: path) {
            throw ValidationError("\(path): no such file or not readable")
        }
        return feeds
    }

    func run() async throws {
        let store = try await options.openStore(migrate: false)
        var configuration = AISIngestConfiguration()
        configuration.batchSize = batchSize
        configuration.queueCapacity = queue
        configuration.maximumReconnectAttempts = maxReconnects
        configuration.decoder.keepBadChecksum = keepBadChecksum
        var failed = false
        for feed in try feeds() {
            var size = 0
            if case .file(let path) = feed { size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0 }
            let bar = ByteProgress(total: size)
            let ingest = AISIngest(store: store, configuration: configuration, progress: { bar.update($0) })
            do {
                let counts = try await ingest.run(feed)
                bar.done()
                printError("\(feed): " + Self.describe(counts))
                try await store.appendAudit(
                    commandActor(), action: .aisIngest, objectType: "feed", objectID: feed.description,
                    stateHash: "positions=\(counts.positionsStored);statics=\(counts.staticReports)")
            } catch {
                bar.done()
                printError("error: \(feed): \(error)")
                failed = true
            }
        }
        if retentionDays > 0 {
            let cut = Date().addingTimeInterval(-Double(retentionDays) * 86_400)
            let removed = try await store.prunePositions(before: cut)
            printError("retention: deleted \(removed) positions older than \(retentionDays) days")
        }
        await store.close()
        if failed { throw ExitCode(1) }
    }

    static func describe(_ c: IngestCounts) -> String {
        let s = c.decoder
        var text = "lines \(s.lines), sentences \(s.sentences), messages \(s.messages)"
        text += " (" + s.messagesByType.sorted { $0.key < $1.key }.map { "type \($0.key): \($0.value)" }.joined(separator: ", ") + ")"
        text += "; positions stored \(c.positionsStored), already stored \(c.positionsDuplicate), without a fix \(c.positionsWithoutFix)"
        text += "; static reports \(c.staticReports); bad checksums \(s.badChecksums), incomplete multi-part \(s.incompleteMultipart)"
        text += ", non-AIS lines \(s.nonAISLines)"
        let rejected = s.rejected.values.reduce(0, +)
        text +=
            ", rejected \(rejected)"
            + (rejected > 0 ? " (" + s.rejected.map { "\($0.key): \($0.value)" }.sorted().joined(separator: ", ") + ")" : "")
        if c.overlongLines > 0 { text += ", over-long lines \(c.overlongLines)" }
        if c.droppedPositions > 0 { text += "; DROPPED \(c.droppedPositions) positions in \(c.droppedBatches) batches (store too slow)" }
        text += String(format: "; store busy %.2f s", c.storeSeconds)
        if c.connectionFailures > 0 { text += "; connection failures \(c.connectionFailures)" }
        for e in s.examples.prefix(5) { text += "\n  line \(e.line): \(e.reason)" }
        return text
    }
}

/// A byte-count progress bar on standard error for large files on a terminal.
final class ByteProgress: Sendable {
    let total: Int
    let enabled: Bool

    init(total: Int) {
        self.total = total
        enabled = total >= 1 << 20 && isatty(STDERR_FILENO) == 1
    }

    func update(_ done: Int) {
        guard enabled else { return }
        let width = 30
        let filled = min(width, done * width / max(total, 1))
        let bar = String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled)
        FileHandle.standardError.write(Data("\r[\(bar)] \(min(100, done * 100 / max(total, 1)))% \(done >> 20)/\(total >> 20) MiB".utf8))
    }

    func done() { if enabled { FileHandle.standardError.write(Data("\n".utf8)) } }
}

struct AISPrune: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prune", abstract: "Delete stored vessel positions older than a number of days (the retention setting).")

    @OptionGroup var options: GlobalOptions
    @Option(help: "Keep positions from the last DAYS days.") var olderThanDays: Int

    func validate() throws {
        guard olderThanDays > 0 else { throw ValidationError("--older-than-days must be at least 1") }
    }

    func run() async throws {
        let store = try await options.openStore(migrate: false)
        let removed = try await store.prunePositions(before: Date().addingTimeInterval(-Double(olderThanDays) * 86_400))
        try await store.appendAudit(
            commandActor(), action: .aisPrune, objectType: "vessel_positions", objectID: nil, stateHash: "deleted=\(removed)")
        print("deleted \(removed) positions older than \(olderThanDays) days")
        await store.close()
    }
}
