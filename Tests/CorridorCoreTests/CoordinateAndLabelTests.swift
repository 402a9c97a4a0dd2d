import CorridorCore
import Foundation
import Testing

@Suite struct CoordinateTests {
    @Test func acceptsTheEdgesOfTheGlobe() throws {
        let c = try Coordinate(latitude: -90, longitude: 180)
        #expect(c.latitude == -90)
        #expect(c.longitude == 180)
    }

    @Test func rejectsLatitudeOutOfRangeNamingTheValue() {
        #expect(throws: CoordinateError.latitudeOutOfRange(123)) { try Coordinate(latitude: 123, longitude: 62) }
        #expect(throws: CoordinateError.longitudeOutOfRange(-181)) { try Coordinate(latitude: 10, longitude: -181) }
        #expect(throws: CoordinateError.self) {
            try Coordinate(latitude: .nan, longitude: 0)
        }
    }

    @Test func decodesAsLatLonAndRejectsOutOfRange() throws {
        let c = try JSONDecoder().decode(Coordinate.self, from: Data(#"{"lat":25.1,"lon":62.3}"#.utf8))
        #expect(c.latitude == 25.1)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(Coordinate.self, from: Data(#"{"lat":95,"lon":62.3}"#.utf8))
        }
    }
}

@Suite struct ProvinceTests {
    @Test(arguments: [
        ("Baluchistan", Province.balochistan), ("K.P.", .khyberPakhtunkhwa), ("F.A.T.A.", .khyberPakhtunkhwa),
        ("Sind", .sindh), ("F.C.T.", .islamabad), ("Northern Areas", .gilgitBaltistan), ("Azad Kashmir", .azadKashmir),
        ("punjab", .punjab), ("KPK", .khyberPakhtunkhwa), ("Gilgit-Baltistan", .gilgitBaltistan),
    ])
    func normalisesNaturalEarthAndCommonNames(text: String, expected: Province) {
        #expect(Province(normalising: text) == expected)
    }

    @Test func picksTheFirstProvinceOfAMultiProvinceText() {
        #expect(Province.firstMentioned(in: "Punjab / AJK border (Jhelum River)") == .punjab)
        #expect(Province.firstMentioned(in: "Khyber Pakhtunkhwa (ex-FATA)") == .khyberPakhtunkhwa)
        #expect(Province.firstMentioned(in: "Gilgit-Baltistan / KP / Punjab / ICT") == .gilgitBaltistan)
        #expect(Province.firstMentioned(in: "Xinjiang") == nil)
    }
}

@Suite struct TLPTests {
    @Test func parsesLabelsWithPrefixAndLegacyWhite() {
        #expect(TLP(label: "TLP:AMBER+STRICT") == .amberStrict)
        #expect(TLP(label: "white") == .clear)
        #expect(TLP(label: "green") == .green)
        #expect(TLP(label: "PINK") == nil)
    }

    @Test func ordersByRestriction() {
        #expect(TLP.clear < .green)
        #expect(TLP.amber < .amberStrict)
        #expect(TLP.amberStrict < .red)
        #expect(TLP.default == .amber)
    }
}

@Suite struct IdentifierTests {
    @Test func slugsAreLowercaseAsciiWithDashes() {
        #expect(Slug.make("Gwadar Port") == "gwadar-port")
        #expect(Slug.make("CPEC-01") == "cpec-01")
        #expect(Slug.make("  Allama Iqbal (M-3), Faisalabad ") == "allama-iqbal-m-3-faisalabad")
        #expect(Slug.isValid("cpec-01"))
        #expect(!Slug.isValid("Has Space"))
        #expect(!Slug.isValid(""))
    }

    @Test func eventIDsDeriveFromTheDeduplicationKey() {
        let a = Event.stableID(source: "ACLED", sourceRef: "PAK1001")
        #expect(a == Event.stableID(source: "ACLED", sourceRef: "PAK1001"))
        #expect(a != Event.stableID(source: "ACLED", sourceRef: "PAK1002"))
        #expect(a.hasPrefix("ev-") && a.count == 19)
        // FNV-1a 64 of the empty string is its offset basis.
        #expect(StableHash.hex("") == "cbf29ce484222325")
    }
}

@Suite struct DateFormatTests {
    @Test func parsesDaysAndTimestamps() throws {
        let day = try #require(DateFormats.parse("2024-03-20"))
        #expect(day.timeIntervalSince1970 == 1_710_892_800)
        let t = try #require(DateFormats.parse("2024-03-20T10:30:00Z"))
        #expect(t.timeIntervalSince1970 == 1_710_930_600)
        let offset = try #require(DateFormats.parse("2024-03-20T15:30:00+05:00"))
        #expect(offset == t)
        #expect(DateFormats.format(t) == "2024-03-20T10:30:00Z")
    }

    @Test func rejectsImpossibleDates() {
        #expect(DateFormats.parse("2024-02-30") == nil)
        #expect(DateFormats.parse("2024-13-45") == nil)
        #expect(DateFormats.parse("yesterday") == nil)
    }
}
