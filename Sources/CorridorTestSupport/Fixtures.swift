import CorridorCore
import Foundation

/// Sample records and files shared by the test targets.
public enum Fixtures {
    /// The agency of the test server's user; fixture events originate here.
    public static let agency = "test-agency"

    /// A fixed "now" for tests: 2026-06-01T00:00:00Z.
    public static let now = Date(timeIntervalSince1970: 1_780_272_000)

    public static func coordinate(_ lat: Double, _ lon: Double) -> Coordinate {
        // Test constants are in range; a typo should fail loudly rather than be clamped.
        guard let c = try? Coordinate(latitude: lat, longitude: lon) else { preconditionFailure("bad test coordinate") }
        return c
    }

    public static let gwadar = coordinate(25.12163, 62.32541)
    public static let karachi = coordinate(24.8608, 67.0104)
    public static let quetta = coordinate(30.18414, 67.00141)
    public static let lahore = coordinate(31.558, 74.35071)

    public static func site(
        id: String = "gwadar-port", name: String = "Gwadar Port", kind: Site.Kind = .port,
        at location: Coordinate = gwadar, province: Province? = .balochistan
    ) -> Site {
        Site(
            id: id, name: name, kind: kind, cpecPhase: "I", province: province, district: "Gwadar", location: location,
            foreignNationals: 40, localWorkers: 600, totalWorkers: 700, criticality: 5,
            protectionMeasures: ["perimeter fence", "cctv"], provenance: "synthetic")
    }

    public static func event(
        ref: String, daysAgo: Double = 1, domain: Domain = .terrorismInsurgency, type: String = "armed_assault",
        at location: Coordinate = gwadar, province: Province? = .balochistan, severity: Int = 3,
        siteIDs: [String] = [], source: String = "test"
    ) -> Event {
        let occurred = Date(timeIntervalSince1970: (now.timeIntervalSince1970 - daysAgo * 86_400).rounded(.down))
        return Event(
            occurredAt: occurred, timePrecision: .exact, reportedAt: occurred.addingTimeInterval(600), location: location,
            province: province, domain: domain, type: type, severity: severity, siteIDs: siteIDs, confidence: .probable,
            title: "Test event \(ref)", narrative: "Synthetic test event.", source: source, sourceRef: ref, originAgency: agency)
    }

    /// `Tests/fixtures/acled_sample.csv`: an ACLED export of nine rows (lines 2-10) where
    /// line 7 has a bad date and line 9 a latitude of 123; the other seven are valid.
    /// The CLI test imports the same file.
    public static var acledCSV: String {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Tests/fixtures/acled_sample.csv")
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { preconditionFailure("missing \(url.path)") }
        return text
    }

    /// `Tests/fixtures/ais_gwadar_sample.nmea`: synthetic tag-blocked AIS near Gwadar.
    /// MMSI 463012345 (Pakistan, "GWADAR STAR", three class A positions one minute apart and a
    /// two-part type 5), MMSI 412000001 (China, class B "HAI YANG 7": type 24 A and B and one
    /// type 18), MMSI 463099999 with position "not available", and one line with a wrong checksum.
    public static var aisSamplePath: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Tests/fixtures/ais_gwadar_sample.nmea").path
    }
}
