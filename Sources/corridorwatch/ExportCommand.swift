import ArgumentParser
import CorridorCore
import CorridorExchange
import CorridorStore
import Foundation

struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export sites or events as GeoJSON (RFC 7946), CSV or JSON lines.",
        subcommands: [ExportSites.self, ExportEvents.self])
}

enum ExportFormat: String, ExpressibleByArgument, CaseIterable {
    case geojson, csv, jsonl
}

func write(_ data: Data, to output: String?) throws {
    if let output {
        try data.write(to: URL(fileURLWithPath: output), options: .atomic)
    } else {
        FileHandle.standardOutput.write(data)
    }
}

struct ExportSites: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sites", abstract: "Export all sites.")
    @OptionGroup var options: GlobalOptions
    @Option(help: "geojson or csv.") var format: ExportFormat = .geojson
    @Option(name: .shortAndLong, help: "Write to this file instead of standard output.") var output: String?

    func run() async throws {
        let store = try await options.openStore(migrate: false)
        let sites = try await store.sites(SiteQuery())
        try await store.appendAudit(commandActor(), action: .export, objectType: "sites", objectID: format.rawValue, stateHash: nil)
        await store.close()
        switch format {
        case .geojson: try write(SiteFiles.geoJSON(sites), to: output)
        case .csv: try write(Data(SiteFiles.csv(sites).utf8), to: output)
        case .jsonl:
            let encoder = DateFormats.jsonEncoder()
            try write(Data(try sites.map { String(decoding: try encoder.encode($0), as: UTF8.self) + "\n" }.joined().utf8), to: output)
        }
        printError("exported \(sites.count) sites")
    }
}

struct ExportEvents: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "events", abstract: "Export events, newest first.")
    @OptionGroup var options: GlobalOptions
    @Option(help: "geojson, csv or jsonl.") var format: ExportFormat = .geojson
    @Option(name: .shortAndLong, help: "Write to this file instead of standard output.") var output: String?
    @Option(help: "Only this domain.") var domain: String?
    @Option(help: "Only this province.") var province: String?

    func run() async throws {
        var query = EventQuery(limit: 1000)
        if let domain {
            guard let d = Domain(rawValue: domain) else { throw ValidationError("unknown domain \"\(domain)\"") }
            query.domain = d
        }
        if let province {
            guard let p = Province(normalising: province) else { throw ValidationError("unknown province \"\(province)\"") }
            query.province = p
        }
        let store = try await options.openStore(migrate: false)
        var events: [Event] = []
        while true {
            let page = try await store.events(query)
            events += page.items
            guard let next = page.nextCursor else { break }
            query.cursor = next
        }
        try await store.appendAudit(commandActor(), action: .export, objectType: "events", objectID: format.rawValue, stateHash: nil)
        await store.close()
        switch format {
        case .geojson: try write(EventFiles.geoJSON(events), to: output)
        case .csv: try write(Data(EventFiles.csv(events).utf8), to: output)
        case .jsonl: try write(Data(try EventFiles.jsonLines(events).utf8), to: output)
        }
        printError("exported \(events.count) events")
    }
}
