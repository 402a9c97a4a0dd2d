// ais-bench: AIS decode throughput on one core (docs/benchmarks.md).
//   swift build -c release --product ais-bench && .build/release/ais-bench CORPUS
// Prints three numbers for the same file: a pure scan (reading lines and de-armouring
// payload characters, the floor any decoder pays), decoding to messages, and decoding plus
// writing gpsd-style JSON.
import CorridorAIS
import Foundation

guard CommandLine.arguments.count > 1, let data = FileManager.default.contents(atPath: CommandLine.arguments[1]) else {
    FileHandle.standardError.write(Data("usage: ais-bench CORPUS\n".utf8))
    exit(2)
}
let clock = ContinuousClock()
func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }

let bytes = [UInt8](data)
var lines: [Range<Int>] = []
var start = 0
for i in 0..<bytes.count where bytes[i] == 10 {
    lines.append(start..<i)
    start = i + 1
}

// Pure scan: every payload character de-armoured into six bits, summed so it is not optimised away.
var checksum = 0
let scan = clock.measure {
    for r in lines {
        var commas = 0
        for i in r {
            let c = bytes[i]
            if c == 44 { commas += 1 } else if commas == 5 {
                var v = c &- 48
                if v > 40 { v &-= 8 }
                checksum &+= Int(v)
            }
        }
    }
}

var decoder = AISDecoder()
var messages = 0
let decode = clock.measure {
    for r in lines { messages += decoder.feed(bytes[r]).count }
    decoder.finish()
}

var json = 0
var decoder2 = AISDecoder()
let withJSON = clock.measure {
    for r in lines { for m in decoder2.feed(bytes[r]) { json &+= GPSDJSON.line(m).utf8.count } }
}

let mb = Double(bytes.count) / 1_048_576
print(String(format: "corpus: %d lines, %.1f MiB, %d messages (checksum %d)", lines.count, mb, messages, checksum & 0xFFFF))
print(String(format: "pure scan:        %.3f s  %.0f MiB/s  %.0f lines/s", seconds(scan), mb / seconds(scan), Double(lines.count) / seconds(scan)))
print(String(format: "decode:           %.3f s  %.0f messages/s", seconds(decode), Double(messages) / seconds(decode)))
print(String(format: "decode + JSON:    %.3f s  %.0f messages/s (%d bytes of JSON)", seconds(withJSON), Double(messages) / seconds(withJSON), json))
print(String(format: "decode is %.1f× slower than the pure scan", seconds(decode) / seconds(scan)))
