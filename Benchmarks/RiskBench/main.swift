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
let events: [Event] = (0..<options.events).map { i in
    let d = domains[Int(rng.next() % 8)]
    let occurred = asOf.addingTimeInterval(-(rng.unit() * 3 * 365 * 86_400).rounded(.down))
    return Event(
        id: "e\(i)", occurredAt: occurred, reportedAt: occurred, location: rng.point(),
        geoPrecision: rng.next() % 2 == 0 ? .exact : .near, domain: d, type: EventTaxonomy.types[d]?.first ?? "threat",
        severity: 1 + Int(rng.next() % 5), fatalities: Int(rng.next() % 3), injuries: Int(rng.next() % 4),
        confidence: Event.Confidence.allCases[Int(rng.next() % 3)], title: "", source: "bench", sourceRef: "\(i)")
}

let configuration = RiskConfiguration.default
var engine = RiskEngine(sites: [], events: [], asOf: asOf)
let build = clock.measure {
    engine = RiskEngine(sites: sites, events: events, asOf: asOf, configuration: configuration)
}
let full = clock.measure { engine.recomputeAll() }
print(
    String(
        format: "engine: index + first compute %.3f s; full recompute %.3f s (%d sites × %d events, one core)",
        seconds(build), seconds(full), options.sites, options.events))

// Naive all-pairs reference over the first naiveSites sites: every event against every site.
let radii = domains.map { configuration.settings($0).radiusKm }
let decayed: [Double] = events.map { e in
    let s = configuration.settings(e.domain)
    let age = asOf.timeIntervalSince(e.occurredAt) / 86_400
    guard age >= 0, age <= s.halfLifeDays * configuration.horizonHalfLives else { return 0 }
    return RiskModel.baseWeight(e, configuration) * RiskModel.timeDecay(ageDays: age, halfLifeDays: s.halfLifeDays)
}
let domainIndex = events.map { e in domains.firstIndex(of: e.domain) ?? 0 }
let sample = Array(sites.prefix(options.naiveSites))
var naiveSums: [[Double]] = []
let naive = clock.measure {
    for site in sample {
        var sums = Array(repeating: 0.0, count: 8)
        for (i, e) in events.enumerated() where decayed[i] > 0 {
            let d = Geodesy.distanceKm(site.location, e.location)
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
        format: "grid engine per site: %.4f ms; speed-up over naive %.0f×", seconds(full) / Double(options.sites) * 1000,
        naivePerSite * Double(options.sites) / seconds(full)))
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
print(String(format: "peak RSS %.0f MiB", peakRSSMiB()))

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
