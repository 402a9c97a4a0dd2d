import CorridorCore
import Foundation

/// Why one input record was not taken, and where it is.
public struct Rejection: Sendable, Hashable, Codable, CustomStringConvertible {
    /// 1-based line in the file (for JSON lines, the line of the object).
    public var line: Int
    /// The column or field at fault, when one is.
    public var column: String?
    public var reason: String

    public init(line: Int, column: String?, reason: String) {
        self.line = line
        self.column = column
        self.reason = reason
    }

    public var description: String {
        "line \(line)" + (column.map { ", column \($0)" } ?? "") + ": \(reason)"
    }
}

/// Something accepted but worth telling: a province that contradicts the coordinates.
public struct ImportWarning: Sendable, Hashable, Codable, CustomStringConvertible {
    public var line: Int
    public var column: String?
    public var message: String
    public init(line: Int, column: String?, message: String) {
        self.line = line
        self.column = column
        self.message = message
    }
    public var description: String {
        "line \(line)" + (column.map { ", column \($0)" } ?? "") + ": \(message)"
    }
}

/// A parsed file: the records that passed validation, each with its line, and the rest.
public struct ParsedBatch<Record: Sendable>: Sendable {
    public var records: [(line: Int, record: Record)] = []
    public var rejections: [Rejection] = []
    public var warnings: [ImportWarning] = []
    public init() {}
}

/// A whole file was not of the claimed format (as opposed to bad rows within a good file).
public struct FormatError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Reasons a field value is rejected, shared by the CSV readers.
enum FieldError: Error {
    case invalid(column: String, reason: String)
}

struct FieldReader {
    let row: CSVTable.Row

    func required(_ column: String) throws -> String {
        guard let v = row[column] else { throw FieldError.invalid(column: column, reason: "is required") }
        return v
    }

    func int(_ column: String, default value: Int? = nil, range: ClosedRange<Int>? = nil) throws -> Int? {
        guard let text = row[column] else { return value }
        guard let v = Int(text) else {
            throw FieldError.invalid(column: column, reason: "\"\(text)\" is not a whole number")
        }
        if let range, !range.contains(v) {
            throw FieldError.invalid(column: column, reason: "\(v) is outside \(range.lowerBound)-\(range.upperBound)")
        }
        return v
    }

    func coordinate(latitude: String, longitude: String) throws -> Coordinate {
        let latText = try required(latitude)
        let lonText = try required(longitude)
        guard let lat = Double(latText) else {
            throw FieldError.invalid(column: latitude, reason: "\"\(latText)\" is not a number")
        }
        guard let lon = Double(lonText) else {
            throw FieldError.invalid(column: longitude, reason: "\"\(lonText)\" is not a number")
        }
        do { return try Coordinate(latitude: lat, longitude: lon) } catch {
            switch error {
            case .latitudeOutOfRange: throw FieldError.invalid(column: latitude, reason: error.description)
            case .longitudeOutOfRange: throw FieldError.invalid(column: longitude, reason: error.description)
            }
        }
    }
}

/// Leading whole number of a free-text count such as `"3 (Dawn; APP says 2)"`; 0 when none.
func leadingCount(_ text: String?) -> Int {
    guard let text else { return 0 }
    let digits = text.trimmingCharacters(in: .whitespaces).prefix(while: \.isNumber)
    return Int(digits) ?? 0
}

/// Town coordinates to place reference records whose source gives none ("not geocoded"),
/// matched by a town name appearing in the record's place text.
public struct Gazetteer: Sendable {
    public var towns: [(name: String, location: Coordinate)]
    /// Names that stand for a whole district (placed at its seat): a match is district-level.
    public var districts: Set<String>

    public init(towns: [(name: String, location: Coordinate)] = [], districts: Set<String> = []) {
        self.towns = towns
        self.districts = districts
    }

    /// The first town whose name appears as a word in `text`.
    public func match(_ text: String?) -> (name: String, location: Coordinate)? {
        guard let text = text?.lowercased() else { return nil }
        let words = Set(text.split(whereSeparator: { !$0.isLetter }).map(String.init))
        return towns.first { words.contains($0.name.lowercased()) }
    }
}

extension FieldReader {
    /// The row's coordinates, or else a gazetteer town named in the first of `placeColumns`
    /// that names one; also returns the town and the column it came from.
    func coordinate(
        latitude: String, longitude: String, orTownIn placeColumns: [String], gazetteer: Gazetteer
    ) throws -> (Coordinate, (town: String, column: String)?) {
        if row[latitude] == nil, row[longitude] == nil {
            for column in placeColumns {
                if let town = gazetteer.match(row[column]) { return (town.location, (town.name, column)) }
            }
            let named = placeColumns.map { "\($0) \"\(row[$0] ?? "")\"" }.joined(separator: ", ")
            throw FieldError.invalid(column: latitude, reason: "no coordinates in the source and no gazetteer town in \(named)")
        }
        return (try coordinate(latitude: latitude, longitude: longitude), nil)
    }
}
