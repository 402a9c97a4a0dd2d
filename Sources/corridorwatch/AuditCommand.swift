import ArgumentParser
import CorridorAccess
import CorridorCore
import CorridorStore
import Crypto
import Foundation

struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Inspect the tamper-evident audit log.",
        subcommands: [AuditVerify.self, AuditCheckpointCommand.self, AuditLog.self])
}

/// Reads a checkpoint key file (at least 32 bytes; e.g. `head -c 64 /dev/urandom > audit.key`).
func checkpointKey(_ path: String) throws -> SymmetricKey {
    guard let data = FileManager.default.contents(atPath: path) else { throw ValidationError("--key-file \(path): cannot read") }
    guard let key = AuditCheckpoint.key(fromFile: data) else {
        throw ValidationError("--key-file \(path): needs 32 to 4096 bytes (e.g. head -c 64 /dev/urandom > \(path))")
    }
    return key
}

struct AuditCheckpointCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkpoint",
        abstract: "Sign the audit chain's head with a key kept outside the database and append it to a file.",
        discussion: """
            Run it now and then (cron, or after every shift) and keep the file and the key away
            from the database server. `audit verify --checkpoints FILE --key-file KEY` then finds
            entries cut from the tail and a log rewritten and re-hashed, which the chain alone
            cannot show. One JSON line per checkpoint.
            """)

    @OptionGroup var options: GlobalOptions
    @Option(help: "The signing key: a file of 32 to 4096 bytes, not stored with the database.") var keyFile: String
    @Option(help: "Append the checkpoint to this file (default: print it).") var output: String?

    func run() async throws {
        let key = try checkpointKey(keyFile)
        let store = try await options.openStore(migrate: false)
        let head = try? await store.auditLog(AuditQuery(limit: 1)).first
        await store.close()
        guard let head else { throw ValidationError("the audit log is empty: nothing to sign") }
        let checkpoint = AuditCheckpoint(seq: head.seq, hash: head.hash, at: Date(), key: key)
        let line = String(decoding: try DateFormats.jsonEncoder().encode(checkpoint), as: UTF8.self) + "\n"
        guard let output else {
            print(line, terminator: "")
            return
        }
        if !FileManager.default.fileExists(atPath: output) { _ = FileManager.default.createFile(atPath: output, contents: nil) }
        guard let handle = FileHandle(forWritingAtPath: output) else { throw ValidationError("--output \(output): cannot write") }
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(line.utf8))
        print("checkpoint #\(head.seq) \(head.hash) appended to \(output)")
    }
}

struct AuditVerify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Walk the hash chain and report the first broken link (exit status 1 if any).",
        discussion: """
            Each entry holds the SHA-256 of its fields and of the entry before it, so a row
            edited, deleted or moved in the database breaks the chain at that point. Removing
            the newest entries, or rewriting and re-hashing the log, cannot be seen from the
            chain alone: give the signed checkpoints `audit checkpoint` wrote, and their key.
            """)

    @OptionGroup var options: GlobalOptions
    @Option(help: "Signed checkpoints from `audit checkpoint` (JSON lines) to check the log against.") var checkpoints: String?
    @Option(help: "The key the checkpoints were signed with.") var keyFile: String?

    func validate() throws {
        if (checkpoints == nil) != (keyFile == nil) { throw ValidationError("--checkpoints and --key-file go together") }
    }

    /// The problems of the log against each checkpoint in the file; a bad signature or line is one too.
    func checkpointProblems(_ store: SQLStore, lastSeq: Int) async throws -> [String] {
        guard let checkpoints, let keyFile else { return [] }
        let key = try checkpointKey(keyFile)
        guard let text = FileManager.default.contents(atPath: checkpoints).map({ String(decoding: $0, as: UTF8.self) }) else {
            throw ValidationError("--checkpoints \(checkpoints): cannot read")
        }
        var problems: [String] = []
        let decoder = DateFormats.jsonDecoder()
        for (i, line) in text.split(separator: "\n").enumerated() where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            guard let c = try? decoder.decode(AuditCheckpoint.self, from: Data(line.utf8)) else {
                problems.append("\(checkpoints) line \(i + 1): not a checkpoint")
                continue
            }
            guard c.isSigned(with: key) else {
                problems.append("\(checkpoints) line \(i + 1): checkpoint #\(c.seq) is not signed with this key")
                continue
            }
            let entry = try await store.auditLog(AuditQuery(beforeSeq: c.seq + 1, limit: 1)).first.flatMap { $0.seq == c.seq ? $0 : nil }
            if let problem = c.problem(entry: entry, last: lastSeq) { problems.append(problem) }
        }
        return problems
    }

    func run() async throws {
        let store = try await options.openStore(migrate: false)
        let result: (checked: Int, firstBreak: AuditChain.Break?)
        do { result = try await store.verifyAuditChain() } catch {
            await store.close()
            throw error
        }
        let last = try? await store.auditLog(AuditQuery(limit: 1)).first
        let problems: [String]
        do { problems = try await checkpointProblems(store, lastSeq: last?.seq ?? 0) } catch {
            await store.close()
            throw error
        }
        await store.close()
        if let broken = result.firstBreak {
            print("audit chain BROKEN at \(broken) (\(result.checked) entries before it are intact)")
            throw ExitCode(1)
        }
        if !problems.isEmpty {
            for p in problems { print("audit log does not match a signed checkpoint: \(p)") }
            throw ExitCode(1)
        }
        print(
            "audit chain intact: \(result.checked) entries" + (last.map { ", last #\($0.seq) hash \($0.hash)" } ?? "")
                + (checkpoints == nil ? "" : "; every signed checkpoint matches"))
    }
}

struct AuditLog: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "log", abstract: "Print audit entries, newest first.")

    @OptionGroup var options: GlobalOptions
    @Option(help: "Only this actor (username, cli:NAME, system:NAME).") var actor: String?
    @Option(help: "Only this action (create, update, export, ...).") var action: String?
    @Option(help: "Only this object type (site, event, agency, ...).") var type: String?
    @Option(help: "How many entries.") var limit = 50

    func run() async throws {
        let store = try await options.openStore(migrate: false)
        let entries = try await store.auditLog(AuditQuery(actor: actor, action: action, objectType: type, limit: limit))
        await store.close()
        for e in entries {
            print(
                "#\(e.seq) \(DateFormats.format(e.at)) \(e.actor)\(e.agency.map { "@\($0)" } ?? "") \(e.action) \(e.objectType)"
                    + (e.objectID.map { " \($0)" } ?? "") + (e.client.map { " from \($0)" } ?? ""))
        }
    }
}
