import CorridorCore
import CorridorStore
import CorridorTestSupport
import Foundation
import Testing

@testable import CorridorServer

@Suite struct AlertFeedTests {
    /// Within one interval every stream gets the same answer without asking the database again.
    @Test func theNewestSeqIsSharedForOneInterval() async throws {
        try await TestDatabase.withStore(.sqlite) { (store: SQLStore) async throws in
            try await store.save(alerts: [AlertsAPITests.alert(1, tlp: .green)])
            let shared = AlertFeed(store: store, interval: .seconds(3600))
            let answers = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<50 { group.addTask { try await shared.latestSeq() } }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(answers == Array(repeating: 1, count: 50))
            try await store.save(alerts: [AlertsAPITests.alert(2, tlp: .green)])
            #expect(try await shared.latestSeq() == 1, "cached until the interval passes")
            let fresh = AlertFeed(store: store, interval: .zero)
            #expect(try await fresh.latestSeq() == 2)
        }
    }
}
