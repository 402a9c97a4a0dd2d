// Maritime detection benchmark (release build, one core):
//
//   swift build -c release --product maritime-bench
//   .build/release/maritime-bench                      # 10 M positions, 2,000 vessels
//   .build/release/maritime-bench --positions 1000000 --vessels 200 --export-csv /tmp/tracks.csv
//   .build/release/maritime-bench --latency 50         # UDP feed → stored event, 50 vessels
//
// Throughput: a SYNTHETIC scenario (MaritimeScenario) is generated on the fly; the time to
// walk it alone is measured first and subtracted. Peak memory is the process's maximum
// resident set. Results and the peer comparison: docs/benchmarks.md.
import CorridorAIS
import CorridorAISFeed
import CorridorCore
import CorridorMaritime
import CorridorServices
import CorridorStore
import Foundation
import Logging

struct Options {
    var positions = 10_000_000
    var vessels = 2000
    var hours = 48.0
    var exportCSV: String?
    var latencyVessels = 0
    var seed: UInt64 = 42

    init(_ args: [String]) {
        var i = 1
        func value() -> String? {
            i += 1
            return i < args.count ? args[i] : nil
        }
        while i < args.count {
            switch args[i] {
            case "--positions": positions = value().flatMap(Int.init) ?? positions
            case "--vessels": vessels = value().flatMap(Int.init) ?? vessels
            case "--hours": hours = value().flatMap(Double.init) ?? hours
            case "--export-csv": exportCSV = value()
            case "--latency": latencyVessels = value().flatMap(Int.init) ?? 50
            case "--seed": seed = value().flatMap(UInt64.init) ?? seed
            default: FileHandle.standardError.write(Data("unknown argument \(args[i])\n".utf8))
            }
            i += 1
        }
    }
}

func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }

func peakResidentMiB() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024
}

/// A scenario of `vessels` vessels whose reports add up to about `positions`: 70 % transits,
/// 10 % at anchor, 15 % fishing, the rest crossings and injected behaviours.
func scenario(_ o: Options) -> MaritimeScenario {
    var c = MaritimeScenario.Configuration()
    c.seed = o.seed
    c.hours = o.hours
    c.behaviours = max(1, o.vessels / 100)
    c.crossings = max(1, o.vessels / 80)
    c.anchored = o.vessels / 10
    // About 50 boats fit along the coast 10 km apart; the rest of the fleet is transits.
    c.fishing = min(40, o.vessels * 15 / 100)
    c.transits = max(0, o.vessels - c.anchored - c.fishing - 2 * c.crossings - 8 * c.behaviours - 1)
    // Reports per second of the whole fleet at interval 1 s: under-way vessels 1, fishing ½, anchored ⅓.
    let weight = Double(c.transits + 2 * c.crossings + 8 * c.behaviours + 1) + Double(c.fishing) / 2 + Double(c.anchored) / 3
    c.interval = max(1, (o.hours * 3600 * weight / Double(o.positions)).rounded())
    return MaritimeScenario(configuration: c)
}

func throughput(_ o: Options) {
    let s = scenario(o)
    print("scenario: \(s.plans.count) vessels, \(o.hours) h, report interval \(s.configuration.interval) s under way (SYNTHETIC)")
    // The reports are generated first, so the timing is the detectors' alone.
    let clock = ContinuousClock()
    let walkStart = clock.now
    var points: [TrackPoint] = []
    points.reserveCapacity(o.positions + o.positions / 10)
    var identities: [(before: Int, identity: IdentityChangeDetector.Identity, shipType: Int)] = []
    s.forEachReport { report in
        switch report {
        case .position(let p): points.append(p)
        case .identity(let i, let type): identities.append((points.count, i, type))
        }
    }
    print(
        String(
            format: "generated %d positions and %d static reports in %.2f s; resident memory now %.0f MiB", points.count, identities.count,
            seconds(clock.now - walkStart), peakResidentMiB()))

    var monitor = MaritimeMonitor(configuration: .corridor())
    var updates = 0
    var raised = 0
    var standing: [String: MaritimeDetection] = [:]
    func apply(_ new: [DetectionUpdate]) {
        for u in new { standing[u.detection.id] = u.change == .withdrawn ? nil : u.detection }
        updates += new.count
        raised += new.filter { $0.change == .raised }.count
    }
    var nextIdentity = 0
    let start = clock.now
    for (i, p) in points.enumerated() {
        while nextIdentity < identities.count, identities[nextIdentity].before == i {
            apply(monitor.observe(identities[nextIdentity].identity, shipType: identities[nextIdentity].shipType))
            nextIdentity += 1
        }
        // As `ais detect` and the server do after each batch: open gaps, finished encounters.
        if i % 10_000 == 0 { apply(monitor.advance(to: monitor.watermark)) }
        let new = monitor.observe(p)
        if !new.isEmpty { apply(new) }
    }
    apply(monitor.finish())
    let detect = seconds(clock.now - start)
    print(
        String(
            format: "all detectors: %d positions, %d vessels in %.2f s = %.0f positions/s (one core)", monitor.counts.positions,
            monitor.vesselCount, detect, Double(monitor.counts.positions) / detect))
    print("updates: \(updates) (raised \(raised))")
    print(String(format: "peak resident memory: %.0f MiB (the generated reports included)", peakResidentMiB()))

    // Latency: the reports that raised or changed a detection, replayed one by one through a
    // fresh monitor, each timed from the call to its return.
    var timed = MaritimeMonitor(configuration: .corridor())
    var latencies: [Double] = []
    nextIdentity = 0
    for (i, p) in points.enumerated().prefix(min(points.count, 2_000_000)) {
        while nextIdentity < identities.count, identities[nextIdentity].before == i {
            _ = timed.observe(identities[nextIdentity].identity, shipType: identities[nextIdentity].shipType)
            nextIdentity += 1
        }
        let began = clock.now
        let new = timed.observe(p)
        if !new.isEmpty { latencies.append(seconds(clock.now - began) * 1000) }
    }
    latencies.sort()
    if let worst = latencies.last {
        print(
            String(
                format:
                    "report → detection inside the monitor: %d reports that raised or changed one (first 2 M reports), median %.3f ms, max %.3f ms",
                latencies.count, latencies[latencies.count / 2], worst))
    }

    if let path = o.exportCSV {
        var text = "mmsi,t,lat,lon\n"
        for p in points { text += "\(p.mmsi),\(p.time),\(p.latitude),\(p.longitude)\n" }
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) else {
            print("cannot write \(path)")
            return
        }
        print("wrote \(points.count) positions to \(path)")
    }
    let evaluation = ScenarioEvaluation(labels: s.labels, detections: Array(standing.values))
    print("precision and recall against the injected behaviours (times within 10 minutes):")
    print(evaluation.markdown, terminator: "")
    for f in evaluation.falsePositives.prefix(10) { print("  unexpected: \(f.id) \(f.details)") }
    for m in evaluation.missed.prefix(10) { print("  missed: \(m.kind) \(m.mmsi) \(m.note)") }
}

/// A UDP feed into a SQLite store with the maritime watch, as `serve --ais-feed udp://` runs
/// it; each trial sends a vessel's position outside the Gwadar port zone, then one inside,
/// and times the second datagram to the stored zone-entry event.
func latency(_ o: Options) async throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("maritime-bench-\(getpid())")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let store = try await SQLStore.open(try DatabaseURL("sqlite:\(dir.path)/bench.sqlite"), logger: Logger(label: "bench"))
    _ = try await store.migrate()
    let intake = EventIntake(store: store, alerts: EventAlerts(store: store))
    let watch = try await MaritimeWatch.start(store: store, intake: intake, configuration: .corridor(), logger: Logger(label: "bench"))
    let detected = DetectionTimes()
    let ingest = AISIngest(
        store: store,
        afterStore: { batch in
            let updates = await watch.process(positions: batch.positions, statics: batch.statics, at: batch.newest)
            for u in updates where u.change == .raised && u.detection.kind == .zoneEntry { await detected.record(u.detection.mmsi) }
        })
    let port = 47_000 + Int(getpid() % 1000)
    let feed = Task { try await ingest.run(.udp(host: "127.0.0.1", port: port)) }
    try await Task.sleep(for: .milliseconds(300))
    let socket = try UDPSender(port: port)
    var latencies: [Double] = []
    let base = Date().timeIntervalSince1970
    for v in 0..<o.latencyVessels {
        let mmsi = 412_900_000 + v
        let t = base + Double(v) * 120
        socket.send(AISEncoder.position(.init(mmsi: mmsi, latitude: 24.98, longitude: 62.50, speed: 6), receivedAt: t)[0])
        try await Task.sleep(for: .milliseconds(100))
        let sent = ContinuousClock.now
        socket.send(AISEncoder.position(.init(mmsi: mmsi, latitude: 25.12, longitude: 62.37, speed: 6), receivedAt: t + 60)[0])
        var waited = 0
        while await detected.has(mmsi) == false, waited < 2000 {
            try await Task.sleep(for: .microseconds(200))
            waited += 1
        }
        if await detected.has(mmsi) { latencies.append(seconds(ContinuousClock.now - sent) * 1000) }
    }
    ingest.stop()
    _ = try? await feed.value
    await store.close()
    latencies.sort()
    guard !latencies.isEmpty else {
        print("latency: no detection arrived")
        return
    }
    func pct(_ p: Double) -> Double { latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))] }
    print(
        String(
            format: "UDP datagram → zone entry stored as an event: %d/%d trials, median %.1f ms, p95 %.1f ms, max %.1f ms", latencies.count,
            o.latencyVessels, pct(0.5), pct(0.95), latencies.last ?? 0))
}

actor DetectionTimes {
    var seen: Set<Int> = []
    func record(_ mmsi: Int) { seen.insert(mmsi) }
    func has(_ mmsi: Int) -> Bool { seen.contains(mmsi) }
}

/// A plain UDP socket to 127.0.0.1.
struct UDPSender {
    let fd: Int32
    var address = sockaddr_in()

    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
    }

    func send(_ line: String) {
        var a = address
        let bytes = Array((line + "\n").utf8)
        _ = withUnsafePointer(to: &a) { p in
            p.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                sendto(fd, bytes, bytes.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
    }
}

let options = Options(CommandLine.arguments)
if options.latencyVessels > 0 {
    try await latency(options)
} else {
    throughput(options)
}
