import CorridorAIS
import Foundation
import Testing

/// Expected values come from pyais 2.x decoding the same sentences (a peer decoder).
@Suite struct SentenceTests {
    @Test func checksumsAreVerifiedAndBadOnesRejectedOrKeptFlagged() throws {
        let good = "!AIVDM,1,1,,A,15M67FC000G?ufbE`FepT@3n00Sa,0*5F"
        let s = try AISSentence.parse(Array(good.utf8)[...])
        #expect(s.talker == "AI" && !s.ownShip && s.channel == "A" && s.fillBits == 0 && s.checksumValid)
        let bad = Array(good.replacingOccurrences(of: "*5F", with: "*5E").utf8)[...]
        #expect(throws: AISLineError.self) { try AISSentence.parse(bad) }
        let kept = try AISSentence.parse(bad, keepBadChecksum: true)
        #expect(!kept.checksumValid)
        let noChecksum = try AISSentence.parse(Array("!AIVDO,1,1,,,15M67FC000G?ufbE`FepT@3n00Sa,0".utf8)[...])
        #expect(noChecksum.ownShip && !noChecksum.hasChecksum && noChecksum.channel == "")
        #expect(throws: AISLineError.badFillBits(6)) {
            try AISSentence.parse(Array("!AIVDM,1,1,,A,15M67FC000G?ufbE`FepT@3n00Sa,6".utf8)[...])
        }
        #expect(throws: AISLineError.notAIS) { try AISSentence.parse(Array("$GPGGA,213950.00,5250.53669,N".utf8)[...]) }
    }

    @Test func tagBlocksGiveSourceAndReceiveTime() throws {
        var d = AISDecoder()
        let body = "s:rx-gwadar,c:1717200000"
        let cs = body.utf8.reduce(UInt8(0)) { $0 ^ $1 }
        let line = "\\\(body)*\(String(format: "%02X", cs))\\!AIVDM,1,1,,A,15M67FC000G?ufbE`FepT@3n00Sa,0*5F"
        let m = try #require(d.feed(line).first)
        #expect(m.source == "rx-gwadar" && m.receivedAt == 1_717_200_000)
        #expect(d.feed("\\s:x*00\\!AIVDM,1,1,,A,15M67FC000G?ufbE`FepT@3n00Sa,0*5F").isEmpty)
        #expect(d.summary.rejected["bad_tag_block"] == 1)
        // A block on its own line applies to the next sentence.
        #expect(d.feed("\\c:1354719388*56\\").isEmpty)
        #expect(d.feed("!AIVDM,1,1,,A,15M67FC000G?ufbE`FepT@3n00Sa,0*5F").first?.receivedAt == 1_354_719_388)
    }
}

@Suite struct FuzzRegressionTests {
    /// Found in review: `c:nan`, `c:inf` or `c:1e300` became a receive time, and storing it
    /// converted a non-finite or huge number of milliseconds to an integer, which traps.
    @Test(arguments: ["nan", "inf", "-inf", "1e300", "-5", "300000000000000"])
    func receiveTimesThatAreNoTimeAreRejected(time: String) {
        var d = AISDecoder()
        let body = "c:\(time)"
        let cs = body.utf8.reduce(UInt8(0)) { $0 ^ $1 }
        let hex = String(cs, radix: 16, uppercase: true)
        let line = "\\\(body)*\(cs < 16 ? "0" : "")\(hex)\\!AIVDM,1,1,,A,15M67FC000G?ufbE`FepT@3n00Sa,0*5F"
        #expect(d.feed(line).isEmpty)
        #expect(d.summary.rejected["bad_tag_block"] == 1)
        let trailing = d.feed("!AIVDM,1,1,,A,15M67FC000G?ufbE`FepT@3n00Sa,0*5F,\(time)")
        #expect(trailing.count == 1 && trailing.first?.receivedAt == nil)
    }

    /// Found by libFuzzer: a Gatehouse line with a year of 2,190,048 overflowed the day count.
    @Test func absurdGatehouseTimesAreIgnoredNotCrashed() {
        var d = AISDecoder()
        #expect(d.feed("$PGHP,1,2190048,3,18,9,19,9,499,219,,2190048,1,28*23").isEmpty)
        let m = d.feed("!AIVDM,1,1,,A,15M67FC000G?ufbE`FepT@3n00Sa,0*5F").first
        #expect(m?.receivedAt == nil && m?.mmsi == 366_053_209)
        var e = AISDecoder()
        _ = e.feed("$PGHP,1,2010,6,11,11,46,11,390,231,45,992190934,1,2B*5B")
        #expect(e.feed("!AIVDM,1,1,,A,15M67FC000G?ufbE`FepT@3n00Sa,0*5F").first?.receivedAt == 1_276_256_771.39)
    }
}

@Suite struct MessageTests {
    func decode(_ lines: String...) throws -> AISMessage {
        var d = AISDecoder()
        var out: [AISMessage] = []
        for l in lines { out += d.feed(l) }
        return try #require(out.first)
    }

    @Test func classAPositionReport() throws {
        let m = try decode("!AIVDM,1,1,,A,15M67FC000G?ufbE`FepT@3n00Sa,0*5F")
        #expect(m.type == 1 && m.mmsi == 366_053_209)
        #expect(m.int("status") == 3 && m.double("speed") == 0 && m.double("course") == 219.3)
        #expect(abs(m.double("lon")! - -122.341618) < 1e-6 && abs(m.double("lat")! - 37.802118) < 1e-6)
        #expect(m.int("heading") == 1 && m.int("second") == 59 && m.int("radio") == 2281)
        #expect(!m.lengthMismatch)
        #expect(GPSDJSON.line(m).hasPrefix("{\"class\":\"AIS\",\"type\":1,\"repeat\":0,\"mmsi\":366053209,\"channel\":\"A\",\"status\":3"))
    }

    @Test func baseStationReportFromGpsdSample() throws {
        let m = try decode("!AIVDM,1,1,,B,402=481uaUcf;OQ55JS9ITi025Jp,0*2B")
        #expect(m.type == 4 && m.mmsi == 2_311_200)
        #expect(
            [m.int("year"), m.int("month"), m.int("day"), m.int("hour"), m.int("minute"), m.int("second")] == [2010, 6, 11, 11, 46, 11])
        #expect(abs(m.double("lon")! - -6.754698) < 1e-6 && abs(m.double("lat")! - 61.423605) < 1e-6)
        #expect(m.int("epfd") == 1 && m["raim"] == .bool(true) && m.int("radio") == 22200)
    }

    @Test func twoPartStaticAndVoyageData() throws {
        let m = try decode(
            "!AIVDM,2,1,9,B,55R3Vn82=ILTQ3KKS>1<D60Dq@E918U<F222221J1`?164vc03S1CCAD,0*2A",
            "!AIVDM,2,2,9,B,`88888888888880,2*76")
        #expect(m.type == 5 && m.mmsi == 371_255_000 && m.int("imo") == 9_266_633)
        #expect(m.text("callsign") == "HP6683" && m.text("shipname") == "SEA ENTERPRISE" && m.text("destination") == "LEMMER")
        #expect(m.int("shiptype") == 90 && m.int("to_bow") == 13 && m.int("to_stern") == 15 && m.int("to_port") == 1)
        #expect(m.int("to_starboard") == 6 && m.double("draught") == 1.4 && m.int("month") == 3 && m.int("day") == 29)
    }

    @Test func unavailableValuesAreAbsent() throws {
        // Type 1 with lon 181, lat 91, speed 1023, course 3600, heading 511, second 60, built bit by bit.
        var bits = [UInt8](repeating: 0, count: 168)
        func put(_ v: Int, _ start: Int, _ width: Int) {
            for i in 0..<width { bits[start + i] = UInt8((v >> (width - 1 - i)) & 1) }
        }
        put(1, 0, 6)
        put(123_456_789, 8, 30)
        put(1023, 50, 10)
        put(181 * 600_000, 61, 28)
        put(91 * 600_000, 89, 27)
        put(3600, 116, 12)
        put(511, 128, 9)
        put(60, 137, 6)
        put(128, 42, 8)
        var payload = ""
        for k in 0..<28 {
            var v = 0
            for i in 0..<6 { v = v << 1 | Int(bits[k * 6 + i]) }
            payload.unicodeScalars.append(Unicode.Scalar(UInt8(v < 40 ? v + 48 : v + 56)))
        }
        let body = "AIVDM,1,1,,A,\(payload),0"
        let cs = body.utf8.reduce(UInt8(0)) { $0 ^ $1 }
        let m = try decode("!\(body)*\(String(format: "%02X", cs))")
        #expect(m.mmsi == 123_456_789)
        for name in ["lon", "lat", "speed", "course", "heading", "second", "turn"] { #expect(m[name] == nil, "\(name)") }
    }

    @Test func shortMessagesDecodeAsFarAsTheirBitsGoAndAreFlagged() throws {
        let m = try decode(
            "!AIVDM,1,1,,A,15M67FC000G?ufbE,0*65".replacingOccurrences(
                of: "*65", with: "*\(String(format: "%02X", "AIVDM,1,1,,A,15M67FC000G?ufbE,0".utf8.reduce(UInt8(0)) { $0 ^ $1 }))"))
        #expect(m.lengthMismatch && m.mmsi == 366_053_209 && m.int("status") == 3)
        #expect(m["lat"] == nil)
    }
}

@Suite struct ReassemblyTests {
    let part1 = "!AIVDM,2,1,9,B,55R3Vn82=ILTQ3KKS>1<D60Dq@E918U<F222221J1`?164vc03S1CCAD,0*2A"
    let part2 = "!AIVDM,2,2,9,B,`88888888888880,2*76"

    @Test func missingPartsAndReusedIdsAreCountedIncomplete() {
        var d = AISDecoder()
        #expect(d.feed(part1).isEmpty)
        #expect(d.feed(part1).isEmpty) // id 9 reused before the first group completed
        #expect(d.feed(part2).count == 1)
        #expect(d.feed(part2).isEmpty) // a second part with no first
        #expect(d.feed(part1).isEmpty)
        d.finish()
        #expect(d.summary.incompleteMultipart == 3)
        #expect(d.summary.messages == 1)
    }

    @Test func groupsTimeOutAndBuffersStayBounded() {
        var options = AISDecoder.Options()
        options.maxOpenGroups = 4
        options.groupTimeoutLines = 10
        var d = AISDecoder(options: options)
        for seq in 0..<9 {
            _ = d.feed(part1.replacingOccurrences(of: ",9,B,", with: ",\(seq),B,").replacingOccurrences(of: "*2A", with: ""))
        }
        #expect(d.summary.incompleteMultipart == 5)
        for _ in 0..<12 { _ = d.feed("$GPGGA,0") }
        _ = d.feed("!AIVDM,1,1,,A,15M67FC000G?ufbE`FepT@3n00Sa,0*5F")
        #expect(d.summary.incompleteMultipart == 9)
    }
}

@Suite struct RealLogTests {
    static func logs() throws -> [URL] {
        let base = try #require(Bundle.module.url(forResource: "Resources", withExtension: nil))
        return ["gpsd", "aislib"].flatMap { dir in
            (try? FileManager.default.contentsOfDirectory(at: base.appendingPathComponent(dir), includingPropertiesForKeys: nil)) ?? []
        }.sorted { $0.path < $1.path }
    }

    /// The JSON writer prints from the bits as it reads them; the general messages decode the
    /// same bits into values. Over every real log, both must give the same lines and counts.
    @Test func jsonStraightFromTheBitsEqualsJSONOfTheDecodedMessages() throws {
        var compared = 0
        for file in try Self.logs() {
            let lines = try Data(contentsOf: file).split(separator: 10, omittingEmptySubsequences: false).map { Array($0)[...] }
            var viaMessages = AISDecoder()
            var expected = ""
            for line in lines { viaMessages.decode(line) { expected += GPSDJSON.line($0.message) + "\n" } }
            var direct = AISDecoder()
            var writer = GPSDJSONWriter()
            for line in lines { direct.decodeJSON(line, into: &writer) }
            viaMessages.finish()
            direct.finish()
            let got = String(decoding: writer.bytes, as: UTF8.self)
            #expect(got == expected, "\(file.lastPathComponent)")
            #expect(direct.summary == viaMessages.summary, "\(file.lastPathComponent)")
            #expect(direct.summary.shortOrLongMessages == viaMessages.summary.shortOrLongMessages)
            compared += expected.split(separator: "\n").count
        }
        #expect(compared > 5_000)
    }

    /// A safety text with a quote and a backslash (pyais 3.3.1 encoded `A"B\C`), and a tag
    /// block source with a quote: both escaped, on both paths.
    @Test func jsonEscapesQuotesAndBackslashes() throws {
        let line = Array(#"\s:rx"1*50\!AIVDO,1,1,,A,>00000@689h<,2*0B"#.utf8)[...]
        var decoder = AISDecoder()
        var writer = GPSDJSONWriter()
        decoder.decodeJSON(line, into: &writer)
        let expected = #"{"class":"AIS","type":14,"repeat":0,"mmsi":1,"channel":"A","text":"A\"B\\C","source":"rx\"1"}"# + "\n"
        #expect(String(decoding: writer.bytes, as: UTF8.self) == expected)
        var general = AISDecoder()
        let m = try #require(general.feed(line).first)
        #expect(GPSDJSON.line(m) + "\n" == expected)
    }

    @Test func everyLineOfEveryRealLogIsAccountedFor() throws {
        let files = try Self.logs()
        #expect(files.count == 14)
        var total = 0
        for file in files {
            let data = try Data(contentsOf: file)
            var d = AISDecoder()
            var messages = 0
            for line in data.split(separator: 10, omittingEmptySubsequences: false) { messages += d.feed(Array(line)[...]).count }
            d.finish()
            let s = d.summary
            let rejected = s.rejected.values.reduce(0, +)
            #expect(s.skippedLines + s.nonAISLines + s.sentences + rejected == s.lines, "\(file.lastPathComponent)")
            #expect(messages == s.messages)
            total += messages
        }
        #expect(total > 1000)
    }

    /// The allocation-free typed path and the general decoder read the same bits: every
    /// position report in the real logs must agree field by field.
    @Test func typedPositionReportsAgreeWithTheGeneralDecoder() throws {
        var compared = 0
        for file in try Self.logs() {
            let data = try Data(contentsOf: file)
            var d = AISDecoder()
            for line in data.split(separator: 10, omittingEmptySubsequences: false) {
                d.decode(Array(line)[...]) { report in
                    guard case .position(let p) = report else { return }
                    let m = p.message
                    #expect(m.mmsi == p.mmsi && m.type == p.type && m.lengthMismatch == p.lengthMismatch)
                    #expect(m.double("lat") == p.latitude && m.double("lon") == p.longitude, "\(file.lastPathComponent) \(p.mmsi)")
                    #expect(m.double("speed") == p.speed && m.double("course") == p.course)
                    #expect(m.int("heading") == p.heading && m.int("status") == p.status && m.int("second") == p.second)
                    if case .bool(let accuracy) = m["accuracy"] { #expect(accuracy == p.accuracy) }
                    compared += 1
                }
            }
        }
        #expect(compared > 2000)
    }

    @Test func positionReportsLeaveNotAvailableValuesAbsent() throws {
        func report(_ line: String) throws -> AISPositionReport {
            var d = AISDecoder()
            var found: AISPositionReport?
            d.decode(Array(line.utf8)[...]) { if case .position(let p) = $0 { found = p } }
            return try #require(found)
        }
        let real = try report("!AIVDM,1,1,,A,15M67FC000G?ufbE`FepT@3n00Sa,0*5F")
        #expect(real.type == 1 && real.mmsi == 366_053_209 && real.channel == "A" && real.talker == "AI")
        #expect(real.status == 3 && real.speed == 0 && real.course == 219.3 && real.heading == 1 && real.second == 59)
        #expect(abs((real.latitude ?? 0) - 37.802118) < 1e-6 && abs((real.longitude ?? 0) + 122.341618) < 1e-6)
        // Encoded by pyais: lon 181, lat 91, speed 102.3, course 360, heading 511, second 60.
        let unknown = try report("!AIVDO,1,1,,B,16qT1vOP?w<tSF0l4Q@>4?wqP000,0*62")
        #expect(unknown.mmsi == 463_012_345 && unknown.talker == "AI" && unknown.channel == "B")
        #expect(unknown.latitude == nil && unknown.longitude == nil && unknown.speed == nil)
        #expect(unknown.course == nil && unknown.heading == nil && unknown.second == nil)
        // Type 27: tenth-of-a-minute positions, speed 63 and course 511 unknown.
        let longRange = try report("!AIVDO,1,1,,B,K6qT1v@BB5QmbOwt,0*5F")
        #expect(longRange.lowResolution && longRange.status == 1 && longRange.speed == nil && longRange.course == nil)
        #expect(abs((longRange.latitude ?? 0) - 25.1) < 0.002 && abs((longRange.longitude ?? 0) - 62.33) < 0.002)
    }
}

@Suite struct VesselRegistryTests {
    @Test func type24PartsAAndBJoinPerMMSIWhateverTheChannel() throws {
        var decoder = AISDecoder()
        var registry = VesselRegistry()
        let url = try #require(Bundle.module.url(forResource: "Resources", withExtension: nil))
        let text = try String(contentsOf: url.appendingPathComponent("gpsd/ais-18-27.log"), encoding: .utf8)
        for line in text.split(separator: "\n") { for m in decoder.feed(String(line)) { registry.apply(m) } }
        // This log's part B reports carry the reserved part number 3 (gpsd rejects them too),
        // so part B comes from pyais's encoder, on the other channel.
        for m in decoder.feed("!AIVDO,1,1,,B,H3KQD@4t12340CB?:=70001CJ@@0,0*00") { registry.apply(m) }
        let silja = try #require(registry.vessels[230_184_000])
        #expect(silja.shipname == "SILJA SERENADE" && silja.callsign == "OJMG")
        #expect(silja.shiptype == 60 && silja.toBow == 10 && silja.toStern == 218 && silja.toPort == 16 && silja.toStarboard == 16)
    }

    @Test func emptyTextsDoNotOverwriteKnownOnes() throws {
        var decoder = AISDecoder()
        var registry = VesselRegistry()
        for m in decoder.feed("!AIVDM,1,1,,A,H3KQD@1<Th`61<E8Dp4@D000000,0*50") { registry.apply(m) }
        for m in decoder.feed("!AIVDM,1,1,,A,H3KQD@0000000000000000000000,0*43") { registry.apply(m) }
        #expect(registry.vessels[230_184_000]?.shipname == "SILJA SERENADE")
    }
}
