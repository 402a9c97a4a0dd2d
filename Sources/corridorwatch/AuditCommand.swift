import ArgumentParser
import CorridorAccess
import CorridorCore
import CorridorStore
import Foundation

struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Inspect the tamper-evident audit log.",
        subcommands: [AuditVerify.self, AuditLog.self])
}

struct AuditVerify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Walk the hash chain and report the first broken link (exit status 1 if any).",
        discussion: """
            Each entry holds the SHA-256 of its fields and of the entry before it, so a row
            edited, deleted or moved in the database breaks the chain at that point. Removing
            the newest entries cannot be seen from the chain alone: compare the entry count and
            last hash with a copy kept elsewhere (docs/operations.md).
            """)

    @OptionGroup var options: GlobalOptions

    func run() async throws {
        let store = try await options.openStore(migrate: false)
        let result: (checked: Int, firstBreak: AuditChain.Break?)
        do { result = try await store.verifyAuditChain() } catch {
            await store.close()
            throw error
        }
        let last = try? await store.auditLog(AuditQuery(limit: 1)).first
        await store.close()
        if let broken = result.firstBreak {
            print("audit chain BROKEN at \(broken) (\(result.checked) entries before it are intact)")
            throw ExitCode(1)
        }
        print("audit chain intact: \(result.checked) entries" + (last.map { ", last #\($0.seq) hash \($0.hash)" } ?? ""))
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
