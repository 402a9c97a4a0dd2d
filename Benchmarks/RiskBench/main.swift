// risk-bench: the risk engine at national scale, against a naive all-pairs reference.
//
//   swift build -c release --product risk-bench
//   .build/release/risk-bench [--sites 10000] [--events 1000000] [--naive-sites 1000] [--updates 10000] [--export DIR]
//
// Generated data (seeded, synthetic): sites and events uniform over 24–37°N, 61–77°E; events of
// every domain, severity 1–5, up to 3 years old, geo precision 1–2, no site links, so the
// same sums can be computed in PostGIS (Benchmarks/postgis/compare.sh reads --export).
import CorridorCore
import CorridorGeo
import CorridorRisk
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

struct Options {
    var sites = 10_000
    var events = 1_000_000
    var naiveSites = 1_000
    var updates = 10_000
    var export: String?

    init(_ args: [String]) {
        var i = 1
        while i < args.count {
            let value = i + 1 < args.count ? args[i + 1] : ""
            switch args[i] {
            case "--sites": sites = Int(value) ?? sites
            case "--events": events = Int(value) ?? events
            case "--naive-sites": naiveSites = Int(value) ?? naiveSites
            case "--updates": updates = Int(value) ?? updates
            case "--export": export = value
            default:
                FileHandle.standardError.write(Data("unknown option \(args[i])\n".utf8))
                exit(2)
            }
            i += 2
        }
    }
}

extension SplitMix64 {
    mutating func point() -> Coordinate {
        // In range by construction.
        guard let c = try? Coordinate(latitude: 24 + unit() * 13, longitude: 61 + unit() * 16) else { preconditionFailure("out of range") }
        return c
    }
}

func peakRSSMiB() -> Double {
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    return Double(usage.ru_maxrss) / 1024
}

func seconds(_ d: Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
}

let options = Options(CommandLine.arguments)
let asOf = Date(timeIntervalSince1970: 1_780_272_000)
var rng = SplitMix64(seed: 42)
let clock = ContinuousClock()

print("generating \(options.sites) sites and \(options.events) events (seeded)")
let sites: [Site] = (0..<options.sites).map { i in
    Site(
        id: "s\(i)", name: "Site \(i)", kind: .other, location: rng.point(), foreignNationals: Int(rng.next() % 50),
        localWorkers: 50, totalWorkers: 100, criticality: 1 + Int(rng.next() % 5),
        protectionMeasures: ["cctv"], provenance: "synthetic")
}
let domains = Domain.allCases
/// Event `i`, the same on every call: the engine reads them as a stream, never as an array,
/// and the reference below generates them again. Ids are shaped like the product's.
func event(_ i: Int) -> Event {
    var r = SplitMix64(seed: 0x5EED_0000 &+ UInt64(i))
    let d = domains[Int(r.next() % 8)]
    let occurred = asOf.addingTimeInterval(-(r.unit() * 3 * 365 * 86_400).rounded(.down))
    return Event(
        id: "ev-" + String(StableHash.fnv1a64("bench|\(i)"), radix: 16), occurredAt: occurred, reportedAt: occurred,
        location: r.point(), geoPrecision: r.next() % 2 == 0 ? .exact : .near, domain: d,
        type: EventTaxonomy.types[d]?.first ?? "threat", severity: 1 + Int(r.next() % 5), fatalities: Int(r.next() % 3),
        injuries: Int(r.next() % 4), confidence: Event.Confidence.allCases[Int(r.next() % 3)],
        title: "Synthetic benchmark event \(i)", source: "bench", sourceRef: "\(i)")
}
let events = (0..<options.events).lazy.map(event)

let configuration = RiskConfiguration.default
let rssBefore = peakRSSMiB()
var engine = RiskEngine(sites: [], events: [Event](), asOf: asOf)
let build = clock.measure {
    engine = RiskEngine(sites: sites, events: events, asOf: asOf, configuration: configuration)
}
// Five runs each, on a shared VM whose timings wander: the median and the best.
func repeated(_ body: () -> Void) -> (median: Double, best: Double) {
    let runs = (0..<5).map { _ in seconds(clock.measure(body)) }.sorted()
    return (runs[2], runs[0])
}
let oneCoreRuns = repeated { engine.recomputeAll(cores: 1) }
let allCoreRuns = repeated { engine.recomputeAll() }
let oneCore = oneCoreRuns.median
let cores = ProcessInfo.processInfo.activeProcessorCount
print(String(format: "engine: index + first compute %.3f s (%d sites × %d events)", seconds(build), options.sites, options.events))
print(
    String(
        format: "full recompute, median of 5 (best): one core %.3f s (%.3f s); all %d cores %.3f s (%.3f s)", oneCoreRuns.median,
        oneCoreRuns.best, cores, allCoreRuns.median, allCoreRuns.best))
print(
    String(
        format: "peak RSS with the engine built: %.0f MiB (%.0f MiB before it; events streamed, never held as an array)",
        peakRSSMiB(), rssBefore))

// Naive all-pairs reference over the first naiveSites sites: every event against every site.
let radii = domains.map { configuration.settings($0).radiusKm }
// The reference keeps flat arrays of what it needs (after the engine's memory was measured).
var locations: [Coordinate] = []
var decayed: [Double] = []
var domainIndex: [Int] = []
for e in events {
    let s = configuration.settings(e.domain)
    let age = asOf.timeIntervalSince(e.occurredAt) / 86_400
    locations.append(e.location)
    domainIndex.append(domains.firstIndex(of: e.domain) ?? 0)
    decayed.append(
        age >= 0 && age <= s.halfLifeDays * configuration.horizonHalfLives
            ? RiskModel.baseWeight(e, configuration) * RiskModel.timeDecay(ageDays: age, halfLifeDays: s.halfLifeDays) : 0)
}
let sample = Array(sites.prefix(options.naiveSites))
var naiveSums: [[Double]] = []
let naive = clock.measure {
    for site in sample {
        var sums = Array(repeating: 0.0, count: 8)
        for (i, location) in locations.enumerated() where decayed[i] > 0 {
            let d = Geodesy.distanceKm(site.location, location)
            let r = radii[domainIndex[i]]
            if d < r { sums[domainIndex[i]] += decayed[i] * RiskModel.distanceDecay(distanceKm: d, radiusKm: r) }
        }
        naiveSums.append(sums)
    }
}
var worst = 0.0
for (site, reference) in zip(sample, naiveSums) {
    let ours = engine.domainSums(siteID: site.id) ?? []
    for (a, b) in zip(ours, reference) where max(abs(a), abs(b)) > 0 {
        worst = max(worst, abs(a - b) / max(abs(a), abs(b)))
    }
}
let naivePerSite = seconds(naive) / Double(max(1, sample.count))
print(
    String(
        format: "naive all-pairs (haversine): %.3f s for %d sites = %.2f ms/site → %.1f s for all %d sites (extrapolated)",
        seconds(naive), sample.count, naivePerSite * 1000, naivePerSite * Double(options.sites), options.sites))
print(
    String(
        format: "grid engine per site (one core): %.4f ms; speed-up over naive %.0f×", oneCore / Double(options.sites) * 1000,
        naivePerSite * Double(options.sites) / oneCore))
print(
    String(
        format: "agreement with naive over %d sites: max relative difference %.2e (limit 1e-6) %@", sample.count, worst,
        worst <= 1e-6 ? "OK" : "FAILED"))

// Incremental: one new event at a time.
var latencies: [Double] = []
for i in 0..<options.updates {
    let d = domains[Int(rng.next() % 8)]
    let e = Event(
        id: "u\(i)", occurredAt: asOf.addingTimeInterval(-rng.unit() * 30 * 86_400), location: rng.point(), domain: d,
        type: EventTaxonomy.types[d]?.first ?? "threat", severity: 1 + Int(rng.next() % 5), fatalities: Int(rng.next() % 3),
        confidence: .probable, title: "", source: "bench", sourceRef: "u\(i)")
    let t = clock.measure { engine.upsert(event: e) }
    latencies.append(seconds(t) * 1000)
}
latencies.sort()
func pct(_ values: [Double], _ p: Double) -> Double { values.isEmpty ? 0 : values[min(values.count - 1, Int(Double(values.count) * p))] }
print(
    String(
        format: "incremental (one new event, %d updates): p50 %.4f ms, p99 %.4f ms, max %.4f ms", options.updates, pct(latencies, 0.5),
        pct(latencies, 0.99), latencies.last ?? 0))
print(String(format: "peak RSS of the whole run %.0f MiB (the reference's arrays included)", peakRSSMiB()))

if let dir = options.export {
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    var s = "id,lat,lon\n"
    for site in sites { s += "\(site.id),\(site.location.latitude),\(site.location.longitude)\n" }
    try s.write(toFile: dir + "/sites.csv", atomically: true, encoding: .utf8)
    var e = "id,lat,lon,domain,decayed\n"
    for (i, ev) in events.enumerated() where decayed[i] > 0 {
        e += "\(ev.id),\(ev.location.latitude),\(ev.location.longitude),\(domainIndex[i]),\(decayed[i])\n"
    }
    try e.write(toFile: dir + "/events.csv", atomically: true, encoding: .utf8)
    var r = "domain,radius_km\n"
    for (i, radius) in radii.enumerated() { r += "\(i),\(radius)\n" }
    try r.write(toFile: dir + "/radii.csv", atomically: true, encoding: .utf8)
    // Sums before the incremental updates were applied would differ; recompute from the
    // original data for the comparison.
    let reference = RiskEngine(sites: sites, events: events, asOf: asOf, configuration: configuration)
    var out = "site_id,domain,sum\n"
    for site in sites {
        for (d, v) in (reference.domainSums(siteID: site.id) ?? []).enumerated() where v > 0 { out += "\(site.id),\(d),\(v)\n" }
    }
    try out.write(toFile: dir + "/ours.csv", atomically: true, encoding: .utf8)
    print("exported data and our sums to \(dir)")
}
