import CorridorCore
import CorridorGeo
import Foundation

/// Reads and writes events: ACLED's CSV export, UCDP GED (and Candidate) CSV, the project's
/// own CSV, JSON lines, and the layout of the public-incident reference list
/// (`data/reference/incidents_public.csv`).
public struct EventFiles: Sendable {
    public enum Format: String, Sendable, CaseIterable {
        case acled, csv, jsonl
        case ucdp = "ucdp-ged"
        case incidentsReference = "incidents-reference"
    }

    let provinces: ProvinceCheck
    /// The `reported_at` given to records whose file does not say (ACLED and reference rows).
    let now: Date
    let gazetteer: Gazetteer

    public init(locator: ProvinceLocator = .shared, now: Date = Date(), gazetteer: Gazetteer = Gazetteer()) {
        provinces = ProvinceCheck(locator: locator)
        self.now = now
        self.gazetteer = gazetteer
    }

    /// ACLED's columns, exactly as its export names them.
    public static let acledColumns = [
        "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
        "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
        "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude",
        "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
    ]
    static let acledRequired = ["event_id_cnty", "event_date", "event_type", "sub_event_type", "latitude", "longitude"]

    /// Columns of the project's own events CSV; `corridorwatch export events --format csv` writes them.
    public static let csvColumns = [
        "id", "occurred_at", "time_precision", "reported_at", "lat", "lon", "geo_precision", "province", "district",
        "place", "domain", "type", "subtype", "severity", "fatalities", "injuries", "foreign_nationals_affected",
        "site_ids", "confidence", "tlp", "title", "narrative", "source", "source_ref", "source_url",
        "reporting_agency", "origin_agency", "shared_with_agencies", "shared_with_users",
    ]
    static let referenceColumns = ["incident_id", "date", "lat", "lon", "type", "description", "source"]

    public func detect(data: Data, fileName: String) throws -> Format {
        let lower = fileName.lowercased()
        if lower.hasSuffix(".jsonl") || lower.hasSuffix(".ndjson") { return .jsonl }
        let text = String(decoding: data.prefix(8192), as: UTF8.self)
        let trimmed = text.drop(while: { $0.isWhitespace || $0 == "\u{FEFF}" })
        if trimmed.first == "{" { return .jsonl }
        let header = Set(
            trimmed.prefix(while: { $0 != "\n" }).split(separator: ",").map {
                $0.trimmingCharacters(in: CharacterSet(charactersIn: " \"\r"))
            })
        if Self.acledRequired.allSatisfy(header.contains) { return .acled }
        if Self.ucdpColumns.allSatisfy(header.contains) || Self.ucdpExtractColumns.allSatisfy(header.contains) {
            return .ucdp
        }
        if Self.referenceColumns.allSatisfy(header.contains) { return .incidentsReference }
        if ["occurred_at", "lat", "lon", "domain", "type", "severity", "title", "source", "source_ref"].allSatisfy(
            header.contains)
        {
            return .csv
        }
        throw FormatError(
            "\(fileName) is not an events file: expected JSON lines, ACLED CSV (event_id_cnty, event_date, ...), "
                + "UCDP GED CSV (id, type_of_violence, where_prec, date_start, best, ...) "
                + "or the CorridorWatch CSV (occurred_at, lat, lon, domain, type, ...)")
    }

    public func parse(data: Data, format: Format) throws -> ParsedBatch<Event> {
        guard let text = String(data: data, encoding: .utf8) else { throw FormatError("the file is not UTF-8 text") }
        switch format {
        case .jsonl: return parseJSONLines(text)
        case .acled:
            let table = try CSVTable(text: text)
            let missing = Self.acledRequired.filter { !table.header.contains($0) }
            guard missing.isEmpty else {
                throw FormatError("not an ACLED CSV: missing columns \(missing.joined(separator: ", "))")
            }
            return rows(table, map: acledEvent)
        case .csv:
            let table = try CSVTable(text: text)
            return rows(table, map: csvEvent)
        case .ucdp:
            let table = try CSVTable(text: text)
            guard table.hasColumns(Self.ucdpColumns) || table.hasColumns(Self.ucdpExtractColumns) else {
                let missing = Self.ucdpColumns.filter { !table.header.contains($0) }
                throw FormatError("not a UCDP GED CSV: missing columns \(missing.joined(separator: ", "))")
            }
            return rows(table, map: ucdpEvent)
        case .incidentsReference:
            return rows(try CSVTable(text: text), map: referenceEvent)
        }
    }

    private func rows(
        _ table: CSVTable, map: (FieldReader, inout [ImportWarning]) throws -> Event
    ) -> ParsedBatch<Event> {
        var batch = ParsedBatch<Event>()
        for row in table.rows {
            do {
                let event = try map(FieldReader(row: row), &batch.warnings)
                Self.append(event, line: row.line, to: &batch)
            } catch FieldError.invalid(let column, let reason) {
                batch.rejections.append(Rejection(line: row.line, column: column, reason: reason))
            } catch {
                batch.rejections.append(Rejection(line: row.line, column: nil, reason: "\(error)"))
            }
        }
        return batch
    }

    static func append(_ event: Event, line: Int, to batch: inout ParsedBatch<Event>) {
        if let first = event.validate().first {
            batch.rejections.append(Rejection(line: line, column: first.field, reason: first.reason))
        } else {
            batch.records.append((line, event))
        }
    }

    // MARK: ACLED

    func acledEvent(_ f: FieldReader, _ warnings: inout [ImportWarning]) throws -> Event {
        let row = f.row
        let ref = try f.required("event_id_cnty")
        let dateText = try f.required("event_date")
        guard let occurred = Self.parseACLEDDate(dateText) else {
            throw FieldError.invalid(column: "event_date", reason: "\"\(dateText)\" is not a date (YYYY-MM-DD or 15 March 2024)")
        }
        let location = try f.coordinate(latitude: "latitude", longitude: "longitude")
        let eventType = try f.required("event_type")
        let subEventType = try f.required("sub_event_type")
        guard let target = ACLEDMapping.target(eventType: eventType, subEventType: subEventType) else {
            throw FieldError.invalid(
                column: "sub_event_type", reason: "\"\(subEventType)\" (\(eventType)) has no mapping to a domain")
        }
        let fatalities = try f.int("fatalities", default: 0, range: 0...100_000) ?? 0
        let timePrecision = try f.int("time_precision", default: 1, range: 1...3) ?? 1
        let geo = try f.int("geo_precision", default: 1, range: 1...3) ?? 1
        let (province, warning) = provinces.resolve(given: row["admin1"], at: location, line: row.line, column: "admin1")
        if let warning { warnings.append(warning) }
        let place = row["location"]
        return Event(
            occurredAt: occurred, timePrecision: [1: .day, 2: .week, 3: .month][timePrecision] ?? .day, reportedAt: now,
            location: location, geoPrecision: Event.GeoPrecision(rawValue: geo) ?? .exact, province: province,
            district: row["admin2"], place: place, domain: target.domain, type: target.type,
            subtype: Slug.make(subEventType).replacingOccurrences(of: "-", with: "_"),
            severity: ACLEDMapping.severity(eventType: eventType, subtype: subEventType, fatalities: fatalities),
            fatalities: fatalities, confidence: .probable, tlp: .clear,
            title: "\(subEventType)" + (place.map { " in \($0)" } ?? ""),
            narrative: [row["notes"], row["actor1"].map { "Actor 1: \($0)" }, row["actor2"].map { "Actor 2: \($0)" }]
                .compactMap { $0 }.joined(separator: "\n"),
            source: "ACLED", sourceRef: ref, sourceURL: nil, reportingAgency: row["source"])
    }

    /// ACLED exports use `YYYY-MM-DD`; older ones `15 March 2024` or `15-March-2024`.
    static func parseACLEDDate(_ s: String) -> Date? {
        if let d = DateFormats.parseDay(s) { return d }
        let parts = s.split(whereSeparator: { $0 == " " || $0 == "-" })
        guard parts.count == 3, let day = Int(parts[0]), let year = Int(parts[2]), parts[2].count == 4 else { return nil }
        let months = [
            "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
            "november", "december",
        ]
        let name = parts[1].lowercased()
        guard let m = months.firstIndex(where: { $0 == name || $0.prefix(3) == name }) else { return nil }
        return DateFormats.parseDay(String(format: "%04d-%02d-%02d", year, m + 1, day))
    }

    // MARK: Project CSV

    func csvEvent(_ f: FieldReader, _ warnings: inout [ImportWarning]) throws -> Event {
        let row = f.row
        let occurredText = try f.required("occurred_at")
        guard let occurred = DateFormats.parse(occurredText) else {
            throw FieldError.invalid(column: "occurred_at", reason: "\"\(occurredText)\" is not an RFC 3339 time or YYYY-MM-DD")
        }
        var reported: Date? = nil
        if let text = row["reported_at"] {
            guard let d = DateFormats.parse(text) else {
                throw FieldError.invalid(column: "reported_at", reason: "\"\(text)\" is not an RFC 3339 time")
            }
            reported = d
        }
        let location = try f.coordinate(latitude: "lat", longitude: "lon")
        let domainText = try f.required("domain")
        guard let domain = Domain(rawValue: domainText) else {
            throw FieldError.invalid(column: "domain", reason: "\"\(domainText)\" is not a domain")
        }
        let (province, warning) = provinces.resolve(given: row["province"], at: location, line: row.line, column: "province")
        if let warning { warnings.append(warning) }
        func parsed<T>(_ column: String, _ make: (String) -> T?, default value: T) throws -> T {
            guard let text = row[column] else { return value }
            guard let v = make(text) else { throw FieldError.invalid(column: column, reason: "\"\(text)\" is not valid") }
            return v
        }
        return Event(
            id: row["id"], occurredAt: occurred,
            timePrecision: try parsed("time_precision", Event.TimePrecision.init(rawValue:), default: .exact),
            reportedAt: reported ?? now, location: location,
            geoPrecision: try parsed("geo_precision", { Int($0).flatMap(Event.GeoPrecision.init(rawValue:)) }, default: .exact),
            province: province, district: row["district"], place: row["place"], domain: domain,
            type: try f.required("type"), subtype: row["subtype"],
            severity: try f.int("severity", range: 1...5) ?? 0, fatalities: try f.int("fatalities", default: 0) ?? 0,
            injuries: try f.int("injuries", default: 0) ?? 0,
            foreignNationalsAffected: try f.int("foreign_nationals_affected", default: 0) ?? 0,
            siteIDs: row["site_ids"].map(SiteFiles.splitList) ?? [],
            confidence: try parsed("confidence", Event.Confidence.init(rawValue:), default: .unverified),
            tlp: try parsed("tlp", TLP.init(label:), default: .default), title: try f.required("title"),
            narrative: row["narrative"] ?? "", source: try f.required("source"), sourceRef: try f.required("source_ref"),
            sourceURL: row["source_url"], reportingAgency: row["reporting_agency"], originAgency: row["origin_agency"],
            sharedWithAgencies: row["shared_with_agencies"].map(SiteFiles.splitList) ?? [],
            sharedWithUsers: row["shared_with_users"].map(SiteFiles.splitList) ?? [])
    }

    // MARK: Public incidents reference list

    func referenceEvent(_ f: FieldReader, _ warnings: inout [ImportWarning]) throws -> Event {
        let row = f.row
        let dateText = try f.required("date")
        guard let occurred = DateFormats.parseDay(dateText) else {
            throw FieldError.invalid(column: "date", reason: "\"\(dateText)\" is not YYYY-MM-DD")
        }
        let (location, town) = try f.coordinate(
            latitude: "lat", longitude: "lon", orTownIn: ["place", "district"], gazetteer: gazetteer)
        if let town {
            warnings.append(
                ImportWarning(
                    line: row.line, column: "lat",
                    message: "no coordinates in the source; placed at \(town.town), named by column \(town.column)"))
        }
        let typeText = try f.required("type")
        let (domain, type, subtype) = Self.classify(incidentType: typeText)
        let (province, warning) = provinces.resolve(given: row["province"], at: location, line: row.line, column: "province")
        if let warning { warnings.append(warning) }
        let killed = leadingCount(row["total_killed_as_reported"])
        let foreign = leadingCount(row["chinese_killed"]) + leadingCount(row["chinese_injured"])
        var severity = ACLEDMapping.severity(eventType: "violence against civilians", subtype: "", fatalities: killed)
        if foreign > 0 || type == "suicide_attack" { severity = max(severity, 4) }
        let narrative = [
            row["description"], row["target"].map { "Target: \($0)" },
            row["claimed_by_as_reported"].map { "Claimed by (as reported): \($0)" },
            row["verification"].map { "Verification: \($0)" }, row["coord_basis"].map { "Location: \($0)" },
            town.map {
                gazetteer.districts.contains($0.town)
                    ? "Placed at \($0.town), the seat of the district (GeoNames, CC BY 4.0); district-level location."
                    : "Placed at the gazetteer town of \($0.town) (GeoNames, CC BY 4.0); approximate."
            },
            row["source2"].map { "Second source: \($0)" },
        ].compactMap { $0 }.joined(separator: "\n")
        return Event(
            occurredAt: occurred, timePrecision: .day, reportedAt: occurred, location: location,
            geoPrecision: town.map { gazetteer.districts.contains($0.town) } == true ? .region : .near,
            province: province, district: row["district"], place: row["place"], domain: domain, type: type,
            subtype: subtype, severity: severity, fatalities: killed,
            injuries: leadingCount(row["chinese_injured"]), foreignNationalsAffected: foreign,
            confidence: .confirmed, tlp: .clear, title: "\(typeText.prefix(1).uppercased() + typeText.dropFirst()) — \(row["place"] ?? "")",
            narrative: narrative, source: "public-report", sourceRef: try f.required("incident_id"),
            sourceURL: row["source"])
    }

    /// Free-text incident types of the reference list to (domain, type, subtype), by keyword.
    static func classify(incidentType text: String) -> (Domain, String, String?) {
        let t = text.lowercased()
        if t.contains("insider") { return (.crime, "insider_attack", "shooting") }
        if t.contains("kidnap") { return (.terrorismInsurgency, "kidnapping", nil) }
        if t.contains("suicide") {
            return (.terrorismInsurgency, "suicide_attack", t.contains("vbied") || t.contains("car bomb") ? "vbied" : nil)
        }
        if t.contains("ied") || t.contains("bomb") { return (.terrorismInsurgency, "ied", nil) }
        if t.contains("targeted") { return (.terrorismInsurgency, "targeted_killing", nil) }
        return (.terrorismInsurgency, "armed_assault", nil)
    }

    // MARK: JSON lines

    func parseJSONLines(_ text: String) -> ParsedBatch<Event> {
        var batch = ParsedBatch<Event>()
        let decoder = DateFormats.jsonDecoder()
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty { continue }
            do {
                let input = try decoder.decode(EventInput.self, from: Data(trimmed.utf8))
                var event = try input.event(now: now)
                let (province, warning) = provinces.resolve(
                    given: input.province, at: event.location, line: i + 1, column: "province")
                event.province = province
                if let warning { batch.warnings.append(warning) }
                Self.append(event, line: i + 1, to: &batch)
            } catch let error as DecodingError {
                let (path, reason) = describe(error)
                batch.rejections.append(Rejection(line: i + 1, column: path, reason: reason))
            } catch let problem as FieldProblem {
                batch.rejections.append(Rejection(line: i + 1, column: problem.field, reason: problem.reason))
            } catch {
                batch.rejections.append(Rejection(line: i + 1, column: nil, reason: "\(error)"))
            }
        }
        return batch
    }

    // MARK: Export

    public static func csv(_ events: [Event]) -> String {
        var out = CSVWriter.line(csvColumns)
        for e in events {
            out += CSVWriter.line([
                e.id, DateFormats.format(e.occurredAt), e.timePrecision.rawValue, DateFormats.format(e.reportedAt),
                "\(e.location.latitude)", "\(e.location.longitude)", "\(e.geoPrecision.rawValue)",
                e.province?.rawValue ?? "", e.district ?? "", e.place ?? "", e.domain.rawValue, e.type, e.subtype ?? "",
                "\(e.severity)", "\(e.fatalities)", "\(e.injuries)", "\(e.foreignNationalsAffected)",
                e.siteIDs.joined(separator: ";"), e.confidence.rawValue, e.tlp.rawValue, e.title, e.narrative, e.source,
                e.sourceRef, e.sourceURL ?? "", e.reportingAgency ?? "", e.originAgency ?? "",
                e.sharedWithAgencies.joined(separator: ";"), e.sharedWithUsers.joined(separator: ";"),
            ])
        }
        return out
    }

    public static func geoJSON(_ events: [Event]) throws -> Data {
        let encoder = DateFormats.jsonEncoder()
        var features: [[String: Any]] = []
        for e in events {
            var props = try JSONSerialization.jsonObject(with: encoder.encode(e)) as? [String: Any] ?? [:]
            props["location"] = nil
            features.append([
                "type": "Feature", "id": e.id,
                "geometry": ["type": "Point", "coordinates": [e.location.longitude, e.location.latitude]],
                "properties": props,
            ])
        }
        return try JSONSerialization.data(
            withJSONObject: ["type": "FeatureCollection", "features": features], options: [.sortedKeys, .withoutEscapingSlashes])
    }

    public static func jsonLines(_ events: [Event]) throws -> String {
        let encoder = DateFormats.jsonEncoder()
        return try events.map { String(decoding: try encoder.encode($0), as: UTF8.self) + "\n" }.joined()
    }
}
