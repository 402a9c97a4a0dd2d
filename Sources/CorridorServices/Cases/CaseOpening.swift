import CorridorCoordination
import CorridorCore
import CorridorStore
import Foundation

/// Opening a crisis case for events, the same from the API, the web and the case desk.
public enum CaseOpening {
    /// A case needs at least one event: its first event chooses the mandate rule.
    public struct NoEvents: Error, CustomStringConvertible {
        public var description: String { "a case is opened for at least one event" }
    }

    /// A new case for these events: the lead, supporting agencies and deadlines of the mandate
    /// rule for the first event (its domain, type, province and the kind of its first site);
    /// a gap or an overlap leaves the lead empty and uses the default deadlines (15 min, 2 h).
    public static func open(
        for events: [Event], title: String?, tlp: TLP?, store: any CorridorStore, at time: Date, actor: String, agency: String?
    ) async throws -> CrisisCase {
        guard let first = events.first else { throw NoEvents() }
        let siteKind = try await first.siteIDs.first.asyncMap { try await store.site(id: $0)?.kind } ?? nil
        let book = MandateBook(rules: try await store.mandateRules())
        let resolution = book.resolve(domain: first.domain, type: first.type, province: first.province, siteKind: siteKind)
        let rule = resolution.rule
        let strictest = events.map(\.tlp).max() ?? .amber
        let readers = Set([agency].compactMap { $0 } + [rule?.lead].compactMap { $0 } + (rule?.supporting ?? []))
        var opened = CrisisCase(
            id: "case-" + UUID().uuidString.lowercased().prefix(12), title: title ?? Self.title(for: first, readers: readers),
            openedAt: time,
            eventIDs: events.map(\.id),
            lead: rule?.lead, supporting: rule?.supporting ?? [], mandateRule: rule?.id, acknowledgeWithin: rule?.acknowledgeWithin ?? 900,
            respondWithin: rule?.respondWithin ?? 7200, tlp: max(strictest, tlp ?? strictest), originAgency: agency, actor: actor)
        opened.titleFromEvent = title == nil
        return opened
    }

    /// Every agency that reads the case: the one that opened it, its lead and its supporting agencies.
    public static func readers(of c: CrisisCase) -> Set<String> {
        Set([c.originAgency, c.lead].compactMap { $0 } + c.supporting)
    }

    /// The event's title when every agency that will read the case may read the event; otherwise
    /// a title of facts the case's readers hold anyway (type, province, day), so a case shared
    /// with a mandate's lead and supporting agencies never carries an AMBER or RED title to an
    /// agency the event was not shared with.
    public static func title(for event: Event, readers: Set<String>) -> String {
        if event.tlp != .red, readers.allSatisfy({ event.isReadable(byAgency: $0) }) { return event.title }
        let acronyms = ["ied": "IED", "ddos": "DDoS", "ais": "AIS"]
        let words = event.type.split(separator: "_").map { acronyms[String($0)] ?? String($0) }.joined(separator: " ")
        return "\(words.prefix(1).uppercased() + words.dropFirst()) in \(event.province?.rawValue ?? "an unknown province"), "
            + "\(DateFormats.formatDay(event.occurredAt)) (title withheld: \(event.tlp.rawValue) event)"
    }

}

extension Optional {
    /// `map` with an async transform: `first.asyncMap { try await store.site(id: $0) }`.
    public func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
