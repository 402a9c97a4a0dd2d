import CorridorCore
import CorridorServices
import CorridorStore
import CorridorTestSupport
import Foundation
import Testing

@Suite struct AlertFeedTests {
    static func alert(_ n: Int) -> AlertRecord {
        AlertRecord(
            id: "test.alert-\(n)", kind: "test.alert", createdAt: Fixtures.now, siteID: nil, tlp: .green, title: "Alert \(n)",
            details: ["n": String(n)])
    }

    /// Within one interval every stream gets the same answer without asking the database again.
    @Test func theNewestSeqIsSharedForOneInterval() async throws {
        try await TestDatabase.withStore(.sqlite) { (store: SQLStore) async throws in
            try await store.save(alerts: [Self.alert(1)])
            let shared = AlertFeed(store: store, interval: .seconds(3600))
            let answers = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<50 { group.addTask { try await shared.latestSeq() } }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(answers == Array(repeating: 1, count: 50))
            try await store.save(alerts: [Self.alert(2)])
            #expect(try await shared.latestSeq() == 1, "cached until the interval passes")
            let fresh = AlertFeed(store: store, interval: .zero)
            #expect(try await fresh.latestSeq() == 2)
        }
    }
}
