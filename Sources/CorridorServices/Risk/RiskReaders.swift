import CorridorAccess
import CorridorCore
import CorridorRisk
import CorridorStore

extension RiskService {
    /// Which events a reader may see inside a risk explanation: the same TLP rule as
    /// everywhere (``AccessPolicy``); the others are counted as withheld, never shown.
    ///
    /// ```swift
    /// let explanation = try await RiskService.explanation(siteID: id, in: engine, store: store, visible: RiskService.readable(by: principal))
    /// ```
    public static func readable(by reader: Principal?) -> @Sendable (RiskEngine.EventAccess) -> Bool {
        {
            AccessPolicy.canRead(
                .init(tlp: $0.tlp, originAgency: $0.originAgency, agencies: $0.sharedWithAgencies, users: $0.sharedWithUsers),
                by: reader)
        }
    }

    /// Everyone may see everything: the command line, which reads the database directly.
    public static let everything: @Sendable (RiskEngine.EventAccess) -> Bool = { _ in true }

    /// A site's explanation as a reader may see it, with the listed events as the store
    /// holds them now.
    ///
    /// The engine keeps no titles, and its copy of an event's sharing dates from its build:
    /// each listed event, and each severe incident named by id, is read again, so it shows
    /// under its current title, and one relabelled out of the reader's reach (or withdrawn)
    /// since is counted as withheld.
    public static func explanation(
        siteID: String, in engine: RiskEngine, store: any EventStore, top: Int = 10,
        visible: @escaping @Sendable (RiskEngine.EventAccess) -> Bool
    ) async throws -> RiskExplanation? {
        guard var x = engine.explain(siteID: siteID, top: top, visible: visible) else { return nil }
        /// The event as stored now, if the reader may still read it.
        func current(_ id: String) async throws -> Event? {
            guard let event = try await store.event(id: id),
                visible(
                    .init(
                        tlp: event.tlp, originAgency: event.originAgency, sharedWithAgencies: event.sharedWithAgencies,
                        sharedWithUsers: event.sharedWithUsers))
            else { return nil }
            return event
        }
        var shown: [EventContribution] = []
        for var part in x.topEvents {
            guard let event = try await current(part.eventID) else {
                x.withheldEvents += 1
                continue
            }
            part.title = event.title
            shown.append(part)
        }
        x.topEvents = shown
        // The severe incidents are named by id: the same check, so an id never outlives the right to read it.
        var severe: [String] = []
        for id in x.severeIncidents.eventIDs {
            if try await current(id) != nil { severe.append(id) } else { x.severeIncidents.withheld += 1 }
        }
        x.severeIncidents.eventIDs = severe
        return x
    }
}
