import ArgumentParser
import CorridorStore
import Foundation
import Logging

@main
struct CorridorWatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "corridorwatch",
        abstract: "Shared security picture and coordination for CPEC sites.",
        discussion: """
            The database is chosen by URL with --database or CORRIDORWATCH_DATABASE_URL: \
            sqlite:PATH (default sqlite:./corridorwatch.sqlite) or postgres://user:pass@host:port/database.

            Start with `corridorwatch demo`, which seeds real CPEC sites and public incidents, \
            creates one demo user per role (passwords printed once) and serves the web UI on http://127.0.0.1:8080.
            """,
        subcommands: [
            ServeCommand.self, DemoCommand.self, MigrateCommand.self, ImportCommand.self, ExportCommand.self,
            RiskCommand.self, AuditCommand.self, UsersCommand.self, AISCommand.self, MandatesCommand.self, IntelCommand.self,
        ]
    )
}

/// Options every command that touches the database shares.
struct GlobalOptions: ParsableArguments {
    @Option(
        name: .long,
        help: "Database URL (sqlite:PATH or postgres://...). Default: $CORRIDORWATCH_DATABASE_URL or sqlite:./corridorwatch.sqlite")
    var database: String?

    @Option(name: .long, help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: Logger.Level = .info

    func databaseURL(default fallback: String = "sqlite:./corridorwatch.sqlite") throws -> DatabaseURL {
        let text = database ?? ProcessInfo.processInfo.environment["CORRIDORWATCH_DATABASE_URL"] ?? fallback
        do { return try DatabaseURL(text) } catch { throw ValidationError(error.description) }
    }

    func logger() -> Logger {
        var logger = Logger(label: "corridorwatch")
        logger.logLevel = logLevel
        return logger
    }

    /// Opens the store; with `migrate`, brings the schema up to date first, otherwise
    /// refuses a schema that is not exactly the one this build knows.
    func openStore(default fallback: String = "sqlite:./corridorwatch.sqlite", migrate: Bool) async throws -> SQLStore {
        let url = try databaseURL(default: fallback)
        let store = try await SQLStore.open(url, logger: logger())
        do {
            if migrate { _ = try await store.migrate() } else { try await store.verifySchema() }
        } catch {
            await store.close()
            throw error
        }
        return store
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}

/// Prints to standard error, where progress and summaries go so stdout stays data.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// Prints to standard output without buffering, for lines a watching script waits for.
func printNow(_ text: String) {
    FileHandle.standardOutput.write(Data((text + "\n").utf8))
}
