import ArgumentParser
import CorridorRisk
import CorridorServer
import CorridorStore
import Hummingbird
import Foundation
import Logging

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the HTTP API and web UI.",
        discussion: """
            The schema must be current: run `corridorwatch migrate` first. The server stops
            gracefully on SIGINT or SIGTERM.
            """)

    @OptionGroup var options: GlobalOptions
    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on (0 picks a free one).") var port = 8080
    @OptionGroup var risk: RiskOptions
    @Flag(help: "Mark session cookies Secure (set when users reach the server over HTTPS, e.g. through a TLS proxy).")
    var secureCookies = false

    func run() async throws {
        let riskConfiguration = try risk.configuration()
        let store: SQLStore
        do { store = try await options.openStore(migrate: false) } catch {
            printError("error: \(error)")
            throw ExitCode.failure
        }
        try await Self.serve(
            store: store, configuration: ServerConfiguration(host: host, port: port, secureCookies: secureCookies),
            risk: riskConfiguration, logger: options.logger())
    }

    static func serve(store: SQLStore, configuration: ServerConfiguration, risk: RiskConfiguration, logger: Logger) async throws {
        let host = configuration.host
        let app = CorridorApp.application(
            store: store, configuration: configuration, riskConfiguration: risk, logger: logger,
            onServerRunning: { actualPort in
                // Unbuffered, so scripts reading a pipe see the line at once.
                printNow("CorridorWatch is serving on http://\(host):\(actualPort)")
            })
        do { try await app.runService() } catch {
            await store.close()
            throw error
        }
        await store.close()
    }
}
