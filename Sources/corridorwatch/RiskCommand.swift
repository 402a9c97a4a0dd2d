import ArgumentParser
import CorridorCore
import CorridorExchange
import CorridorRisk
import CorridorServer
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
        do { engine = try await RiskService.build(store: store, configuration: configuration, asOf: asOf) } catch {
            await store.close()
            throw error
        }
        await store.close()
        if let site {
            guard let x = engine.explain(siteID: site) else { throw ValidationError("no site with id \"\(site)\"") }
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
        abstract: "Risk as of a cut date, scored against the sites that had events in the following horizon.")

    @OptionGroup var options: GlobalOptions
    @OptionGroup var risk: RiskOptions
    @Option(help: "The cut date (RFC 3339 or YYYY-MM-DD).") var cut: String
    @Option(help: "Horizon after the cut, in days (\"90d\" or \"90\").") var horizon = "90d"
    @Option(help: "k for precision at k.") var k = 10
    @Flag(help: "Print JSON instead of text.") var json = false

    func run() async throws {
        let configuration = try risk.configuration()
        let cutDate = try parseDate(cut, option: "--cut")
        guard let days = Double(horizon.hasSuffix("d") ? String(horizon.dropLast()) : horizon), days > 0 else {
            throw ValidationError("--horizon: \"\(horizon)\" is not a number of days such as 90d")
        }
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
        let result = Backtest.run(
            sites: engineInputs.0, events: engineInputs.1, agencies: engineInputs.2, cut: cutDate, horizonDays: days, k: k,
            configuration: configuration)
        if json {
            print(String(decoding: try DateFormats.jsonEncoder(pretty: true).encode(result), as: UTF8.self))
            return
        }
        print(RiskReport.backtest(result))
    }
}
