import ArgumentParser
import CorridorAIS
import CorridorAISFeed
import CorridorAccess
import CorridorCoordination
import CorridorCore
import CorridorDemo
import CorridorExchange
import CorridorMaritime
import CorridorServices
import CorridorStore
import Foundation
import Logging

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

    /// One demo user per role, created once with a random password.
    func demoUsers(_ store: SQLStore, seeder: AuditActor) async throws -> [(User, String)] {
        let plan: [(String, String, Role)] = [
            ("viewer", "punjab-police", .viewer), ("analyst", "balochistan-police", .analyst),
            ("responder", "ssd", .responder), ("coordinator", "cpec-authority", .coordinator),
            ("admin", "cpec-authority", .admin),
        ]
        var created: [(User, String)] = []
        for (name, agency, role) in plan where try await store.user(id: name) == nil {
            let password = "demo-" + String(Secrets.token().prefix(16))
            let user = User(id: name, displayName: "Demo \(role.rawValue)", agencyID: agency, roles: [role])
            _ = try await store.save(user: user, passwordHash: PasswordHasher.production.hash(password), by: seeder)
            created.append((user, password))
        }
        return created
    }

    /// A day of SYNTHETIC traffic off the Makran coast with one of each detectable behaviour
    /// (`ais simulate`'s generator), ending at today's midnight UTC so a re-run the same day
    /// stores nothing new.
    func maritimeScenario(
        _ store: SQLStore, afterStore: @escaping @Sendable (IngestBatch) async -> Void, seeder: AuditActor
    ) async throws
        -> (positions: Int, labels: Int)
    {
        var c = MaritimeScenario.Configuration()
        let midnight = (Date().timeIntervalSince1970 / 86_400).rounded(.down) * 86_400
        c.start = midnight - 24 * 3600
        c.hours = 24
        c.interval = 120
        c.transits = 16
        c.crossings = 3
        c.anchored = 6
        c.fishing = 8
        c.behaviours = 1
        c.seed = 2027
        let scenario = MaritimeScenario(configuration: c)
        var text = "# SYNTHETIC maritime scenario (corridorwatch demo, MaritimeScenario seed 2027). Not real vessels.\n"
        var sequence = 0
        scenario.forEachReport { report in
            switch report {
            case .position(let p):
                text +=
                    AISEncoder.position(
                        .init(mmsi: p.mmsi, latitude: p.latitude, longitude: p.longitude, speed: p.speed), receivedAt: p.time)[0] + "\n"
            case .identity(let i, let type):
                sequence += 1
                for line in AISEncoder.staticReport(
                    .init(mmsi: i.mmsi, imo: i.imo, callsign: i.callsign, name: i.name, shipType: type), receivedAt: i.time,
                    sequence: sequence)
                {
                    text += line + "\n"
                }
            }
        }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("corridorwatch-demo-scenario-\(getpid()).nmea")
        try Data(text.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let counts = try await AISIngest(store: store, afterStore: afterStore).run(.file(path: file.path))
        try await store.appendAudit(
            seeder, action: .aisIngest, objectType: "feed", objectID: "synthetic-maritime-scenario",
            stateHash: "positions=\(counts.positionsStored);statics=\(counts.staticReports)")
        return (counts.positionsStored, scenario.labels.count)
    }

    func seed(_ store: SQLStore) async throws {
        let seed = DemoSeed()
        let seeder = AuditActor.system("demo-seed")
        var agencies = ImportSummary()
        for agency in try seed.agencies() {
            switch try await store.save(agency: agency, by: seeder) {
            case .inserted: agencies.imported += 1
            case .updated: agencies.updated += 1
            case .unchanged: agencies.unchanged += 1
            }
        }
        let siteBatch = try seed.sites()
        let sites = await BatchImport.sites(siteBatch, into: store, by: seeder)
        // Every event goes through the one intake. Real history is loaded as history: no case,
        // alert or warning claims it is happening now.
        let logger = Logger(label: "corridorwatch.demo")
        let intake = ApplicationServices(store: store, logger: logger).intake
        let incidents = await BatchImport.events(try seed.publicIncidents(), into: intake, mode: .history, by: seeder)
        let ucdpBatch = try seed.ucdpHistory()
        let bar = ProgressBar(total: ucdpBatch.records.count)
        let ucdp = await BatchImport.events(ucdpBatch, into: intake, mode: .history, by: seeder, progress: bar.update)
        let anchors = SyntheticEvents.anchors(sites: siteBatch.records.map(\.record), towns: try seed.towns())
        var synthetic = ParsedBatch<Event>()
        synthetic.records = SyntheticEvents(count: syntheticEvents).generate(anchors: anchors, today: Date()).map { (0, $0) }
        let syntheticSummary = await BatchImport.events(synthetic, into: intake, mode: .history, by: seeder)
        // The AIS goes through the maritime detectors as a server feed's would: detections are live.
        let watch = try await MaritimeWatch.start(store: store, intake: intake, configuration: .corridor(), logger: logger)
        let afterStore: @Sendable (IngestBatch) async -> Void = { batch in
            await watch.process(positions: batch.positions, statics: batch.statics, at: batch.newest)
        }
        let ais = try await AISIngest(store: store, afterStore: afterStore).run(.file(path: try seed.syntheticAISPath()))
        try await store.appendAudit(
            seeder, action: .aisIngest, objectType: "feed", objectID: "ais_gwadar_synthetic.nmea",
            stateHash: "positions=\(ais.positionsStored);statics=\(ais.staticReports)")
        // A watch of its own: its clock runs on past the Gwadar file's six hours, and those
        // vessels falling silent then would be gaps of the demo's making.
        let scenarioWatch = try await MaritimeWatch.start(store: store, intake: intake, configuration: .corridor(), logger: logger)
        let scenario = try await maritimeScenario(
            store,
            afterStore: { batch in await scenarioWatch.process(positions: batch.positions, statics: batch.statics, at: batch.newest) },
            seeder: seeder)
        let mandateRules = try MandateFile.read(try seed.mandateFile(), agencies: Set(try await store.agencies().map(\.id)))
        let mandates = try await store.save(mandateRules: mandateRules, replacing: true, by: seeder)
        let mandateAnalysis = MandateBook(rules: mandateRules).analyse()
        let credentials = try await demoUsers(store, seeder: seeder)
        printNow("demo database seeded (\(try options.databaseURL(default: "sqlite:./corridorwatch-demo.sqlite"))):")
        printNow("  agencies (illustrative):       \(agencies)")
        printNow("  sites (real, cpec_sites.csv):  \(sites)")
        printNow("  public incidents (real, history): \(incidents)")
        printNow("  UCDP GED 1989–2019 (real, history): \(ucdp) (rows at the country's centroid are rejected)")
        printNow("  synthetic events:              \(syntheticSummary)")
        printNow(
            "  synthetic AIS near Gwadar:     \(ais.positionsStored) new positions, \(ais.staticReports) static reports (already stored: \(ais.positionsDuplicate))"
        )
        printNow(
            "  mandates (illustrative):       \(mandates); \(mandateAnalysis.gaps.count) gap cells and \(mandateAnalysis.overlaps.count) overlap cells left on purpose (corridorwatch mandates check)"
        )
        printNow(
            "  crisis cases (open):           \(try await store.allCrisisCases(openOnly: true).count) (none for history; live events and detections open them; see /cases)"
        )
        printNow(
            "  public warnings (CAP 1.2):     \(try await store.alerts(tlp: .clear, limit: 1000).count) (see /api/v1/cap/alerts.xml; all alerts: /alerts)"
        )
        printNow(
            "  synthetic maritime scenario:   \(scenario.positions) new positions, \(scenario.labels) injected behaviours; detections stored as maritime events: \(try await store.events(EventQuery(source: DetectionEvents.source, limit: 1000)).items.count)"
        )
        if !credentials.isEmpty {
            printNow("\ndemo users (shown once; passwords are stored only as bcrypt hashes):")
            for (user, password) in credentials {
                let roles = user.roles.map(\.rawValue).sorted().joined(separator: ",")
                printNow(
                    "  \(RiskReport.pad(user.id, 13)) \(RiskReport.pad(roles, 12)) \(RiskReport.pad(user.agencyID, 20)) password: \(password)"
                )
            }
            printNow("")
        } else {
            printNow("  demo users already exist (their passwords were printed when they were created)")
        }
        for problem in sites.rejections { printError("  not loaded: cpec_sites.csv \(problem)") }
        for problem in incidents.rejections { printError("  not loaded: incidents_public.csv \(problem)") }
        let centroidRows = ucdp.rejections.filter { $0.column == "where_prec" }.count
        if centroidRows > 0 { printNow("  UCDP rows left out: \(centroidRows) located only at the country's centroid (where_prec 6)") }
        for problem in ucdp.rejections where problem.column != "where_prec" {
            printError("  not loaded: ged221_pakistan_1989_2019.csv \(problem)")
        }
        for problem in syntheticSummary.rejections { printError("  not loaded: synthetic event \(problem)") }

    }
}
