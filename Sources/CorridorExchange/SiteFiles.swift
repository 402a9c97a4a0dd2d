import CorridorCore
import CorridorGeo
import Foundation

/// Reads and writes sites: GeoJSON FeatureCollections, the project's own CSV, and the
/// layout of the CPEC reference list (`data/reference/cpec_sites.csv`).
public struct SiteFiles: Sendable {
    public enum Format: String, Sendable, CaseIterable {
        case geojson, csv
        /// The reference list's columns: site_id, name, category, cpec_status, province, ...
        case cpecReference = "cpec-reference"
    }

    let provinces: ProvinceCheck
    let gazetteer: Gazetteer

    public init(locator: ProvinceLocator = .shared, gazetteer: Gazetteer = Gazetteer()) {
        provinces = ProvinceCheck(locator: locator)
        self.gazetteer = gazetteer
    }

    /// Columns of the project's own site CSV, in order; `corridorwatch export sites` writes them.
    public static let csvColumns = [
        "id", "name", "kind", "cpec_phase", "status", "operator", "province", "district", "lat", "lon",
        "foreign_nationals", "local_workers", "total_workers", "criticality", "protection_measures", "notes",
        "provenance",
    ]
    static let referenceColumns = ["site_id", "name", "category", "province", "lat", "lon", "source"]

    /// Guesses the format from the name and the first bytes; throws when none fits.
    public func detect(data: Data, fileName: String) throws -> Format {
        let lower = fileName.lowercased()
        if lower.hasSuffix(".geojson") || lower.hasSuffix(".json") { return .geojson }
        let text = String(decoding: data.prefix(4096), as: UTF8.self)
        let trimmed = text.drop(while: { $0.isWhitespace || $0 == "\u{FEFF}" })
        if trimmed.first == "{" { return .geojson }
        let header = trimmed.prefix(while: { $0 != "\n" }).split(separator: ",").map {
            $0.trimmingCharacters(in: CharacterSet(charactersIn: " \"\r"))
        }
        if Self.referenceColumns.allSatisfy(header.contains) { return .cpecReference }
        if ["id", "name", "kind", "lat", "lon"].allSatisfy(header.contains) { return .csv }
        throw FormatError(
            "\(fileName) is not a sites file: expected GeoJSON, or CSV with columns id,name,kind,lat,lon "
                + "or site_id,name,category,province,lat,lon,source")
    }

    public func parse(data: Data, format: Format) throws -> ParsedBatch<Site> {
        switch format {
        case .geojson: return try parseGeoJSON(data)
        case .csv, .cpecReference:
            guard let text = String(data: data, encoding: .utf8) else { throw FormatError("the file is not UTF-8 text") }
            let table = try CSVTable(text: text)
            return format == .csv ? parseCSV(table) : parseReference(table)
        }
    }

    // MARK: CSV

    func parseCSV(_ table: CSVTable) -> ParsedBatch<Site> {
        var batch = ParsedBatch<Site>()
        for row in table.rows {
            let f = FieldReader(row: row)
            do {
                let location = try f.coordinate(latitude: "lat", longitude: "lon")
                let kindText = try f.required("kind")
                guard let kind = Site.Kind(rawValue: kindText) else {
                    throw FieldError.invalid(column: "kind", reason: "\"\(kindText)\" is not a site kind")
                }
                let (province, warning) = provinces.resolve(
                    given: row["province"], at: location, line: row.line, column: "province")
                if let warning { batch.warnings.append(warning) }
                let site = Site(
                    id: try f.required("id"), name: try f.required("name"), kind: kind, cpecPhase: row["cpec_phase"],
                    status: row["status"], operatorName: row["operator"], province: province, district: row["district"],
                    location: location, foreignNationals: try f.int("foreign_nationals"),
                    localWorkers: try f.int("local_workers"), totalWorkers: try f.int("total_workers"),
                    criticality: try f.int("criticality", default: 3) ?? 3,
                    protectionMeasures: row["protection_measures"].map(Self.splitList) ?? [], notes: row["notes"],
                    provenance: row["provenance"] ?? "")
                append(site, line: row.line, to: &batch)
            } catch {
                batch.rejections.append(Self.rejection(line: row.line, error))
            }
        }
        return batch
    }

    /// A row that could not become a site: by column when a field was at fault.
    static func rejection(line: Int, _ error: any Error) -> Rejection {
        if case FieldError.invalid(let column, let reason) = error { return Rejection(line: line, column: column, reason: reason) }
        return Rejection(line: line, column: nil, reason: "\(error)")
    }

    func parseReference(_ table: CSVTable) -> ParsedBatch<Site> {
        var batch = ParsedBatch<Site>()
        for row in table.rows {
            let f = FieldReader(row: row)
            do {
                let (location, town) = try f.coordinate(
                    latitude: "lat", longitude: "lon", orTownIn: ["nearest_town"], gazetteer: gazetteer)
                if let town {
                    batch.warnings.append(
                        ImportWarning(
                            line: row.line, column: "lat", message: "no coordinates in the source; placed at the town of \(town.town)"))
                }
                let category = try f.required("category")
                let status = row["cpec_status"]
                let (province, warning) = provinces.resolve(
                    given: row["province"], at: location, line: row.line, column: "province")
                if let warning { batch.warnings.append(warning) }
                let kind = Self.kind(forCategory: category)
                let notes = [
                    row["status_note"], row["nearest_town"].map { "Nearest town: \($0)" },
                    row["coord_basis"].map { "Coordinates: \($0)" },
                    town.map { "Placed at the gazetteer town of \($0.town) (GeoNames, CC BY 4.0); approximate." },
                    row["province"].flatMap { Province(normalising: $0) == nil ? "Province as listed: \($0)" : nil },
                ].compactMap { $0 }.joined(separator: "\n")
                let site = Site(
                    id: Slug.make(try f.required("site_id")), name: try f.required("name"), kind: kind,
                    cpecPhase: Self.phase(status: status, category: category), status: status,
                    province: province, location: location, criticality: Self.defaultCriticality(kind),
                    notes: notes.isEmpty ? nil : notes,
                    provenance: [row["source"], row["source2"]].compactMap { $0 }.joined(separator: " "))
                append(site, line: row.line, to: &batch)
            } catch {
                batch.rejections.append(Self.rejection(line: row.line, error))
            }
        }
        return batch
    }

    /// The reference list's `category` to a site kind (table in docs/formats.md).
    public static func kind(forCategory category: String) -> Site.Kind {
        let c = category.lowercased()
        if c == "sez" || c == "free zone" { return .sez }
        if c.hasPrefix("energy") || c == "transmission" { return .energyPlant }
        switch c {
        case "port", "logistics": return .port
        case "airport": return .airport
        case "road": return .roadSegment
        case "rail", "metro": return .railSegment
        case "industrial park": return .industrialPark
        case "tech park", "telecom": return .techPark
        case "mining": return .industrialPark
        default: return .other
        }
    }

    /// CPEC phase from the status text: SEZs and industrial cooperation are Phase II;
    /// projects the source says are not CPEC are labelled so.
    static func phase(status: String?, category: String) -> String? {
        guard let s = status?.lowercased() else { return nil }
        if s.hasPrefix("not") { return "not CPEC" }
        if category.lowercased() == "sez" || category.lowercased() == "free zone" { return "II" }
        return "I"
    }

    /// Until an assessment is entered, criticality follows the kind (docs/formats.md).
    public static func defaultCriticality(_ kind: Site.Kind) -> Int {
        switch kind {
        case .port, .energyPlant, .airport: 5
        case .sez, .industrialPark, .railSegment: 4
        case .roadSegment, .techPark, .residenceCamp: 3
        case .agriculturalProject, .office, .other: 2
        }
    }

    static func splitList(_ s: String) -> [String] {
        s.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    private func append(_ site: Site, line: Int, to batch: inout ParsedBatch<Site>) {
        let problems = site.validate()
        if let first = problems.first {
            batch.rejections.append(Rejection(line: line, column: first.field, reason: first.reason))
        } else {
            batch.records.append((line, site))
        }
    }

    // MARK: GeoJSON

    func parseGeoJSON(_ data: Data) throws -> ParsedBatch<Site> {
        let root: Any
        do { root = try JSONSerialization.jsonObject(with: data) } catch {
            throw FormatError("not valid JSON: \(error.localizedDescription)")
        }
        guard let object = root as? [String: Any], object["type"] as? String == "FeatureCollection",
            let features = object["features"] as? [Any]
        else { throw FormatError("not a GeoJSON FeatureCollection (a top-level \"features\" array is required)") }
        var batch = ParsedBatch<Site>()
        let decoder = JSONDecoder()
        for (i, item) in features.enumerated() {
            let number = i + 1
            do {
                guard let feature = item as? [String: Any], feature["geometry"] != nil else {
                    throw FieldError.invalid(column: "geometry", reason: "feature has no geometry")
                }
                // Only an object may be written back as JSON: anything else would stop the process.
                guard let geometryObject = feature["geometry"] as? [String: Any] else {
                    throw FieldError.invalid(column: "geometry", reason: "must be a GeoJSON geometry object")
                }
                let geometry = try decoder.decode(
                    Geometry.self, from: JSONSerialization.data(withJSONObject: geometryObject))
                var props = feature["properties"] as? [String: Any] ?? [:]
                if props["id"] == nil, let fid = feature["id"] { props["id"] = "\(fid)" }
                let location: Coordinate
                if case .point(let p) = geometry {
                    location = p
                } else {
                    let b = geometry.bounds
                    location = try Coordinate(
                        latitude: (b.minLatitude + b.maxLatitude) / 2, longitude: (b.minLongitude + b.maxLongitude) / 2)
                }
                props["location"] = ["lat": location.latitude, "lon": location.longitude]
                let given = props["province"] as? String
                props["province"] = nil
                if props["kind"] == nil { props["kind"] = "other" }
                if props["criticality"] == nil { props["criticality"] = 3 }
                if props["protection_measures"] == nil { props["protection_measures"] = [String]() }
                if props["provenance"] == nil { props["provenance"] = "" }
                var site = try decoder.decode(Site.self, from: JSONSerialization.data(withJSONObject: props))
                if case .point = geometry {} else { site.geometry = geometry }
                let (province, warning) = provinces.resolve(
                    given: given, at: location, line: number, column: "properties.province")
                site.province = province
                if let warning { batch.warnings.append(warning) }
                append(site, line: number, to: &batch)
            } catch FieldError.invalid(let column, let reason) {
                batch.rejections.append(Rejection(line: number, column: column, reason: "feature \(number): \(reason)"))
            } catch let error as DecodingError {
                let (path, reason) = describe(error)
                batch.rejections.append(Rejection(line: number, column: path, reason: "feature \(number): \(reason)"))
            } catch {
                batch.rejections.append(Rejection(line: number, column: nil, reason: "feature \(number): \(error)"))
            }
        }
        return batch
    }

    // MARK: Export

    public static func geoJSON(_ sites: [Site]) throws -> Data {
        var features: [[String: Any]] = []
        let encoder = DateFormats.jsonEncoder()
        for site in sites {
            var props = try JSONSerialization.jsonObject(with: encoder.encode(site)) as? [String: Any] ?? [:]
            props["location"] = nil
            let geometry = site.geometry ?? .point(site.location)
            features.append([
                "type": "Feature", "id": site.id,
                "geometry": try JSONSerialization.jsonObject(with: encoder.encode(geometry)),
                "properties": props,
            ])
        }
        return try JSONSerialization.data(
            withJSONObject: ["type": "FeatureCollection", "features": features], options: [.sortedKeys, .withoutEscapingSlashes])
    }

    public static func csv(_ sites: [Site]) -> String {
        var out = CSVWriter.line(csvColumns)
        for s in sites {
            out += CSVWriter.line([
                s.id, s.name, s.kind.rawValue, s.cpecPhase ?? "", s.status ?? "", s.operatorName ?? "",
                s.province?.rawValue ?? "", s.district ?? "", "\(s.location.latitude)", "\(s.location.longitude)",
                s.foreignNationals.map(String.init) ?? "", s.localWorkers.map(String.init) ?? "",
                s.totalWorkers.map(String.init) ?? "", "\(s.criticality)", s.protectionMeasures.joined(separator: ";"),
                s.notes ?? "", s.provenance,
            ])
        }
        return out
    }
}

/// A decoding error as (field path, reason), for rejections that name the field.
func describe(_ error: DecodingError) -> (String?, String) {
    func path(_ ctx: DecodingError.Context) -> String? {
        let p = ctx.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        return p.isEmpty ? nil : p
    }
    switch error {
    case .keyNotFound(let key, let ctx):
        let base = path(ctx)
        return (base.map { "\($0).\(key.stringValue)" } ?? key.stringValue, "is required")
    case .typeMismatch(let type, let ctx): return (path(ctx), "expected \(type)")
    case .valueNotFound(let type, let ctx): return (path(ctx), "expected \(type), found null")
    case .dataCorrupted(let ctx): return (path(ctx), ctx.debugDescription)
    @unknown default: return (nil, "\(error)")
    }
}
