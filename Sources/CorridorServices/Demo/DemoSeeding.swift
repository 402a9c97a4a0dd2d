import CorridorAIS
import CorridorAISFeed
import CorridorAccess
import CorridorCoordination
import CorridorCore
import CorridorDemo
import CorridorExchange
import CorridorMaritime
import CorridorStore
import Foundation
import Logging

/// Seeding a demo database: the bundled real reference data as history, illustrative agencies
/// and mandates, synthetic events and AIS through the maritime detectors, and one user per role.
/// Idempotent: a second run changes nothing that is already there. `corridorwatch demo` prints
/// the ``Report``.
///
/// ```swift
/// let report = try await DemoSeeding(store: store, syntheticEvents: 360).run(progress: bar.update)
/// ```
public struct DemoSeeding: Sendable {
    /// What seeding did, by source.
    public struct Report: Sendable {
        public var agencies = ImportSummary()
        public var sites = ImportSummary()
        public var incidents = ImportSummary()
        public var ucdp = ImportSummary()
        public var synthetic = ImportSummary()
        public var aisPositions = 0
        public var aisStatics = 0
        public var aisAlreadyStored = 0
        public var scenarioPositions = 0
        public var scenarioBehaviours = 0
        public var mandates = MandateImport()
        public var mandateGaps = 0
        public var mandateOverlaps = 0
        /// Users created now, with their passwords (shown once).
        public var credentials: [(User, String)] = []
    }

    let store: any CorridorStore
    let syntheticEvents: Int
    let logger: Logger

    public init(store: any CorridorStore, syntheticEvents: Int = 360, logger: Logger = Logger(label: "corridorwatch.demo")) {
        self.store = store
        self.syntheticEvents = syntheticEvents
        self.logger = logger
    }

    /// - Parameter progress: called with (done, total) while the UCDP history loads.
    public func run(progress: @escaping (Int, Int) -> Void = { _, _ in }) async throws -> Report {
        var report = Report()
        let seed = DemoSeed()
        let seeder = AuditActor.system("demo-seed")
        for agency in try seed.agencies() {
            switch try await store.save(agency: agency, by: seeder) {
            case .inserted: report.agencies.imported += 1
            case .updated: report.agencies.updated += 1
            case .unchanged: report.agencies.unchanged += 1
            }
        }
        let siteBatch = try seed.sites()
        report.sites = await BatchImport.sites(siteBatch, into: store, by: seeder)
        // Every event goes through the one intake. Real history is loaded as history: no case,
        // alert or warning claims it is happening now.
        let intake = EventIntake(store: store, casePolicy: CasePolicy())
        report.incidents = await BatchImport.events(try seed.publicIncidents(), into: intake, mode: .history, by: seeder)
        let ucdpBatch = try seed.ucdpHistory()
        report.ucdp = await BatchImport.events(ucdpBatch, into: intake, mode: .history, by: seeder, progress: progress)
        let anchors = SyntheticEvents.anchors(sites: siteBatch.records.map(\.record), towns: try seed.towns())
        var synthetic = ParsedBatch<Event>()
        synthetic.records = SyntheticEvents(count: syntheticEvents).generate(anchors: anchors, today: Date()).map { (0, $0) }
        report.synthetic = await BatchImport.events(synthetic, into: intake, mode: .history, by: seeder)
        // Mandates before the AIS: the cases detections open take their lead and deadlines from them.
        let mandateRules = try MandateFile.read(try seed.mandateFile(), agencies: Set(try await store.agencies().map(\.id)))
        report.mandates = try await store.save(mandateRules: mandateRules, replacing: true, by: seeder)
        let mandateAnalysis = MandateBook(rules: mandateRules).analyse()
        report.mandateGaps = mandateAnalysis.gaps.count
        report.mandateOverlaps = mandateAnalysis.overlaps.count
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
            afterStore: { batch in await scenarioWatch.process(positions: batch.positions, statics: batch.statics, at: batch.newest) },
            seeder: seeder)
        report.credentials = try await demoUsers(seeder: seeder)
        report.aisPositions = ais.positionsStored
        report.aisStatics = ais.staticReports
        report.aisAlreadyStored = ais.positionsDuplicate
        report.scenarioPositions = scenario.positions
        report.scenarioBehaviours = scenario.labels
        return report
    }

    /// One demo user per role, created once with a random password.
    func demoUsers(seeder: AuditActor) async throws -> [(User, String)] {
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
        afterStore: @escaping @Sendable (IngestBatch) async -> Void, seeder: AuditActor
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
}
