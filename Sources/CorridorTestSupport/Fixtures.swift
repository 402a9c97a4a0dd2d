import CorridorCore
import Foundation

/// Sample records and files shared by the test targets.
public enum Fixtures {
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
            title: "Test event \(ref)", narrative: "Synthetic test event.", source: source, sourceRef: ref)
    }

    /// An ACLED export of nine rows (lines 2-10) where line 7 has a bad date and line 9 a
    /// latitude of 123; the other seven are valid.
    public static let acledCSV = """
        event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,tags,timestamp
        PAK1001,2024-03-20,2024,1,Political violence,Battles,Armed clash,BLA: Balochistan Liberation Army,,2,Military Forces of Pakistan (2018-),,1,12,,586,Caspian,Pakistan,Balochistan,Gwadar,,Gwadar,25.1216,62.3254,1,Dawn,National,"Militants attacked the Gwadar Port Authority complex; 2 soldiers and 8 attackers killed.",10,,1711000000
        PAK1002,2024-03-26,2024,1,Political violence,Explosions/Remote violence,Suicide bomb,Unidentified Armed Group (Pakistan),,3,Civilians (China),,7,37,Civilian targeting,586,Caspian,Pakistan,Khyber Pakhtunkhwa,Shangla,,Besham,34.92039,72.63265,2,The Nation,National,"Suicide VBIED rammed a convoy of Chinese engineers.",6,,1711500000
        PAK1003,2024-05-02,2024,1,Demonstrations,Protests,Peaceful protest,Protesters (Pakistan),,6,,,0,60,,586,Caspian,Pakistan,Punjab,Faisalabad,,Faisalabad,31.4155,73.0897,1,Dawn,National,Farmers protested over land acquisition for an industrial zone.,0,crowd size=around 200,1714700000
        PAK1004,2024-06-11,2024,2,Political violence,Riots,Mob violence,Rioters (Pakistan),,5,,,0,50,,586,Caspian,Pakistan,Sindh,Karachi,,Karachi,24.8608,67.0104,1,Express Tribune,National,Mob damaged vehicles after a dispute over jobs at a power plant.,0,,1718100000
        PAK1005,2024-07-08,2024,3,Strategic developments,Strategic developments,Agreement,Government of Pakistan (2018-),,1,,,0,10,,586,Caspian,Pakistan,Islamabad Capital Territory,Islamabad,,Islamabad,33.7215,73.0433,3,APP,National,Security agreement signed.,0,,1720400000
        PAK1006,2024-13-45,2024,1,Political violence,Violence against civilians,Attack,Unidentified Armed Group (Pakistan),,3,Civilians (Pakistan),,7,37,Civilian targeting,586,Caspian,Pakistan,Balochistan,Quetta,,Quetta,30.1841,67.0014,1,Dawn,National,Bad date row.,1,,1720500000
        PAK1007,2024-08-14,2024,1,Political violence,Violence against civilians,Abduction/forced disappearance,Unidentified Armed Group (Pakistan),,3,Civilians (Pakistan),,7,37,Civilian targeting,586,Caspian,Pakistan,Balochistan,Kech,,Turbat,26.0023,63.0440,2,Dawn,National,Two workers of a road project abducted.,0,,1723600000
        PAK1008,2024-09-01,2024,1,Political violence,Explosions/Remote violence,Remote explosive/landmine/IED,Unidentified Armed Group (Pakistan),,3,,,0,30,,586,Caspian,Pakistan,Balochistan,Kech,,Turbat,123,63.0440,1,Dawn,National,Bad latitude row.,0,,1725100000
        PAK1009,2024-10-06,2024,1,Political violence,Explosions/Remote violence,Suicide bomb,BLA: Balochistan Liberation Army,,2,Civilians (China),,7,27,Civilian targeting,586,Caspian,Pakistan,Punjab,Karachi,,Karachi Airport,24.9065,67.1608,1,Dawn,National,"Suicide VBIED near Karachi airport hit a convoy; ""two Chinese"" killed.",3,,1728200000

        """
}
