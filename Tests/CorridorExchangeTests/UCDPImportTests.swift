import CorridorCore
import CorridorExchange
import Foundation
import Testing

/// Real UCDP GED 22.1 rows (Tests/fixtures/PROVENANCE-ucdp.md) with their edge cases.
@Suite struct UCDPImportTests {
    static func fixture(_ name: String) throws -> Data {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("fixtures").appendingPathComponent(name)
        return try Data(contentsOf: url)
    }

    let files = EventFiles()

    func parse(_ name: String) throws -> ParsedBatch<Event> {
        let data = try Self.fixture(name)
        #expect(try files.detect(data: data, fileName: name) == .ucdp)
        return try files.parse(data: data, format: .ucdp)
    }

    func event(_ batch: ParsedBatch<Event>, _ ucdpID: String) throws -> Event {
        try #require(batch.records.map(\.record).first { $0.sourceRef == ucdpID })
    }

    @Test func countryCentroidRowsAreRejectedWithAReason() throws {
        let batch = try parse("ucdp_ged_sample.csv")
        #expect(batch.records.count == 13)
        #expect(batch.rejections.count == 1)
        let r = try #require(batch.rejections.first)
        #expect(r.line == 7 && r.column == "where_prec")
        #expect(r.reason.contains("country's centroid"))
    }

    @Test func locationPrecisionMapsToGeoPrecisionAndWeight() throws {
        let batch = try parse("ucdp_ged_sample.csv")
        #expect(try event(batch, "59431").geoPrecision == .exact)
        #expect(try event(batch, "59553").geoPrecision == .near)
        // District centroid: district-level, with GED's " district" suffix removed for matching sites.
        let district = try event(batch, "53790")
        #expect(district.geoPrecision == .region && district.district == "Shikarpur")
        // Province centroid: province-level, no district.
        let province = try event(batch, "59557")
        #expect(province.geoPrecision == .region && province.district == nil && province.province == .sindh)
        // A border line's representative point: near it, and only probable.
        let border = try event(batch, "54880")
        #expect(border.geoPrecision == .near && border.confidence == .probable)
        #expect(try event(batch, "59431").confidence == .confirmed)
    }

    @Test func dateRangesAreKnownOnlyFromTheirEnd() throws {
        let batch = try parse("ucdp_ged_sample.csv")
        let range = try event(batch, "372703")
        #expect(DateFormats.formatDay(range.occurredAt) == "1994-01-01")
        #expect(DateFormats.formatDay(range.reportedAt) == "1994-06-28")
        #expect(range.timePrecision == .year)
        #expect(try event(batch, "53734").timePrecision == .week)
        #expect(try event(batch, "54998").timePrecision == .month)
        #expect(try event(batch, "59431").timePrecision == .day)
    }

    @Test func violenceActorsAndDeathsMapToTaxonomyAndSeverity() throws {
        let batch = try parse("ucdp_ged_sample.csv")
        let clash = try event(batch, "59431") // non-state, 3 dead
        #expect(clash.domain == .terrorismInsurgency && clash.type == "armed_assault" && clash.subtype == "non_state")
        #expect(clash.severity == 4 && clash.fatalities == 3)
        let india = try event(batch, "59553") // Government of India | Government of Pakistan, 2 dead
        #expect(india.domain == .geopolitical && india.type == "cross_border_firing" && india.severity == 3)
        let massacre = try event(batch, "53694") // LeJ | Civilians, 57 dead, 54 civilians
        #expect(massacre.type == "targeted_killing" && massacre.subtype == "one_sided" && massacre.severity == 5)
        // A zero-death row (best 0): UCDP still coded it as lethal violence, severity 2.
        let zero = try event(batch, "88399")
        #expect(zero.fatalities == 0 && zero.severity == 2)
        // Civilians killed raise severity by one: 7 dead, all civilians.
        #expect(try event(batch, "54880").severity == 5)
        #expect(massacre.narrative.contains("best estimate 57 (low 57, high 57); civilians 54"))
        #expect(massacre.narrative.contains("CC BY 4.0"))
        #expect(massacre.source == "UCDP GED" && massacre.tlp == .clear)
    }

    @Test func historicalAndBlankProvincesResolve() throws {
        let batch = try parse("ucdp_ged_sample.csv")
        let fata = try event(batch, "54936")
        #expect(fata.province == .khyberPakhtunkhwa)
        #expect(fata.narrative.contains("FATA, merged into Khyber Pakhtunkhwa in 2018"))
        #expect(try event(batch, "187697").province == .khyberPakhtunkhwa) // "Khyber Pakhtunkwa province"
        // Blank admin1 (a point on the LoC near Sialkot): the province comes from the coordinates.
        let blank = try event(batch, "372703")
        #expect(blank.province != nil)
        #expect(!blank.narrative.contains("UCDP admin1"))
    }

    @Test func bothLayoutsGiveTheSameEvents() throws {
        let extract = try parse("ucdp_ged_sample.csv")
        let official = try parse("ucdp_ged_official_layout.csv")
        #expect(official.rejections.isEmpty)
        #expect(official.records.count == 4)
        for e in official.records.map(\.record) {
            let same = try event(extract, e.sourceRef)
            #expect(e.id == same.id)
            #expect(e == same)
        }
    }

    @Test func badRowsAreNamedByColumn() throws {
        let header = "id,type_of_violence,where_prec,date_start,date_end,best,latitude,longitude\n"
        let rows = [
            "1,4,1,2010-01-01,2010-01-01,1,30,70",
            "2,1,9,2010-01-01,2010-01-01,1,30,70",
            "3,1,1,2010-02-01,2010-01-01,1,30,70",
            "4,1,1,2010-01-01,2010-01-01,-3,30,70",
            "x5,1,1,2010-01-01,2010-01-01,1,30,70",
            "6,1,1,2010-01-01,2010-01-01,1,95,70",
        ]
        let batch = try files.parse(data: Data((header + rows.joined(separator: "\n")).utf8), format: .ucdp)
        #expect(batch.records.isEmpty)
        #expect(batch.rejections.map { $0.column ?? "" } == ["type_of_violence", "where_prec", "date_end", "best", "id", "latitude"])
    }
}
