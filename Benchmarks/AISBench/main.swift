// ais-bench: AIS decode throughput on one core, side by side with gpsdecode and pyais on the
// same file in the same run (docs/benchmarks.md).
//   python3 Benchmarks/ais/generate_corpus.py /tmp/ais-corpus.nmea 1000000
//   swift build -c release --product ais-bench && .build/release/ais-bench /tmp/ais-corpus.nmea
// Measures: a pure scan (reading lines and de-armouring payload characters, the floor any
// decoder pays), decoding to typed reports, decoding to general messages, decoding plus
// gpsd-style JSON, and heap allocations per message (malloc is counted by MallocCounter).
// Peers are skipped with --no-peers or when not installed.
import CorridorAIS
import Foundation
import MallocCounter

let arguments = CommandLine.arguments.dropFirst()
guard let path = arguments.first(where: { !$0.hasPrefix("--") && Int($0) == nil }), let data = FileManager.default.contents(atPath: path)
else {
    FileHandle.standardError.write(Data("usage: ais-bench CORPUS [--no-peers] [--repeat N]\n".utf8))
    exit(2)
}
let runPeers = !arguments.contains("--no-peers")
/// Each measurement is repeated and the fastest run reported (with the median): the machine's
/// noise only ever slows a run down.
let repeats =
    arguments.firstIndex(of: "--repeat").flatMap {
        arguments.index(after: $0) < arguments.endIndex ? Int(arguments[arguments.index(after: $0)]) : nil
    } ?? 5
let clock = ContinuousClock()
func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }

let bytes = [UInt8](data)
var lines: [Range<Int>] = []
var start = 0
for i in 0..<bytes.count where bytes[i] == 10 {
    lines.append(start..<i)
    start = i + 1
}
let mb = Double(bytes.count) / 1_048_576

// Pure scan: every payload character de-armoured into six bits, summed so it is not optimised away.
var checksum = 0
let scan = clock.measure {
    for r in lines {
        var commas = 0
        for i in r {
            let c = bytes[i]
            if c == 44 {
                commas += 1
            } else if commas == 5 {
                var v = c &- 48
                if v > 40 { v &-= 8 }
                checksum &+= Int(v)
            }
        }
    }
}

// Typed reports: what ingest and the detectors use. Sums a field so the work is kept.
var messages = 0
var positions = 0
var latSum = 0.0
var allocations: UInt64 = 0
var decodeRuns: [Duration] = []
for run in 0..<repeats {
    var typed = AISDecoder()
    var (m, p) = (0, 0)
    let before = malloc_counter_allocations()
    decodeRuns.append(
        clock.measure {
            for r in lines {
                typed.decode(bytes[r]) { report in
                    m += 1
                    if case .position(let pr) = report {
                        p += 1
                        latSum += pr.latitude ?? 0
                    }
                }
            }
            typed.finish()
        })
    if run == 0 { allocations = malloc_counter_allocations() - before }
    (messages, positions) = (m, p)
}

// Allocations on the position-report path alone: only the lines that are single-part position reports.
var positionLines: [Range<Int>] = []
var sorter = AISDecoder()
for r in lines {
    sorter.decode(bytes[r]) { if case .position = $0 { positionLines.append(r) } }
}
var positionDecoder = AISDecoder()
var positionAllocations = malloc_counter_allocations()
for r in positionLines { positionDecoder.decode(bytes[r]) { latSum += $0.mmsi == 0 ? 1 : 0 } }
positionAllocations = malloc_counter_allocations() - positionAllocations

var general = 0
var generalRuns: [Duration] = []
for _ in 0..<max(1, repeats / 2) {
    var generalDecoder = AISDecoder()
    generalRuns.append(clock.measure { for r in lines { general += generalDecoder.feed(bytes[r]).count } })
}

var json = 0
var jsonRuns: [Duration] = []
for _ in 0..<max(1, repeats / 2) {
    // The `ais decode` command's path: each line's messages printed into one byte buffer,
    // emptied every MiB as the command writes it out.
    var jsonDecoder = AISDecoder()
    var writer = GPSDJSONWriter()
    json = 0
    jsonRuns.append(
        clock.measure {
            for r in lines {
                jsonDecoder.decodeJSON(bytes[r], into: &writer)
                if writer.bytes.count > 1 << 20 {
                    json &+= writer.bytes.count
                    writer.bytes.removeAll(keepingCapacity: true)
                }
            }
            json &+= writer.bytes.count
        })
}
func best(_ runs: [Duration]) -> Duration { runs.min() ?? .zero }
func median(_ runs: [Duration]) -> Duration { runs.sorted()[runs.count / 2] }
let decode = best(decodeRuns)
let decodeGeneral = best(generalRuns)
let withJSON = best(jsonRuns)

let messageCount = messages
func rate(_ d: Duration) -> Double { Double(messageCount) / seconds(d) }
print(
    String(
        format: "corpus: %d lines, %.1f MiB, %d messages, %d position reports (checksum %d)", lines.count, mb, messages, positions,
        checksum & 0xFFFF))
print(
    String(
        format: "pure scan:                   %6.3f s  %4.0f MiB/s  %.0f lines/s", seconds(scan), mb / seconds(scan),
        Double(lines.count) / seconds(scan)))
print(
    String(
        format: "decode to typed reports:     %6.3f s  %.0f messages/s  (%.1f× the scan's time; median of %d runs %.0f messages/s)",
        seconds(decode), rate(decode), seconds(decode) / seconds(scan), decodeRuns.count, rate(median(decodeRuns))))
print(String(format: "decode to general messages:  %6.3f s  %.0f messages/s", seconds(decodeGeneral), rate(decodeGeneral)))
print(String(format: "decode + gpsd JSON:          %6.3f s  %.0f messages/s  (%d bytes of JSON)", seconds(withJSON), rate(withJSON), json))
print(
    String(
        format: "allocations per message:     %.3f overall (typed reports), %.4f on the position-report path (%d over %d lines)",
        Double(allocations) / Double(max(messages, 1)), Double(positionAllocations) / Double(max(positionLines.count, 1)),
        positionAllocations, positionLines.count))

/// Runs a peer over the corpus, stdout discarded; nil when it is not installed.
func timePeer(_ executable: String, _ args: [String], stdinFile: Bool, corpus: String) -> Double? {
    guard FileManager.default.isExecutableFile(atPath: executable) else { return nil }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = args
    if stdinFile { process.standardInput = FileHandle(forReadingAtPath: corpus) }
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    let began = ContinuousClock.now
    do { try process.run() } catch { return nil }
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { return nil }
    return seconds(ContinuousClock.now - began)
}

func bestPeer(_ times: Int, _ run: () -> Double?) -> Double? { (0..<times).compactMap { _ in run() }.min() }

if runPeers {
    let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    if let t = bestPeer(3, { timePeer("/usr/bin/gpsdecode", [], stdinFile: true, corpus: path) }) {
        print(
            String(
                format:
                    "gpsdecode (decode + JSON, best of 3): %6.3f s  %.0f messages/s  → typed decode is %.1f× gpsdecode, decode + JSON %.1f×",
                t, Double(messages) / t, t / seconds(decode), t / seconds(withJSON)))
    } else {
        print("gpsdecode: not installed (apt-get install gpsd-clients)")
    }
    if let t = bestPeer(
        1,
        {
            timePeer(
                "/usr/bin/env", ["python3", here.appendingPathComponent("ais/decode_pyais.py").path, path], stdinFile: false, corpus: path)
        })
    {
        print(
            String(
                format: "pyais (decode to objects):   %6.3f s  %.0f messages/s  → typed decode is %.1f× pyais",
                t, Double(messages) / t, t / seconds(decode)))
    } else {
        print("pyais: not installed (pip install pyais)")
    }
}
