import ArgumentParser
import CorridorCore
import CorridorExchange
import CorridorRisk
import CorridorServices
import CorridorStore
import Foundation

struct RiskCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "risk",
        abstract: "Per-site composite risk (INFORM-style), its explanation, snapshots and backtests.",
        discussion: "The model and every default are in docs/risk-model.md.",
        subcommands: [RiskShow.self, RiskSnapshotCommand.self, RiskBacktest.self],
        defaultSubcommand: RiskShow.self)
}

/// Options shared by the risk commands.
struct RiskOptions: ParsableArguments {
    @Option(help: "A JSON file overriding risk settings (see docs/risk-model.md).") var config: String?

    func configuration() throws -> RiskConfiguration {
        guard let config else { return .default }
        guard let data = FileManager.default.contents(atPath: config) else {
            throw ValidationError("cannot read risk configuration \(config)")
        }
        do { return try RiskConfiguration.load(json: data) } catch { throw ValidationError("\(config): \(error)") }
    }
}

func parseDate(_ text: String, option: String) throws -> Date {
    guard let d = DateFormats.parse(text) else { throw ValidationError("\(option): \"\(text)\" is not RFC 3339 or YYYY-MM-DD") }
    return d
}

enum RiskFormat: String, ExpressibleByArgument, CaseIterable { case table, json, csv }

struct RiskShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Print every site's risk, highest first (the default risk command).")

    @OptionGroup var options: GlobalOptions
    @OptionGroup var risk: RiskOptions
    @Option(help: "Only this site, with its full explanation.") var site: String?
    @Option(help: "Only sites in this province.") var province: String?
    @Option(help: "table, json or csv.") var format: RiskFormat = .table
    @Option(help: "Recompute as the world was then: only events occurred and reported by this date.") var asOf: String?

    func run() async throws {
        let configuration = try risk.configuration()
        let asOf = try asOf.map { try parseDate($0, option: "--as-of") } ?? Date()
        var provinceFilter: Province?
        if let province {
            guard let p = Province(normalising: province) else { throw ValidationError("unknown province \"\(province)\"") }
            provinceFilter = p
        }
        let store = try await options.openStore(migrate: false)
        let engine: RiskEngine
        var explanation: RiskExplanation?
        do {
            engine = try await RiskService.build(store: store, configuration: configuration, asOf: asOf)
            if let site {
                explanation = try await RiskService.explanation(siteID: site, in: engine, store: store, visible: RiskService.everything)
            }
        } catch {
            await store.close()
            throw error
        }
        await store.close()
        if let site {
            guard let x = explanation else { throw ValidationError("no site with id \"\(site)\"") }
            switch format {
            case .json: print(String(decoding: try DateFormats.jsonEncoder(pretty: true).encode(x), as: UTF8.self))
            case .table, .csv: print(RiskReport.explanation(x))
            }
            return
        }
        let results = engine.results.filter { provinceFilter == nil || $0.province == provinceFilter }
            .sorted { ($0.risk, $1.siteID) > ($1.risk, $0.siteID) }
        switch format {
        case .json: print(String(decoding: try DateFormats.jsonEncoder(pretty: true).encode(results), as: UTF8.self))
        case .csv: print(RiskReport.csv(results), terminator: "")
        case .table: print(RiskReport.table(results, asOf: asOf))
        }
    }
}

struct RiskSnapshotCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshot",
        abstract: "Record today's (or --as-of) risk snapshot of every site and raise risk.class_changed alerts.")

    @OptionGroup var options: GlobalOptions
    @OptionGroup var risk: RiskOptions
    @Option(help: "Snapshot as of this date instead of now.") var asOf: String?

    func run() async throws {
        let configuration = try risk.configuration()
        let asOf = try asOf.map { try parseDate($0, option: "--as-of") } ?? Date()
        let store = try await options.openStore(migrate: false)
        do {
            let engine = try await RiskService.build(store: store, configuration: configuration, asOf: asOf)
            let service = RiskService(store: store, configuration: configuration, now: { asOf })
            let alerts = try await service.recordSnapshot(engine, at: Date())
            print("snapshot \(RiskSnapshots.day(asOf)): \(engine.results.count) sites, \(alerts.count) class rises")
            for a in alerts { print("  \(a.title)") }
        } catch {
            await store.close()
            throw error
        }
        await store.close()
    }
}

struct RiskBacktest: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backtest",
        abstract: "Risk as of a cut date, scored against what happened next, beside naive baselines.",
        discussion: """
            A site is positive when an event of at least --min-severity occurred within --radius km
            of it (or named it) during --horizon after the cut. The report gives ROC AUC and
            precision@k of the sites' risk at the cut, the same for the naive baselines (events
            within the radius over the last 1, 3 and 5 years; the previous period's outcome), and
            95 % bootstrap intervals over sites. Example, on the demo's UCDP history:

              corridorwatch risk backtest --cut 2014-01-01 --horizon 2y --radius 25 --min-severity 3
            """)

    @OptionGroup var options: GlobalOptions
    @OptionGroup var risk: RiskOptions
    @Option(help: "The cut date (RFC 3339 or YYYY-MM-DD).") var cut: String
    @Option(help: "Horizon after the cut: a number with d, w, m (30 days) or y (365 days), e.g. 90d or 2y.") var horizon = "90d"
    @Option(help: "Radius around a site within which an outcome event counts, in km.") var radius = 25.0
    @Option(help: "Smallest severity (1-5) of an outcome event.") var minSeverity = 1
    @Option(help: "k for precision at k.") var k = 10
    @Option(help: "Bootstrap resamples for the 95 % intervals (0 for none).") var resamples = 1000
    @Flag(help: "Print JSON instead of text.") var json = false

    static func days(_ text: String) throws -> Double {
        let units: [Character: Double] = ["d": 1, "w": 7, "m": 30, "y": 365]
        let unit = text.last.flatMap { units[$0] }
        let number = unit == nil ? text : String(text.dropLast())
        guard let n = Double(number), n.isFinite, n > 0, n * (unit ?? 1) <= 36_500 else {
            throw ValidationError("--horizon: \"\(text)\" is not a duration such as 90d, 26w, 6m or 2y (at most 100 years)")
        }
        return n * (unit ?? 1)
    }

    func run() async throws {
        let configuration = try risk.configuration()
        let cutDate = try parseDate(cut, option: "--cut")
        let days = try Self.days(horizon)
        guard radius.isFinite, radius > 0, radius <= 1000 else { throw ValidationError("--radius must be in (0, 1000] km") }
        guard (1...5).contains(minSeverity) else { throw ValidationError("--min-severity must be 1 to 5") }
        guard k > 0 else { throw ValidationError("--k must be positive") }
        guard (0...100_000).contains(resamples) else { throw ValidationError("--resamples must be 0 to 100000") }
        let store = try await options.openStore(migrate: false)
        let engineInputs: ([Site], [Event], [Agency])
        do {
            var events: [Event] = []
            var query = EventQuery(limit: 1000)
            while true {
                let page = try await store.events(query)
                events += page.items
                guard let next = page.nextCursor else { break }
                query.cursor = next
            }
            engineInputs = (try await store.sites(SiteQuery()), events, try await store.agencies())
        } catch {
            await store.close()
            throw error
        }
        await store.close()
        let question = BacktestQuestion(
            cut: cutDate, horizonDays: days, radiusKm: radius, minSeverity: minSeverity, k: k, resamples: resamples)
        let result = Backtest.run(
            sites: engineInputs.0, events: engineInputs.1, agencies: engineInputs.2, question: question,
            configuration: configuration)
        if json {
            print(String(decoding: try DateFormats.jsonEncoder(pretty: true).encode(result), as: UTF8.self))
            return
        }
        print(RiskReport.backtest(result))
    }
}
