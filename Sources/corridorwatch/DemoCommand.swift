import ArgumentParser
import CorridorCore
import CorridorMaritime
import CorridorServices
import CorridorStore
import Foundation

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Seed a demo database with real CPEC sites and incidents, then serve it.",
        discussion: """
            Creates (or reuses) ./corridorwatch-demo.sqlite. It holds the 44 reference sites,
            13 publicly reported incidents (2017–2024, sources on every record) and 6,082 real
            events of lethal organised violence from UCDP GED 22.1 (1989–2019, CC BY 4.0), all
            loaded as history: no case, alert or public warning is raised for the past. Beside
            them: illustrative agencies and mandates, and synthetic events over the last 12
            months labelled `source = synthetic`. Seeding is idempotent: running the demo again
            changes nothing that is already there.
            """)

    @OptionGroup var options: GlobalOptions
    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on.") var port = 8080
    @Option(help: "How many synthetic events to generate.") var syntheticEvents = 360
    @Flag(help: "Seed the database and exit without serving.") var noServe = false
    @OptionGroup var risk: RiskOptions

    func run() async throws {
        let riskConfiguration = try risk.configuration()
        let store: SQLStore
        do { store = try await options.openStore(default: "sqlite:./corridorwatch-demo.sqlite", migrate: true) } catch {
            printError("error: \(error)")
            throw ExitCode.failure
        }
        do {
            try await seed(store)
        } catch {
            await store.close()
            printError("error: seeding failed: \(error)")
            throw ExitCode.failure
        }
        if noServe {
            await store.close()
            return
        }
        try await ServeCommand.serve(store: store, host: host, port: port, risk: riskConfiguration, logger: options.logger())
    }

    /// Seeds through ``DemoSeeding`` and prints what it did.
    func seed(_ store: SQLStore) async throws {
        // The UCDP history (about 6,000 rows) is the one long step: show its progress on a terminal.
        let bar = ProgressBar(total: 6_000)
        let report = try await DemoSeeding(store: store, syntheticEvents: syntheticEvents).run(progress: bar.update)
        printNow("demo database seeded (\(try options.databaseURL(default: "sqlite:./corridorwatch-demo.sqlite"))):")
        printNow("  agencies (illustrative):       \(report.agencies)")
        printNow("  sites (real, cpec_sites.csv):  \(report.sites)")
        printNow("  public incidents (real, history): \(report.incidents)")
        printNow("  UCDP GED 1989–2019 (real, history): \(report.ucdp) (rows at the country's centroid are rejected)")
        printNow("  synthetic events:              \(report.synthetic)")
        printNow(
            "  synthetic AIS near Gwadar:     \(report.aisPositions) new positions, \(report.aisStatics) static reports (already stored: \(report.aisAlreadyStored))"
        )
        printNow(
            "  mandates (illustrative):       \(report.mandates); \(report.mandateGaps) gap cells and \(report.mandateOverlaps) overlap cells left on purpose (corridorwatch mandates check)"
        )
        printNow(
            "  crisis cases (open):           \(try await store.allCrisisCases(openOnly: true).count) (none for history; live events and detections open them; see /cases)"
        )
        printNow(
            "  public warnings (CAP 1.2):     \(try await store.alerts(tlp: .clear, limit: 1000).count) (see /api/v1/cap/alerts.xml; all alerts: /alerts)"
        )
        printNow(
            "  synthetic maritime scenario:   \(report.scenarioPositions) new positions, \(report.scenarioBehaviours) injected behaviours; detections stored as maritime events: \(try await store.events(EventQuery(source: DetectionEvents.source, limit: 1000)).items.count)"
        )
        if !report.credentials.isEmpty {
            printNow("\ndemo users (shown once; passwords are stored only as bcrypt hashes):")
            for (user, password) in report.credentials {
                let roles = user.roles.map(\.rawValue).sorted().joined(separator: ",")
                printNow(
                    "  \(RiskReport.pad(user.id, 13)) \(RiskReport.pad(roles, 12)) \(RiskReport.pad(user.agencyID, 20)) password: \(password)"
                )
            }
            printNow("")
        } else {
            printNow("  demo users already exist (their passwords were printed when they were created)")
        }
        for problem in report.sites.rejections { printError("  not loaded: cpec_sites.csv \(problem)") }
        for problem in report.incidents.rejections { printError("  not loaded: incidents_public.csv \(problem)") }
        let centroidRows = report.ucdp.rejections.filter { $0.column == "where_prec" }.count
        if centroidRows > 0 { printNow("  UCDP rows left out: \(centroidRows) located only at the country's centroid (where_prec 6)") }
        for problem in report.ucdp.rejections where problem.column != "where_prec" {
            printError("  not loaded: ged221_pakistan_1989_2019.csv \(problem)")
        }
        for problem in report.synthetic.rejections { printError("  not loaded: synthetic event \(problem)") }
    }
}
