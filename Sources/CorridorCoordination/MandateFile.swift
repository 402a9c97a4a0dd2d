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
    /// validation reports them all). Decoding is typed throughout: nothing in the input can
    /// reach a conversion that traps.
    public static func read(_ data: Data, agencies: Set<String>?) throws(Problem) -> [MandateRule] {
        let slots: [RuleSlot]
        let decoder = JSONDecoder()
        if let list = try? decoder.decode([RuleSlot].self, from: data) {
            slots = list
        } else if let document = try? decoder.decode(Document.self, from: data) {
            slots = document.rules
        } else if (try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])) == nil {
            throw Problem(rule: nil, id: nil, reason: "not JSON")
        } else {
            throw Problem(rule: nil, id: nil, reason: "expected an array of rules or an object with \"rules\" (an array)")
        }
        var rules: [MandateRule] = []
        for (i, slot) in slots.enumerated() {
            switch slot.rule {
            case .success(let rule): rules.append(rule)
            case .failure(let error): throw Problem(rule: i + 1, id: slot.id, reason: describe(error, below: slot.path))
            }
        }
        let book = MandateBook(rules: rules)
        if let first = book.validate(agencies: agencies).first, let index = rules.firstIndex(where: { $0.id == first.rule }) {
            throw Problem(rule: index + 1, id: first.rule, reason: "\(first.problem.field): \(first.problem.reason)")
        }
        return rules
    }

    /// `{"note": ..., "rules": [...]}`; other keys are ignored, but a note must be text.
    private struct Document: Decodable {
        var note: String?
        var rules: [RuleSlot]
    }

    /// One element of the rules array: the rule, or why it is not one, and its id if it has one.
    private struct RuleSlot: Decodable {
        var rule: Result<MandateRule, DecodingError>
        var id: String?
        /// Where the element sits, so problems name fields from the rule down.
        var path: Int

        private struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        init(from decoder: any Decoder) throws {
            path = decoder.codingPath.count
            id = try? decoder.container(keyedBy: Key.self).decodeIfPresent(String.self, forKey: Key(stringValue: "id"))
            do {
                rule = .success(try MandateRule(from: decoder))
            } catch let error as DecodingError {
                rule = .failure(error)
            } catch {
                rule = .failure(.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "\(error)")))
            }
        }
    }

    /// The error's message with the field path below the rule itself.
    static func describe(_ error: DecodingError, below depth: Int) -> String {
        func path(_ c: DecodingError.Context) -> String { c.codingPath.dropFirst(depth).map(\.stringValue).joined(separator: ".") }
        switch error {
        case .keyNotFound(let key, _): return "\(key.stringValue): required"
        case .dataCorrupted(let c), .typeMismatch(_, let c), .valueNotFound(_, let c):
            let field = path(c)
            return field.isEmpty ? c.debugDescription : "\(field): \(c.debugDescription)"
        @unknown default: return "\(error)"
        }
    }
}
