import CorridorCore
import CorridorExchange
import CorridorGeo
import Foundation

/// The demo's data: real sites and public incidents from the bundled reference files,
/// illustrative agencies, and clearly labelled synthetic events.
public struct DemoSeed: Sendable {
    public struct Town: Sendable, Hashable {
        public let name: String
        public let location: Coordinate
    }

    public init() {}

    public static func resource(_ name: String) throws -> Data { try Data(contentsOf: resourceURL(name)) }

    public static func resourceURL(_ name: String) throws -> URL {
        let parts = name.split(separator: ".")
        guard parts.count == 2,
            let url = Bundle.module.url(forResource: String(parts[0]), withExtension: String(parts[1]), subdirectory: "Seed")
        else { throw FormatError("seed file \(name) is missing from the bundle") }
        return url
    }

    /// Synthetic AIS traffic near Gwadar (`ais_gwadar_synthetic.nmea`, from
    /// `scripts/generate_demo_ais.py`): 34 invented vessels, six hours of positions.
    public func syntheticAISPath() throws -> String { try Self.resourceURL("ais_gwadar_synthetic.nmea").path }

    /// The illustrative mandate set (`mandates_demo.json`), with deliberate, labelled gaps and an overlap.
    public func mandateFile() throws -> Data { try Self.resource("mandates_demo.json") }

    /// The 44 reference sites (`cpec_sites.csv`).
    public func sites() throws -> ParsedBatch<Site> {
        try SiteFiles(gazetteer: gazetteer()).parse(data: Self.resource("cpec_sites.csv"), format: .cpecReference)
    }

    /// The 13 public incidents (`incidents_public.csv`).
    public func publicIncidents() throws -> ParsedBatch<Event> {
        try EventFiles(gazetteer: gazetteer()).parse(data: Self.resource("incidents_public.csv"), format: .incidentsReference)
    }

    /// 6,082 real events of lethal organised violence in Pakistan, 1989–2019 (UCDP GED 22.1,
    /// CC BY 4.0; `ged221_pakistan_1989_2019.csv`): history, for risk as of a past date and
    /// for backtests. Rows located only at the country's centroid are rejected with a reason.
    public func ucdpHistory() throws -> ParsedBatch<Event> {
        try EventFiles().parse(data: Self.resource("ged221_pakistan_1989_2019.csv"), format: .ucdp)
    }

    /// The towns as a gazetteer for reference rows the source left without coordinates.
    public func gazetteer() throws -> Gazetteer {
        Gazetteer(
            towns: try towns().map { ($0.name, $0.location) } + Self.districtSeats,
            districts: Set(Self.districtSeats.map(\.name)))
    }

    /// District seats for reference rows located only by district. Alpurai (GeoNames
    /// 1482305) is the seat of Shangla, cited in pak_places_checked.csv as the nearest
    /// gazetteer town to Besham.
    static let districtSeats: [(name: String, location: Coordinate)] = [
        ("Shangla", (try? Coordinate(latitude: 34.92039, longitude: 72.63265)))
    ].compactMap { name, c in c.map { (name, $0) } }

    public func towns() throws -> [Town] {
        guard let text = String(data: try Self.resource("pak_places_checked.csv"), encoding: .utf8) else { return [] }
        return try CSVTable(text: text).rows.compactMap { row in
            guard let name = row["place"], let lat = row["lat"].flatMap(Double.init), let lon = row["lon"].flatMap(Double.init),
                let c = try? Coordinate(latitude: lat, longitude: lon)
            else { return nil }
            return Town(name: name, location: c)
        }
    }

    /// Public bodies that protect CPEC work, as demo agencies. The names are real
    /// institutions; their jurisdictions and bases here are illustrative.
    public func agencies() throws -> [Agency] {
        let towns = Dictionary(try towns().map { ($0.name, $0.location) }, uniquingKeysWith: { a, _ in a })
        func at(_ names: String...) -> [Coordinate] { names.compactMap { towns[$0] } }
        let note = "demo agency: real institution, illustrative jurisdiction and bases"
        return [
            Agency(id: "cpec-authority", name: "CPEC Authority", kind: .corridorAuthority, bases: at("Islamabad"), provenance: note),
            Agency(
                id: "ssd", name: "Special Security Division (Pakistan Army)", kind: .military,
                bases: at("Islamabad", "Gwadar", "Karachi", "Besham"), provenance: note),
            Agency(
                id: "fc-balochistan", name: "Frontier Corps Balochistan", kind: .military, jurisdiction: [.balochistan],
                bases: at("Quetta", "Gwadar"), provenance: note),
            Agency(
                id: "punjab-police", name: "Punjab Police (Special Protection Unit)", kind: .police, jurisdiction: [.punjab],
                bases: at("Lahore", "Faisalabad"), provenance: note),
            Agency(
                id: "balochistan-police", name: "Balochistan Police", kind: .police, jurisdiction: [.balochistan],
                bases: at("Quetta", "Gwadar", "Hub"), provenance: note),
            Agency(
                id: "ctd-sindh", name: "Counter Terrorism Department Sindh", kind: .counterTerrorism, jurisdiction: [.sindh],
                bases: at("Karachi"), provenance: note),
            Agency(id: "national-cert", name: "National CERT (Pakistan)", kind: .cert, bases: at("Islamabad"), provenance: note),
            Agency(
                id: "pmsa", name: "Pakistan Maritime Security Agency", kind: .maritime, jurisdiction: [.balochistan, .sindh],
                bases: at("Karachi", "Gwadar"), provenance: note),
            Agency(
                id: "gwadar-district", name: "Deputy Commissioner Gwadar (district administration)", kind: .districtAdmin,
                jurisdiction: [.balochistan], bases: at("Gwadar"), provenance: note),
        ]
    }
}
