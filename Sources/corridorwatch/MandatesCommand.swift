import ArgumentParser
import CorridorCoordination
import CorridorCore
import CorridorStore
import Foundation

struct MandatesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mandates",
        abstract: "Mandate rules: who leads the response to what, where; their gaps and overlaps.",
        subcommands: [MandatesImport.self, MandatesCheck.self, MandatesList.self])
}

struct MandatesImport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Store mandate rules from a JSON file (docs/formats.md#mandates).",
        discussion: "Rules are keyed by id; the same rule again is unchanged. Every lead and supporting agency must exist.")

    @OptionGroup var options: GlobalOptions
    @Flag(help: "Remove stored rules that are not in the file.") var replace = false
    @Argument(help: "The mandate file.") var file: String

    func run() async throws {
        guard let data = FileManager.default.contents(atPath: file) else { throw ValidationError("\(file): no such file or not readable") }
        let store = try await options.openStore(migrate: false)
        let agencies = Set(try await store.agencies().map(\.id))
        let rules: [MandateRule]
        do { rules = try MandateFile.read(data, agencies: agencies) } catch {
            await store.close()
            printError("error: \(file): \(error)")
            throw ExitCode(2)
        }
        let result = try await store.save(mandateRules: rules, replacing: replace, by: commandActor())
        await store.close()
        print("\(file): \(result)")
    }
}

struct MandatesCheck: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "The full matrix of domain × province × site kind: every gap (no lead) and overlap (two leads, no precedence).",
        discussion: """
            Checks the stored rules, or --file. Prints the lead of each domain in each province, then every gap \
            and every overlap; the exit status is 1 when there is any (0 when the book is clean). Rules naming \
            an event type are checked per type too.
            """)

    @OptionGroup var options: GlobalOptions
    @Option(help: "Check this mandate file instead of the stored rules.") var file: String?

    func run() async throws {
        let rules: [MandateRule]
        if let file {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw ValidationError("\(file): no such file or not readable")
            }
            do { rules = try MandateFile.read(data, agencies: nil) } catch {
                printError("error: \(file): \(error)")
                throw ExitCode(2)
            }
        } else {
            let store = try await options.openStore(migrate: false)
            rules = try await store.mandateRules()
            await store.close()
        }
        let analysis = MandateBook(rules: rules).analyse()
        print(Self.report(analysis, rules: rules.count), terminator: "")
        if !analysis.isClean { throw ExitCode(1) }
    }

    static func name(_ r: MandateBook.Resolution) -> String {
        switch r {
        case .lead(let rule): rule.lead
        case .overlap(let rules): "OVERLAP " + rules.map { "\($0.lead) (\($0.id))" }.joined(separator: " / ")
        case .gap: "GAP"
        case .notApplicable: "n/a"
        }
    }

    static func report(_ a: MandateBook.Analysis, rules: Int) -> String {
        let kinds = Site.Kind.allCases.count + 1
        var out =
            "mandates: \(rules) rules; \(Domain.allCases.count) domains × \(Province.allCases.count) provinces × \(kinds) site kinds (incl. away from sites) = \(a.cells.count) cells\n\n"
        out += "lead away from sites, by domain and province:\n"
        for domain in Domain.allCases {
            let row = Province.allCases.map { p in
                a.cells.first { $0.domain == domain && $0.province == p && $0.siteKind == nil }.map {
                    "\(p.rawValue): \(name($0.resolution))"
                } ?? ""
            }
            out += "  \(domain.rawValue): " + row.joined(separator: "; ") + "\n"
        }
        func label(_ c: MandateBook.Cell) -> String {
            "\(c.domain.rawValue) / \(c.province.rawValue) / \(c.siteKind?.rawValue ?? "away from sites")"
        }
        out += "\ngaps: \(a.gaps.count) cells\n"
        // Grouped by domain and province: the site kinds that have no lead.
        var grouped: [String: [String]] = [:]
        var order: [String] = []
        for c in a.gaps {
            let key = "\(c.domain.rawValue) / \(c.province.rawValue)"
            if grouped[key] == nil { order.append(key) }
            var what = c.siteKind?.rawValue ?? "away from sites"
            if c.resolution != .gap {
                what += " (types: " + c.byType.filter { $0.value == .gap }.keys.sorted().joined(separator: ", ") + ")"
            }
            grouped[key, default: []].append(what)
        }
        for key in order {
            out += "  GAP \(key): \(grouped[key]?.count == kinds ? "everywhere" : (grouped[key] ?? []).joined(separator: ", "))\n"
        }
        out += "\noverlaps: \(a.overlaps.count) cells\n"
        for c in a.overlaps {
            let detail =
                if case .overlap = c.resolution { name(c.resolution) } else {
                    c.byType.filter { if case .overlap = $0.value { true } else { false } }.map { "\($0.key): \(name($0.value))" }.sorted()
                        .joined(separator: "; ")
                }
            out += "  \(label(c)): \(detail)\n"
        }
        out += a.isClean ? "\nno gaps, no overlaps\n" : ""
        return out
    }
}

struct MandatesList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "The stored mandate rules as JSON (the import format).")

    @OptionGroup var options: GlobalOptions

    func run() async throws {
        let store = try await options.openStore(migrate: false)
        let rules = try await store.mandateRules()
        await store.close()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        print(String(decoding: try encoder.encode(["rules": rules]), as: UTF8.self))
    }
}
