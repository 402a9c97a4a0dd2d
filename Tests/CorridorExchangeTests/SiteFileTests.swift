import CorridorCore
import CorridorExchange
import CorridorTestSupport
import Foundation
import Testing

@Suite struct SiteFileTests {
    let files = SiteFiles()

    @Test func mapsReferenceCategoriesToKinds() {
        #expect(SiteFiles.kind(forCategory: "SEZ") == .sez)
        #expect(SiteFiles.kind(forCategory: "energy-coal") == .energyPlant)
        #expect(SiteFiles.kind(forCategory: "road") == .roadSegment)
        #expect(SiteFiles.kind(forCategory: "metro") == .railSegment)
        #expect(SiteFiles.kind(forCategory: "social") == .other)
    }

    @Test func readsTheReferenceLayoutDerivingMissingProvinces() throws {
        let csv = """
            site_id,name,category,cpec_status,province,nearest_town,lat,lon,coord_basis,status_note,source,source2
            CPEC-10,Gwadar Port,port,CPEC (core),Balochistan,Gwadar,25.12163,62.32541,town centroid,deep-sea port,https://a.example,https://b.example
            CPEC-22,Karot Hydropower,energy-hydro,CPEC (Silk Road Fund),Punjab / AJK border (Jhelum River),Kahuta,33.59,73.52,approx,720 MW,https://c.example,
            CPEC-42,Dasu Hydropower,energy-hydro,NOT CPEC: WAPDA project,Khyber Pakhtunkhwa,Dasu,35.29169,73.2906,town,x,https://d.example,
            CPEC-07,Mohmand Marble City SEZ,SEZ,CPEC SEZ (agreed),Khyber Pakhtunkhwa (ex-FATA),Mohmand district,,,not geocoded,x,https://e.example,
            """
        #expect(try files.detect(data: Data(csv.utf8), fileName: "sites.csv") == .cpecReference)
        let batch = try files.parse(data: Data(csv.utf8), format: .cpecReference)
        #expect(batch.records.map(\.record.id) == ["cpec-10", "cpec-22", "cpec-42"])
        let port = batch.records[0].record
        #expect(port.kind == .port && port.criticality == 5 && port.cpecPhase == "I" && port.province == .balochistan)
        #expect(port.provenance == "https://a.example https://b.example")
        #expect(batch.records[1].record.province == .punjab)
        #expect(batch.records[1].record.notes?.contains("Province as listed: Punjab / AJK border") == true)
        #expect(batch.records[2].record.cpecPhase == "not CPEC")
        #expect(batch.rejections.count == 1)
        #expect(batch.rejections[0].line == 5)
        #expect(batch.rejections[0].reason.contains("Mohmand district"))
    }

    @Test func geoJSONImportKeepsPolygonsAndNamesBadFeatures() throws {
        let json = """
            {"type":"FeatureCollection","features":[
              {"type":"Feature","id":"gwadar-free-zone","geometry":{"type":"Polygon","coordinates":[[[62.3,25.1],[62.4,25.1],[62.4,25.2],[62.3,25.1]]]},
               "properties":{"name":"Gwadar Free Zone","kind":"sez","criticality":4,"provenance":"synthetic"}},
              {"type":"Feature","geometry":{"type":"Point","coordinates":[67.0,24.8]},"properties":{"id":"k","kind":"port","provenance":"synthetic"}},
              {"type":"Feature","geometry":{"type":"Point","coordinates":[67.0,124.8]},"properties":{"id":"z","name":"Z","provenance":"synthetic"}}
            ]}
            """
        let batch = try files.parse(data: Data(json.utf8), format: .geojson)
        #expect(batch.records.count == 1)
        let zone = batch.records[0].record
        #expect(zone.id == "gwadar-free-zone" && zone.kind == .sez && zone.province == .balochistan)
        if case .polygon = zone.geometry {} else { Issue.record("polygon not kept") }
        #expect(abs(zone.location.longitude - 62.35) < 1e-9)
        #expect(batch.rejections.map(\.line) == [2, 3])
        #expect(batch.rejections[0].column == "name")
    }

    /// A geometry that is not an object once reached a JSON write that stops the process.
    @Test func aGeometryThatIsNotAnObjectIsRejectedNotACrash() throws {
        let json = """
            {"type":"FeatureCollection","features":[
              {"type":"Feature","geometry":"AAA","properties":{"id":"a","name":"A","provenance":"x"}},
              {"type":"Feature","geometry":42,"properties":{"id":"b","name":"B","provenance":"x"}},
              {"type":"Feature","geometry":null,"properties":{"id":"c","name":"C","provenance":"x"}},
              "not a feature"
            ]}
            """
        let batch = try files.parse(data: Data(json.utf8), format: .geojson)
        #expect(batch.records.isEmpty)
        #expect(batch.rejections.map(\.line) == [1, 2, 3, 4])
        #expect(batch.rejections.prefix(2).allSatisfy { $0.reason.contains("must be a GeoJSON geometry object") })
    }

    @Test func exportsRFC7946FeatureCollectionsThatImportBack() throws {
        let sites = [Fixtures.site(), Fixtures.site(id: "karachi-port", name: "Karachi Port", at: Fixtures.karachi, province: .sindh)]
        let data = try SiteFiles.geoJSON(sites)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["type"] as? String == "FeatureCollection")
        let feature = try #require((object["features"] as? [[String: Any]])?.first)
        let geometry = try #require(feature["geometry"] as? [String: Any])
        #expect(geometry["coordinates"] as? [Double] == [62.32541, 25.12163])
        let back = try files.parse(data: data, format: .geojson)
        #expect(back.records.map(\.record) == sites)
        let csvBack = try files.parse(data: Data(SiteFiles.csv(sites).utf8), format: .csv)
        #expect(csvBack.records.map(\.record) == sites)
    }
}
