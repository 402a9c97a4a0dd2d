import Foundation

/// A family of file formats for one kind of record (sites, events), with detection.
public protocol RecordFiles: Sendable {
    associatedtype Record: Sendable
    associatedtype Format: RawRepresentable & CaseIterable where Format.RawValue == String

    /// Guesses the format from the name and the first bytes; throws a ``FormatError`` when none fits.
    func detect(data: Data, fileName: String) throws -> Format
    func parse(data: Data, format: Format) throws -> ParsedBatch<Record>
}

extension RecordFiles {
    /// Parses with the named format, or with the detected one when `formatName` is nil.
    public func parse(data: Data, fileName: String, formatName: String?) throws -> ParsedBatch<Record> {
        let format: Format
        if let name = formatName {
            guard let f = Format(rawValue: name) else {
                throw FormatError("unknown format \"\(name)\" (\(Format.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            format = f
        } else {
            format = try detect(data: data, fileName: fileName)
        }
        return try parse(data: data, format: format)
    }
}

extension SiteFiles: RecordFiles {}
extension EventFiles: RecordFiles {}
