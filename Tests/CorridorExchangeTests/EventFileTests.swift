import CorridorCore
import CorridorExchange
import CorridorTestSupport
import Foundation
import Testing

@Suite struct ACLEDImportTests {
    let files = EventFiles(now: Fixtures.now)

    @Test func detectsACLEDByItsColumns() throws {
        #expect(try files.detect(data: Data(Fixtures.acledCSV.utf8), fileName: "export.csv") == .acled)
    }

    @Test func badRowsAreReportedWithLineAndColumnAndTheRestImported() throws {
        let batch = try files.parse(data: Data(Fixtures.acledCSV.utf8), format: .acled)
        #expect(batch.records.count == 7)
        #expect(batch.rejections.map(\.line) == [7, 9])
        #expect(batch.rejections[0].column == "event_date")
        #expect(batch.rejections[0].reason.contains("2024-13-45"))
        #expect(batch.rejections[1].column == "latitude")
        #expect(batch.rejections[1].reason.contains("123"))
    }

    @Test func mapsEventTypesSeverityAndFields() throws {
        let batch = try files.parse(data: Data(Fixtures.acledCSV.utf8), format: .acled)
        let byRef = Dictionary(uniqueKeysWithValues: batch.records.map { ($0.record.sourceRef, $0.record) })
        let gwadar = try #require(byRef["PAK1001"])
        #expect(gwadar.domain == .terrorismInsurgency)
        #expect(gwadar.type == "armed_assault")
        #expect(gwadar.fatalities == 10)
        #expect(gwadar.severity == 5)
        #expect(gwadar.province == .balochistan)
        #expect(gwadar.district == "Gwadar")
        #expect(gwadar.source == "ACLED")
        #expect(gwadar.id == Event.stableID(source: "ACLED", sourceRef: "PAK1001"))
        #expect(gwadar.occurredAt == DateFormats.parseDay("2024-03-20"))
        let besham = try #require(byRef["PAK1002"])
        #expect(besham.type == "suicide_attack")
        #expect(besham.subtype == "suicide_bomb")
        #expect(besham.geoPrecision == .near)
        let protest = try #require(byRef["PAK1003"])
        #expect(protest.domain == .governance && protest.type == "protest" && protest.severity == 1)
        let riot = try #require(byRef["PAK1004"])
        #expect(riot.domain == .socioeconomic && riot.type == "riot" && riot.severity == 2)
        let agreement = try #require(byRef["PAK1005"])
        #expect(agreement.type == "strategic_development" && agreement.timePrecision == .month)
        #expect(agreement.geoPrecision == .region)
        #expect(byRef["PAK1007"]?.type == "kidnapping")
        // A suicide bombing is at least severity 4 even with 3 deaths.
        #expect(byRef["PAK1009"]?.severity == 4)
    }

    @Test func aProvinceThatContradictsTheCoordinatesIsAWarning() throws {
        let batch = try files.parse(data: Data(Fixtures.acledCSV.utf8), format: .acled)
        let warning = try #require(batch.warnings.first { $0.line == 10 })
        #expect(warning.column == "admin1")
        #expect(warning.message.contains("Sindh"))
        // The file's own province is kept; the warning lets an analyst fix it.
        #expect(batch.records.first { $0.line == 10 }?.record.province == .punjab)
        #expect(batch.warnings.count == 1)
    }

    @Test func olderACLEDDateFormsAreRead() throws {
        let text = Fixtures.acledCSV.replacingOccurrences(of: "PAK1001,2024-03-20", with: "PAK1001,20 March 2024")
        let batch = try files.parse(data: Data(text.utf8), format: .acled)
        #expect(batch.records.first { $0.record.sourceRef == "PAK1001" }?.record.occurredAt == DateFormats.parseDay("2024-03-20"))
    }
}

@Suite struct EventFormatTests {
    let files = EventFiles(now: Fixtures.now)

    @Test func aFileOfNoKnownLayoutGetsOneClearError() {
        let data = Data("name,colour\nx,red\n".utf8)
        #expect(throws: FormatError.self) { try files.detect(data: data, fileName: "colours.csv") }
        #expect(throws: FormatError.self) { try files.parse(data: data, format: .acled) }
    }

    @Test func projectCSVRoundTripsThroughExport() throws {
        var a = Fixtures.event(ref: "a")
        a.narrative = "Line one, with comma\nline \"two\""
        a.siteIDs = ["gwadar-port", "gwadar-airport"]
        a.tlp = .red
        let b = Fixtures.event(ref: "b", domain: .cyber, type: "ransomware", at: Fixtures.karachi, province: .sindh)
        let text = EventFiles.csv([a, b])
        #expect(try files.detect(data: Data(text.utf8), fileName: "x.csv") == .csv)
        let batch = try files.parse(data: Data(text.utf8), format: .csv)
        #expect(batch.rejections.isEmpty)
        #expect(batch.records.map(\.record) == [a, b])
    }

    @Test func jsonLinesRejectBadLinesByFieldAndKeepGoodOnes() throws {
        let lines = [
            #"{"occurred_at":"2024-05-01T10:00:00Z","location":{"lat":25.12,"lon":62.32},"domain":"maritime","type":"smuggling","severity":2,"title":"Dhow seized","source":"pmsa","source_ref":"PMSA-1"}"#,
            #"{"occurred_at":"2024-05-01T10:00:00Z","location":{"lat":25.12,"lon":62.32},"domain":"maritime","type":"smuggling","severity":2,"source":"pmsa"}"#,
            "",
            #"{"occurred_at":"2024-05-01T10:00:00Z","location":{"lat":25.12,"lon":62.32},"domain":"maritime","type":"ied","severity":2,"title":"x","source":"pmsa"}"#,
            "not json",
        ].joined(separator: "\n")
        let batch = try files.parse(data: Data(lines.utf8), format: .jsonl)
        #expect(batch.records.count == 1)
        #expect(batch.records[0].record.province == .balochistan)
        #expect(batch.rejections.map(\.line) == [2, 4, 5])
        #expect(batch.rejections[0].column == "title")
        #expect(batch.rejections[1].column == "type")
    }
}

@Suite struct ReferenceFileTests {
    @Test func classifiesFreeTextIncidentTypes() throws {
        let csv = """
            incident_id,date,place,district,province,lat,lon,coord_basis,type,target,chinese_killed,chinese_injured,total_killed_as_reported,claimed_by_as_reported,description,source,source2,verification
            INC-X,2024-10-06,Karachi airport,Karachi,Sindh,24.9065,67.1608,approx,suicide VBIED on convoy,convoy,2,1,3 (2 Chinese + 1 unidentified) per Dawn,BLA,Blast.,https://example.org/a,https://example.org/b,ok
            INC-Y,2024-11-05,Karachi,Karachi,Sindh,24.86,67.01,approx,insider shooting by private security guard,workers,0,2,0,none,Guard fired.,https://example.org/c,,ok
            INC-Z,2024-03-26,"near Besham",Shangla,Khyber Pakhtunkhwa,,,not geocoded,suicide VBIED,convoy,5,?,6,none,Blast.,https://example.org/d,,ok
            """
        let gazetteer = Gazetteer(towns: [("Shangla", Fixtures.coordinate(34.92039, 72.63265))], districts: ["Shangla"])
        let batch = try EventFiles(now: Fixtures.now, gazetteer: gazetteer).parse(data: Data(csv.utf8), format: .incidentsReference)
        #expect(batch.rejections.isEmpty)
        let x = batch.records[0].record
        #expect(x.type == "suicide_attack" && x.subtype == "vbied")
        #expect(x.fatalities == 3 && x.foreignNationalsAffected == 3 && x.severity == 4)
        #expect(x.confidence == .confirmed && x.tlp == .clear && x.sourceURL == "https://example.org/a")
        let y = batch.records[1].record
        #expect(y.domain == .crime && y.type == "insider_attack" && y.severity == 4)
        let z = batch.records[2].record
        #expect(z.location.latitude == 34.92039 && z.geoPrecision == .region)
        #expect(z.narrative.contains("seat of the district"))
        #expect(batch.warnings.map(\.line) == [4])
    }
}
