import CorridorCore
import Foundation

/// A mandate file: `{"note": "...", "rules": [rule, ...]}` or a bare array of rules, in JSON
/// (docs/formats.md#mandates). Problems name the rule by number and id.
public enum MandateFile {
    public struct Problem: Error, CustomStringConvertible, Equatable {
        /// 1-based rule number, nil for the file as a whole.
        public var rule: Int?
        public var id: String?
        public var reason: String

        public var description: String {
            guard let rule else { return reason }
            return "rule \(rule)\(id.map { " (\($0))" } ?? ""): \(reason)"
        }
    }

    /// The rules, or every problem found (decoding stops at the first undecodable rule;
    /// validation reports them all).
    public static func read(_ data: Data, agencies: Set<String>?) throws(Problem) -> [MandateRule] {
        let json: Any
        do { json = try JSONSerialization.jsonObject(with: data) } catch {
            throw Problem(rule: nil, id: nil, reason: "not JSON: \(error.localizedDescription)")
        }
        let items: [Any]
        if let array = json as? [Any] {
            items = array
        } else if let object = json as? [String: Any], let rules = object["rules"] as? [Any] {
            items = rules
        } else {
            throw Problem(rule: nil, id: nil, reason: "expected an array of rules or an object with \"rules\"")
        }
        var rules: [MandateRule] = []
        for (i, item) in items.enumerated() {
            let id = (item as? [String: Any])?["id"] as? String
            do {
                let data = try JSONSerialization.data(withJSONObject: item)
                rules.append(try JSONDecoder().decode(MandateRule.self, from: data))
            } catch let error as DecodingError {
                throw Problem(rule: i + 1, id: id, reason: describe(error))
            } catch {
                throw Problem(rule: i + 1, id: id, reason: "\(error)")
            }
        }
        let book = MandateBook(rules: rules)
        if let first = book.validate(agencies: agencies).first, let index = rules.firstIndex(where: { $0.id == first.rule }) {
            throw Problem(rule: index + 1, id: first.rule, reason: "\(first.problem.field): \(first.problem.reason)")
        }
        return rules
    }

    static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, _): return "\(key.stringValue): required"
        case .dataCorrupted(let c): return "\(c.codingPath.map(\.stringValue).joined(separator: ".")): \(c.debugDescription)"
        case .typeMismatch(_, let c), .valueNotFound(_, let c):
            return "\(c.codingPath.map(\.stringValue).joined(separator: ".")): \(c.debugDescription)"
        @unknown default: return "\(error)"
        }
    }
}
