import ArgumentParser
import CorridorStore

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Create or upgrade the database schema (safe to run again).")

    @OptionGroup var options: GlobalOptions

    func run() async throws {
        let store = try await SQLStore.open(try options.databaseURL(), logger: options.logger())
        do {
            let applied = try await store.migrate()
            let version = try await store.schemaVersion()
            await store.close()
            if applied.isEmpty {
                print("schema is current (version \(version)) on \(store.backendName)")
            } else {
                print("applied migrations \(applied.map(String.init).joined(separator: ", ")); schema is now version \(version)")
            }
        } catch {
            await store.close()
            printError("error: \(error)")
            throw ExitCode.failure
        }
    }
}
