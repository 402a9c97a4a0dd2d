import ArgumentParser
import CorridorAIS
import CorridorAISFeed
import CorridorCore
import CorridorMaritime
import Foundation

struct AISDetect: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "detect",
        abstract: "Run the maritime detectors over archived AIS logs and print the detections.",
        discussion: """
            Reads NMEA logs (as 'ais decode' does; reports need a receive time from a tag block, \
            $PGHP or a trailing epoch) and runs every detector: AIS gaps, loitering, encounters, \
            impossible jumps and positions on land, identity changes and zone entries, with the \
            defaults in docs/maritime-detection.md. Prints the detections standing at the end as \
            JSON lines (or a GeoJSON FeatureCollection whose geometries are the track excerpts); \
            --updates prints every raise, revision and withdrawal as it happened instead. \
            --labels scores the run against a scenario written by 'ais simulate'.
            """)

    @Option(help: "Output format: jsonl or geojson.") var format = "jsonl"
    @Option(name: .shortAndLong, help: "Write to this file instead of standard output.") var output: String?
    @Option(help: "Zones (GeoJSON FeatureCollection; see docs/maritime-detection.md). Default: the illustrative Gwadar set.")
    var zones: String?
    @Option(help: "Seconds behind a vessel's newest report within which a late report is still used.") var reorderWindow = 3600.0
    @Flag(help: "Print every update (raised, revised, withdrawn) as JSON lines instead of the final detections.") var updates = false
    @Option(help: "Labels from 'ais simulate --labels': print precision and recall per detector on standard error.") var labels: String?
    @Argument(help: "Log files; '-' or none for standard input.") var files: [String] = []

    func validate() throws {
        guard ["jsonl", "geojson"].contains(format) else { throw ValidationError("--format: jsonl or geojson, not \(format)") }
        guard !(updates && format == "geojson") else { throw ValidationError("--updates prints JSON lines; drop --format geojson") }
        guard reorderWindow >= 0 else { throw ValidationError("--reorder-window must not be negative") }
        for path in files where path != "-" && !FileManager.default.isReadableFile(atPath: path) {
            throw ValidationError("\(path): no such file or not readable")
        }
    }

    func run() throws {
        var configuration = MaritimeMonitor.Configuration.corridor(zones: try loadZones())
        configuration.reorderWindow = reorderWindow
        var monitor = MaritimeMonitor(configuration: configuration)
        var batcher = AISBatcher(batchSize: 10_000)
        var all: [DetectionUpdate] = []
        let sink = try OutputSink(path: output)
        func drain(final: Bool = false) {
            let batch = batcher.take()
            var new = monitor.observe(positions: batch.positions, statics: batch.statics, at: batch.newest)
            if final { new += monitor.finish() }
            if updates { for u in new { sink.write(DetectionExport.jsonLine(u.detection, change: u.change) + "\n") } }
            all += new
        }
        for path in files.isEmpty ? ["-"] : files {
            let data = path == "-" ? FileHandle.standardInput.readDataToEndOfFile() : (FileManager.default.contents(atPath: path) ?? Data())
            let bytes = [UInt8](data)
            var start = 0
            // Reports without a receive time get the reading time, which means nothing for an archive.
            let readAt = Date(timeIntervalSince1970: 0)
            for i in bytes.indices where bytes[i] == 10 || i == bytes.count - 1 {
                let end = bytes[i] == 10 ? i : i + 1
                batcher.add(line: bytes[start..<end], readAt: readAt)
                start = i + 1
                if batcher.isFull { drain() }
            }
        }
        batcher.finish()
        drain(final: true)
        let standing = Self.standing(all)
        if !updates {
            if format == "geojson" {
                sink.write(String(decoding: DetectionExport.featureCollection(standing), as: UTF8.self) + "\n")
            } else {
                for d in standing { sink.write(DetectionExport.jsonLine(d) + "\n") }
            }
        }
        sink.close()
        let s = batcher.decoder.summary
        let c = monitor.counts
        printError(
            "lines \(s.lines), messages \(s.messages); positions \(c.positions) (late \(c.latePositions), too late \(c.tooLatePositions), "
                + "repeated \(c.duplicatePositions)), static reports \(c.identities), vessels \(monitor.vesselCount)")
        let byKind = Dictionary(grouping: standing, by: \.kind)
        var report =
            "detections \(standing.count): "
            + MaritimeDetection.Kind.allCases.map { "\($0.rawValue) \(byKind[$0]?.count ?? 0)" }.joined(separator: ", ")
        report +=
            "; updates \(all.count) ("
            + DetectionUpdate.Change.allCases.map { change in "\(change.rawValue) \(all.filter { $0.change == change }.count)" }.joined(
                separator: ", ") + ")"
        printError(report)
        if c.positions > 0, monitor.watermark < 1_000_000 {
            printError("warning: the reports carry no receive times; detection needs them (tag block c:, $PGHP or a trailing epoch)")
        }
        if let labels {
            let evaluation = ScenarioEvaluation(labels: try Self.readLabels(labels), detections: standing)
            printError(String(evaluation.markdown.dropLast()))
            for m in evaluation.missed.prefix(10) { printError("missed: \(m.kind) \(m.mmsi) \(m.note)") }
            for f in evaluation.falsePositives.prefix(10) { printError("unexpected: \(f.id)") }
        }
    }

    func loadZones() throws -> [Zone] {
        guard let zones else { return Zone.gwadarDefaults }
        guard let data = FileManager.default.contents(atPath: zones) else { throw ValidationError("\(zones): cannot read") }
        do { return try Zone.load(geoJSON: data, file: zones) } catch let e as MaritimeDataError { throw ValidationError(e.description) }
    }

    static func standing(_ updates: [DetectionUpdate]) -> [MaritimeDetection] {
        var out: [String: MaritimeDetection] = [:]
        for u in updates { out[u.detection.id] = u.change == .withdrawn ? nil : u.detection }
        return out.values.sorted { ($0.start, $0.id) < ($1.start, $1.id) }
    }

    static func readLabels(_ path: String) throws -> [ScenarioLabel] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw ValidationError("\(path): cannot read") }
        var out: [ScenarioLabel] = []
        for (i, line) in text.split(separator: "\n").enumerated() where !line.isEmpty {
            do { out.append(try JSONDecoder().decode(ScenarioLabel.self, from: Data(line.utf8))) } catch {
                throw ValidationError("\(path):\(i + 1): not a scenario label: \(error)")
            }
        }
        return out
    }
}

struct AISSimulate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Write SYNTHETIC AIS traffic off Pakistan's coast with labelled behaviours.",
        discussion: """
            Background traffic (transits, crossing courses, ships at anchor in Gwadar and Karachi, \
            fishing boats near the shore, a cargo ship crossing the small-craft channel) and, for \
            each detector, --behaviours injected cases: AIS gaps, loitering, encounters, spoofed \
            positions, identity changes, unallocated MIDs and zone entries. The NMEA goes to \
            --output (with tag-block receive times), the labels to --labels as JSON lines. \
            Every vessel is invented (names start with SYN). Same seed, same output.
            """)

    @Option(name: .shortAndLong, help: "NMEA output file ('-' for standard output).") var output = "-"
    @Option(help: "Write the injected behaviours here as JSON lines.") var labels: String?
    @Option(help: "Hours of traffic.") var hours = 48.0
    @Option(help: "Transiting vessels (background).") var transits = 40
    @Option(help: "Pairs of vessels crossing each other's course at speed (background).") var crossings = 6
    @Option(help: "Vessels at anchor in port (background).") var anchored = 12
    @Option(help: "Fishing boats near the shore (background).") var fishing = 16
    @Option(help: "Injected cases of each behaviour.") var behaviours = 4
    @Option(help: "Seconds between reports of a vessel under way.") var interval = 60.0
    @Option(help: "Random seed.") var seed: UInt64 = 1
    @Option(help: "Start time (RFC 3339).") var start = "2027-01-15T08:00:00Z"

    func validate() throws {
        guard hours > 0, hours <= 24 * 31 else { throw ValidationError("--hours must be between 0 and 744") }
        guard interval >= 1 else { throw ValidationError("--interval must be at least 1 second") }
        guard [transits, crossings, anchored, fishing, behaviours].allSatisfy({ $0 >= 0 && $0 <= 100_000 }) else {
            throw ValidationError("vessel counts must be between 0 and 100000")
        }
        guard DateFormats.parse(start) != nil else { throw ValidationError("--start: not an RFC 3339 time: \(start)") }
    }

    func run() throws {
        var c = MaritimeScenario.Configuration()
        c.hours = hours
        c.transits = transits
        c.crossings = crossings
        c.anchored = anchored
        c.fishing = fishing
        c.behaviours = behaviours
        c.interval = interval
        c.seed = seed
        c.start = DateFormats.parse(start)?.timeIntervalSince1970 ?? c.start
        let scenario = MaritimeScenario(configuration: c)
        let sink = try OutputSink(path: output == "-" ? nil : output)
        var positions = 0
        var statics = 0
        var sequence = 0
        scenario.forEachReport { report in
            switch report {
            case .position(let p):
                positions += 1
                let line = AISEncoder.position(
                    .init(mmsi: p.mmsi, latitude: p.latitude, longitude: p.longitude, speed: p.speed), receivedAt: p.time)
                for l in line { sink.write(l + "\n") }
            case .identity(let i, let type):
                statics += 1
                sequence += 1
                let lines = AISEncoder.staticReport(
                    .init(mmsi: i.mmsi, imo: i.imo, callsign: i.callsign, name: i.name, shipType: type), receivedAt: i.time,
                    sequence: sequence)
                for l in lines { sink.write(l + "\n") }
            }
        }
        sink.close()
        if let labels {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let text = try scenario.labels.map { String(decoding: try encoder.encode($0), as: UTF8.self) }.joined(separator: "\n") + "\n"
            guard FileManager.default.createFile(atPath: labels, contents: Data(text.utf8)) else {
                throw ValidationError("\(labels): cannot write")
            }
        }
        printError(
            "SYNTHETIC scenario: \(scenario.plans.count) vessels, \(positions) positions, \(statics) static reports, \(scenario.labels.count) labelled behaviours"
        )
    }
}

/// Buffered text output to a file or standard output.
final class OutputSink {
    let handle: FileHandle
    var buffer = ""

    init(path: String?) throws {
        if let path {
            guard FileManager.default.createFile(atPath: path, contents: nil), let h = FileHandle(forWritingAtPath: path) else {
                throw ValidationError("\(path): cannot write")
            }
            handle = h
        } else {
            handle = FileHandle.standardOutput
        }
        buffer.reserveCapacity(1 << 20)
    }

    func write(_ s: String) {
        buffer += s
        if buffer.utf8.count >= 1 << 20 { flush() }
    }

    func flush() {
        handle.write(Data(buffer.utf8))
        buffer.removeAll(keepingCapacity: true)
    }

    func close() {
        flush()
        if handle !== FileHandle.standardOutput { try? handle.close() }
    }
}
