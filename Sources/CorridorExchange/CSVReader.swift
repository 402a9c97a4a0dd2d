import Foundation

/// An RFC 4180 CSV reader that remembers the line each record starts on, so import
/// errors can say where they are.
///
/// ```swift
/// let table = try CSVTable(text: "a,b\n1,\"x, y\"\n")
/// table.rows[0].line        // 2
/// table.rows[0]["b"]        // "x, y"
/// ```
public struct CSVTable: Sendable {
    public struct Row: Sendable {
        /// 1-based line number in the file where the record starts (the header is line 1).
        public let line: Int
        public let fields: [String]
        let index: [String: Int]

        /// The trimmed value of `column`, or nil when the column is absent or empty.
        public subscript(column: String) -> String? {
            guard let i = index[column], i < fields.count else { return nil }
            let v = fields[i].trimmingCharacters(in: .whitespaces)
            return v.isEmpty ? nil : v
        }
    }

    public let header: [String]
    public let rows: [Row]

    public init(text: String) throws(CSVError) {
        var records: [(line: Int, fields: [String])] = []
        var field = ""
        var fields: [String] = []
        var inQuotes = false
        var line = 1
        var recordLine = 1
        var afterQuote = false
        var chars = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        if let first = chars.next(), first != "\u{FEFF}" { pending = first }

        func endRecord() {
            fields.append(field)
            field = ""
            if !(fields.count == 1 && fields[0].isEmpty) { records.append((recordLine, fields)) }
            fields = []
        }

        while let c = pending ?? chars.next() {
            pending = nil
            if inQuotes {
                if c == "\"" {
                    if let next = chars.next() {
                        if next == "\"" {
                            field.unicodeScalars.append("\"")
                        } else {
                            inQuotes = false
                            afterQuote = true
                            pending = next
                        }
                    } else {
                        inQuotes = false
                    }
                } else {
                    if c == "\n" { line += 1 }
                    field.unicodeScalars.append(c)
                }
                continue
            }
            switch c {
            case ",":
                fields.append(field)
                field = ""
                afterQuote = false
            case "\r":
                continue
            case "\n":
                endRecord()
                line += 1
                recordLine = line
                afterQuote = false
            case "\"":
                if field.isEmpty && !afterQuote {
                    inQuotes = true
                } else {
                    throw .strayQuote(line: line)
                }
            default:
                if afterQuote && c != " " { throw .strayQuote(line: line) }
                field.unicodeScalars.append(c)
            }
        }
        if inQuotes { throw .unterminatedQuote(line: recordLine) }
        if !field.isEmpty || !fields.isEmpty { endRecord() }

        guard let head = records.first else { throw .empty }
        header = head.fields.map { $0.trimmingCharacters(in: .whitespaces) }
        var index: [String: Int] = [:]
        for (i, name) in header.enumerated() where index[name] == nil { index[name] = i }
        rows = records.dropFirst().map { Row(line: $0.line, fields: $0.fields, index: index) }
    }

    public func hasColumns(_ names: [String]) -> Bool {
        names.allSatisfy(header.contains)
    }
}

public enum CSVError: Error, Sendable, Equatable, CustomStringConvertible {
    case empty
    case unterminatedQuote(line: Int)
    case strayQuote(line: Int)

    public var description: String {
        switch self {
        case .empty: "the file is empty: no CSV header"
        case .unterminatedQuote(let l): "line \(l): a quoted field is never closed"
        case .strayQuote(let l): "line \(l): a quote appears inside an unquoted field"
        }
    }
}

/// Writes RFC 4180 CSV, quoting only where needed.
public enum CSVWriter {
    public static func line(_ fields: [String]) -> String {
        fields.map(escape).joined(separator: ",") + "\n"
    }

    static func escape(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
