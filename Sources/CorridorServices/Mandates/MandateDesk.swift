import CorridorCoordination
import CorridorCore
import CorridorStore
import Foundation

/// Editing the national mandate book, the same from the API and the mandates page.
///
/// The book decides who leads and supports, and so who reads, every future case: only the
/// keeper's agency (the corridor authority) changes it (S4). Every change is read exactly as
/// a mandate file is (`MandateFile`), so a refusal names the rule and field, and is audited.
///
/// ```swift
/// let desk = MandateDesk(store: store, keeper: "cpec-authority")
/// let change = try await desk.replace(file: data, by: actor, agency: principal.agencyID)
/// ```
public struct MandateDesk: Sendable {
    /// Why a change was not made.
    public enum Refusal: Error, Equatable, CustomStringConvertible {
        /// The caller's agency does not keep the book.
        case notKeeper(keeper: String)
        /// The rules break the mandate file's rules; `rule` is 1-based when one rule is at fault.
        case invalid(MandateFile.Problem)
        case noRule(id: String)

        public var description: String {
            switch self {
            case .notKeeper(let keeper): "the national mandate book is kept by \(keeper); ask them to change it"
            case .invalid(let problem): problem.description
            case .noRule(let id): "no rule \(id)"
            }
        }
    }

    /// What a change did, and the book's gaps and overlaps after it.
    public struct Change: Sendable {
        public var saved: MandateImport
        public var analysis: MandateBook.Analysis
    }

    let store: any MandateStore & AgencyStore
    /// The agency that keeps the book.
    public let keeper: String

    public init(store: any MandateStore & AgencyStore, keeper: String) {
        self.store = store
        self.keeper = keeper
    }

    /// Replaces the whole book with a mandate file's rules.
    public func replace(file: Data, by actor: AuditActor, agency: String?) async throws -> Change {
        try requireKeeper(agency)
        return try await save(try read(file), by: actor)
    }

    /// Adds `rule` (in the mandate file's shape), or replaces the stored rule with its id.
    public func save<Rule: Encodable & Sendable>(rule: Rule, id: String, by actor: AuditActor, agency: String?) async throws -> Change {
        try requireKeeper(agency)
        let others = try await store.mandateRules().filter { $0.id != id }
        return try await save(try read(try JSONEncoder().encode(Book(existing: others, added: rule))), by: actor)
    }

    /// Removes the rule with `id`.
    public func remove(id: String, by actor: AuditActor, agency: String?) async throws -> Change {
        try requireKeeper(agency)
        let rules = try await store.mandateRules()
        guard rules.contains(where: { $0.id == id }) else { throw Refusal.noRule(id: id) }
        return try await save(rules.filter { $0.id != id }, by: actor)
    }

    private func requireKeeper(_ agency: String?) throws {
        guard agency == keeper else { throw Refusal.notKeeper(keeper: keeper) }
    }

    private func read(_ file: Data) async throws -> [MandateRule] {
        do { return try MandateFile.read(file, agencies: Set(try await store.agencies().map(\.id))) } catch let problem
            as MandateFile.Problem
        {
            throw Refusal.invalid(problem)
        }
    }

    private func save(_ rules: [MandateRule], by actor: AuditActor) async throws -> Change {
        let saved = try await store.save(mandateRules: rules, replacing: true, by: actor)
        return Change(saved: saved, analysis: MandateBook(rules: rules).analyse())
    }

    /// `{"rules": [the stored rules but the edited one..., the new rule]}`: a mandate file.
    private struct Book<Rule: Encodable>: Encodable {
        var existing: [MandateRule]
        var added: Rule
        enum CodingKeys: String, CodingKey { case rules }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            var rules = c.nestedUnkeyedContainer(forKey: .rules)
            for r in existing { try rules.encode(r) }
            try rules.encode(added)
        }
    }
}
