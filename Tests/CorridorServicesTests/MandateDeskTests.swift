import CorridorCoordination
import CorridorCore
import CorridorServices
import CorridorStore
import CorridorTestSupport
import Foundation
import Testing

/// The mandate book changes only through the keeper's agency, and every change is read as a
/// mandate file is.
@Suite struct MandateDeskTests {
    static let file = Data(
        #"{"rules": [{"id": "ter-bal", "domain": "terrorism_insurgency", "province": "Balochistan", "lead": "test-agency"}]}"#.utf8)

    @Test(arguments: TestBackend.available)
    func onlyTheKeeperChangesTheBookAndEveryRuleIsCheckedAsAFile(backend: TestBackend) async throws {
        try await TestDatabase.withStore(backend) { (store: SQLStore) async throws in
            _ = try await store.save(agency: Agency(id: Fixtures.agency, name: "Test", kind: .police))
            let desk = MandateDesk(store: store, keeper: Fixtures.agency)
            let actor = AuditActor.system("test")
            await #expect(throws: MandateDesk.Refusal.notKeeper(keeper: Fixtures.agency)) {
                try await desk.replace(file: Self.file, by: actor, agency: "another-agency")
            }
            #expect(try await store.mandateRules().isEmpty)

            let change = try await desk.replace(file: Self.file, by: actor, agency: Fixtures.agency)
            #expect(change.saved.inserted == 1 && !change.analysis.gaps.isEmpty)

            struct Rule: Encodable, Sendable {
                let id: String, domain: String, lead: String
            }
            await #expect(throws: MandateDesk.Refusal.self) {
                try await desk.save(
                    rule: Rule(id: "bad", domain: "weather", lead: Fixtures.agency), id: "bad", by: actor, agency: Fixtures.agency)
            }
            let added = try await desk.save(
                rule: Rule(id: "crime", domain: "crime", lead: Fixtures.agency), id: "crime", by: actor, agency: Fixtures.agency)
            #expect(added.saved.inserted == 1)
            #expect(Set(try await store.mandateRules().map(\.id)) == ["ter-bal", "crime"])

            await #expect(throws: MandateDesk.Refusal.noRule(id: "nowhere")) {
                try await desk.remove(id: "nowhere", by: actor, agency: Fixtures.agency)
            }
            _ = try await desk.remove(id: "crime", by: actor, agency: Fixtures.agency)
            #expect(try await store.mandateRules().map(\.id) == ["ter-bal"])
            #expect(try await store.auditLog(AuditQuery(action: "mandates.import", limit: 10)).count == 3)
        }
    }
}
