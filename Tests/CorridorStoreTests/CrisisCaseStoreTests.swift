import CorridorCoordination
import CorridorCore
import CorridorStore
import CorridorTestSupport
import Foundation
import Testing

@Suite struct CrisisCaseStoreTests {
    static func crisis(_ n: Int, at offset: TimeInterval = 0) -> CrisisCase {
        CrisisCase(
            id: String(format: "case-%04d", n), title: "Case \(n)", openedAt: Fixtures.now.addingTimeInterval(offset), eventIDs: ["e\(n)"],
            lead: "police", supporting: [], mandateRule: nil, acknowledgeWithin: 600, respondWithin: 3600, tlp: .green,
            originAgency: "police", actor: "test")
    }

    @Test(arguments: TestBackend.available)
    func aChangeLandsOnlyOnTheStateItWasMadeFrom(backend: TestBackend) async throws {
        try await TestDatabase.withStore(backend) { (store: SQLStore) async throws in
            let c = Self.crisis(1)
            try await store.save(crisisCase: c, action: "case.open", by: .system("test"))
            let first = try CaseLifecycle.note(c, "first", at: Fixtures.now, actor: "a")
            let second = try CaseLifecycle.note(c, "second", at: Fixtures.now, actor: "b")
            let alert = { (n: String) in
                AlertRecord(
                    id: "case.noted-\(n)", kind: "case.noted", createdAt: Fixtures.now, siteID: nil, tlp: .green, title: n, details: [:])
            }
            #expect(
                try await store.replace(crisisCase: first, expected: c, action: "case.note", by: .system("a"), alerts: [alert("first")]))
            // Made from the same old state: refused, nothing lost — and its alert is not stored either.
            #expect(
                try await store.replace(crisisCase: second, expected: c, action: "case.note", by: .system("b"), alerts: [alert("second")])
                    == false)
            #expect(try await store.crisisCase(id: c.id)?.timeline.last?.note == "first")
            #expect(try await store.alerts(kind: "case.noted", limit: 10).map(\.title) == ["first"])
        }
    }

    /// More cases than one page: every one is read, in opening order.
    /// Event ids from a CSV import are free text: LIKE's own characters and JSON's escapes in
    /// them neither hide a case nor match another event's.
    @Test(arguments: TestBackend.available)
    func casesAreFoundByEventWhateverTheIdHolds(backend: TestBackend) async throws {
        try await TestDatabase.withStore(backend) { (store: SQLStore) async throws in
            let ids = ["a_b", #"q%"b\c!d"#, "plain"]
            for (n, id) in ids.enumerated() {
                var c = Self.crisis(n)
                c.eventIDs = ["other-\(n)", id]
                try await store.save(crisisCase: c, action: .caseOpen, by: .system("test"))
            }
            for (n, id) in ids.enumerated() {
                #expect(try await store.crisisCases(holdingEvent: id).map(\.id) == [Self.crisis(n).id], "\(id)")
            }
            for stranger in ["axb", #"q%"b\c"#, "%", "_", "pla", ""] {
                #expect(try await store.crisisCases(holdingEvent: stranger).isEmpty, "\(stranger)")
            }
        }
    }

    @Test func allCasesAreReadPastThePageSize() async throws {
        try await TestDatabase.withStore(.sqlite) { (store: SQLStore) async throws in
            // 503 cases, several opened at the same second, so paging must order by id too.
            for n in 0..<503 {
                try await store.save(crisisCase: Self.crisis(n, at: Double(n / 3)), action: "case.open", by: .system("test"))
            }
            let all = try await store.allCrisisCases(openOnly: true)
            #expect(all.count == 503)
            #expect(Set(all.map(\.id)).count == 503)
            #expect(all.first?.id == "case-0000")
            #expect(all.last?.id == "case-0502")
        }
    }
}
