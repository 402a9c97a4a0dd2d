import CorridorAccess
import CorridorCore
import CorridorRisk
import CorridorServices
import CorridorStore
import CorridorTestSupport
import Foundation
import Testing

/// The engine keeps no labels: an explanation shows each event as the store holds it when it
/// is shown, and an event relabelled out of the reader's reach since the build is withheld,
/// in the top events and among the severe incidents alike.
@Suite struct RiskExplanationTests {
    @Test(arguments: TestBackend.available)
    func listedEventsAreReadAgainWhenShown(backend: TestBackend) async throws {
        try await TestDatabase.withStore(backend) { (store: SQLStore) async throws in
            let site = Fixtures.site()
            _ = try await store.save(site: site)
            var kept = Fixtures.event(ref: "kept", daysAgo: 2, severity: 5)
            kept.title = "Attack reported near the port"
            kept.tlp = .green
            var hidden = Fixtures.event(ref: "hidden", daysAgo: 3, severity: 5)
            hidden.title = "Second attack"
            hidden.tlp = .green
            _ = try await store.save(event: kept)
            _ = try await store.save(event: hidden)
            let engine = try await RiskService.build(store: store, configuration: .default, asOf: Fixtures.now)
            // After the build: one event is retitled, the other relabelled RED for one user.
            kept.title = "Attack confirmed near the port"
            _ = try await store.save(event: kept)
            hidden.tlp = .red
            hidden.sharedWithUsers = ["someone-else"]
            _ = try await store.save(event: hidden)
            let reader = Principal(userID: "analyst", agencyID: "other-agency", roles: [.analyst])
            let x = try #require(
                try await RiskService.explanation(siteID: site.id, in: engine, store: store, visible: RiskService.readable(by: reader)))
            #expect(x.topEvents.map(\.title) == ["Attack confirmed near the port"])
            #expect(x.withheldEvents == 1)
            #expect(x.severeIncidents.eventIDs == [kept.id])
            #expect(x.severeIncidents.withheld == 1)
            #expect(x.severeIncidents.count == 2)
        }
    }
}
