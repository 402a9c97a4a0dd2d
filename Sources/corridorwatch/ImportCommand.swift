import ArgumentParser
import CorridorCore
import CorridorExchange
import CorridorServices
import CorridorStore
import Foundation

struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import sites or events from files.",
        discussion: """
            Re-importing a file changes nothing: sites are keyed by id, events by (source,
            source_ref). Bad rows are reported with line, column and reason and never stop
            the rest; the exit status is 1 when any row was rejected, 2 when the file is not
            of the format at all. Event files are history unless `import events --live` says
            they report what is happening now. See docs/formats.md.
            """,
        subcommands: [ImportSites.self, ImportEvents.self])
}

/// Reports a summary, rejections and warnings; exits non-zero if anything was rejected.
func finish(_ summary: ImportSummary, file: String) throws {
    for w in summary.warnings { printError("warning: \(file): \(w)") }
    for r in summary.rejections { printError("rejected: \(file): \(r)") }
    print("\(file): \(summary)")
    if summary.rejected > 0 { throw ExitCode(1) }
}

func readInput(_ path: String) throws -> Data {
    if path == "-" { return FileHandle.standardInput.readDataToEndOfFile() }
    guard FileManager.default.fileExists(atPath: path) else {
        printError("error: \(path): no such file")
        throw ExitCode(2)
    }
    return try Data(contentsOf: URL(fileURLWithPath: path))
}

/// Reads and parses an input file; a file of no known format ends the command with status 2.
func parsedInput<Files: RecordFiles>(_ files: Files, file: String, format: String?) throws -> ParsedBatch<Files.Record> {
    let data = try readInput(file)
    do { return try files.parse(data: data, fileName: file, formatName: format) } catch {
        printError("error: \(file): \(error)")
        throw ExitCode(2)
    }
}

/// The audit actor of a command-line run: the operating-system user who ran it.
func commandActor() -> AuditActor {
    AuditActor(name: "cli:" + (ProcessInfo.processInfo.environment["USER"] ?? "unknown"))
}

/// A progress bar on standard error, only when it is a terminal and the batch is large.
struct ProgressBar {
    let enabled: Bool
    init(total: Int) { enabled = total >= 2000 && isatty(STDERR_FILENO) == 1 }

    func update(_ done: Int, _ total: Int) {
        guard enabled, done % 100 == 0 || done == total else { return }
        let width = 30
        let filled = total == 0 ? width : done * width / total
        let bar = String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled)
        FileHandle.standardError.write(Data("\r[\(bar)] \(done * 100 / max(total, 1))% \(done)/\(total)".utf8))
        if done == total { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}

struct ImportSites: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sites",
        abstract: "Import sites from GeoJSON, CorridorWatch CSV or the CPEC reference CSV layout.")

    @OptionGroup var options: GlobalOptions
    @Option(help: "Format: \(SiteFiles.Format.allCases.map(\.rawValue).joined(separator: ", ")); detected when omitted.")
    var format: String?
    @Argument(help: "File to import ('-' for standard input).") var file: String

    func run() async throws {
        let batch = try parsedInput(SiteFiles(), file: file, format: format)
        let store = try await options.openStore(migrate: false)
        let bar = ProgressBar(total: batch.records.count)
        let summary = await BatchImport.sites(batch, into: store, by: commandActor(), progress: bar.update)
        await store.close()
        try finish(summary, file: file)
    }
}

struct ImportEvents: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "events",
        abstract: "Import events from ACLED CSV, UCDP GED CSV, CorridorWatch CSV, JSON lines or the public-incident reference CSV.")

    @OptionGroup var options: GlobalOptions
    @Option(help: "The originating agency of records that name none (owns their AMBER sharing).") var agency: String?
    @Option(help: "Format: \(EventFiles.Format.allCases.map(\.rawValue).joined(separator: ", ")); detected when omitted.")
    var format: String?
    @Flag(
        help: """
            The file reports what is happening now: new events raise their alerts and open crisis cases as \
            reports through the API do. Without it the file is history: stored and scored, no alert or case.
            """)
    var live = false
    @Option(help: "With --live: when events open crisis cases (JSON; see docs/coordination.md).")
    var casePolicy: String?
    @Argument(help: "File to import ('-' for standard input).") var file: String

    func validate() throws {
        if casePolicy != nil, !live { throw ValidationError("--case-policy applies only with --live") }
    }

    func run() async throws {
        // A policy file that cannot be used stops the command before anything is opened or read.
        let policy = try CasePolicyFile.read(casePolicy)
        var batch = try parsedInput(EventFiles(), file: file, format: format)
        if let agency {
            for i in batch.records.indices where batch.records[i].record.originAgency == nil {
                batch.records[i].record.originAgency = agency
            }
        }
        let store = try await options.openStore(migrate: false)
        let bar = ProgressBar(total: batch.records.count)
        let intake = EventIntake(store: store, casePolicy: policy)
        let summary = await BatchImport.events(
            batch, into: intake, mode: live ? .live : .history, by: commandActor(), progress: bar.update)
        await store.close()
        try finish(summary, file: file)
    }
}
