import CorridorMaritime
import Foundation
import Testing

/// The export writes typed values, and `EvidenceGeoJSON` reads back what it writes.
@Suite struct DetectionExportTests {
    static let gap = MaritimeDetection(
        kind: .aisGap, mmsi: 463_000_009, start: 1_800_000_000, end: nil, latitude: 24.7, longitude: 63.5,
        evidence: [
            TrackPoint(mmsi: 463_000_009, time: 1_800_000_000, latitude: 24.7, longitude: 63.5, speed: 5.25),
            TrackPoint(mmsi: 463_000_009, time: 1_800_025_200, latitude: 24.7, longitude: 64.3, speed: nil),
        ], details: ["gap_hours": "7.0"])

    @Test func aLineSaysAnOpenDetectionEndsNowhereAndRoundsSpeeds() throws {
        let line = DetectionExport.jsonLine(Self.gap, change: .raised)
        #expect(line.hasPrefix(#"{"change":"raised","details":{"gap_hours":"7.0"},"end":null,"evidence":[{"latitude":24.7"#))
        #expect(
            line.contains(#""speed":5.3"#) && line.components(separatedBy: "speed").count == 2, "one speed, rounded; none where unknown")
        #expect(line.contains(#""start":"2027-01-15T08:00:00Z""#))
    }

    @Test func theEvidenceReadsBackAsItWasWritten() throws {
        let text = String(decoding: DetectionExport.featureCollection([Self.gap]), as: UTF8.self)
        let feature = try #require(EvidenceGeoJSON.decode(text)?.features.first)
        #expect(feature.geometry?.type == "LineString")
        #expect(feature.geometry?.positions == [[63.5, 24.7], [64.3, 24.7]])
        #expect(feature.properties?.times == ["2027-01-15T08:00:00Z", "2027-01-15T15:00:00Z"])
        #expect(feature.properties?.evidenceMMSI == [463_000_009, 463_000_009])
        let point = MaritimeDetection(
            kind: .zoneEntry, mmsi: 1, start: 0, end: 0, latitude: 25.1, longitude: 62.4, evidence: [])
        let single = try #require(EvidenceGeoJSON.decode(String(decoding: DetectionExport.featureCollection([point]), as: UTF8.self)))
        #expect(single.features.first?.geometry?.type == "Point" && single.features.first?.geometry?.positions == [[62.4, 25.1]])
    }
}
