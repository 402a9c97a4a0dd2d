import CorridorAlerts
import CorridorCoordination
import CorridorCore
import CorridorStore
import CorridorTestSupport
import Foundation
import Testing

@Suite struct AlertDeliveryStoreTests {
    static func alert(_ n: Int, tlp: TLP = .green) -> AlertRecord {
        AlertRecord(
            id: "test.alert-\(n)", kind: "test.alert", createdAt: Fixtures.now, siteID: nil, tlp: tlp, title: "Alert \(n)",
            details: [:], originAgency: "police", sharedWithAgencies: ["cert"])
    }

    @Test(arguments: TestBackend.available)
    func alertsAreNumberedInOrderAndReadAfterASeq(backend: TestBackend) async throws {
        try await TestDatabase.withStore(backend) { (store: SQLStore) async throws in
            #expect(try await store.latestAlertSeq() == 0)
            let stored = try await store.save(alerts: (1...5).map { Self.alert($0) })
            #expect(stored.map(\.seq) == [1, 2, 3, 4, 5])
            // Already stored: skipped without using a number.
            let again = try await store.save(alerts: [Self.alert(2), Self.alert(6)])
            #expect(again.map(\.id) == ["test.alert-6"])
            #expect(again.map(\.seq) == [6])
            #expect(try await store.alerts(afterSeq: 3, limit: 10).map(\.seq) == [4, 5, 6])
            #expect(try await store.alerts(afterSeq: 0, limit: 2).map(\.id) == ["test.alert-1", "test.alert-2"])
            let read = try #require(try await store.alert(id: "test.alert-4"))
            #expect(read.seq == 4)
            #expect(read.sharedWithAgencies == ["cert"])
            #expect(read.originAgency == "police")
            #expect(try await store.latestAlertSeq() == 6)
            try await store.save(alerts: [Self.alert(7, tlp: .clear)])
            #expect(try await store.alerts(tlp: .clear, limit: 10).map(\.id) == ["test.alert-7"])
        }
    }

    /// Many writers at once (several connections on PostgreSQL): a reader that keeps asking
    /// "after my cursor" must see an unbroken run of numbers, never a gap filled in later.
    @Test(arguments: TestBackend.available)
    func concurrentWritersNeverLetAReaderSkipAnAlert(backend: TestBackend) async throws {
        try await TestDatabase.withStore(backend) { (store: SQLStore) async throws in
            let writers = 6
            let perWriter = 10
            let seen = try await withThrowingTaskGroup(of: [Int].self) { group in
                for w in 0..<writers {
                    group.addTask {
                        for i in 0..<perWriter { try await store.save(alerts: [Self.alert(w * 100 + i)]) }
                        return []
                    }
                }
                group.addTask {
                    var cursor = 0
                    var seen: [Int] = []
                    for _ in 0..<100_000 where cursor < writers * perWriter {
                        for a in try await store.alerts(afterSeq: cursor, limit: 1000) {
                            seen.append(a.seq ?? -1)
                            cursor = a.seq ?? cursor
                        }
                        await Task.yield()
                    }
                    return seen
                }
                var all: [Int] = []
                for try await part in group { all += part }
                return all
            }
            #expect(seen == Array(1...(writers * perWriter)))
        }
    }

    @Test(arguments: TestBackend.available)
    func webhookCursorMovesOnceAndDeliveriesAreClaimedOnce(backend: TestBackend) async throws {
        try await TestDatabase.withStore(backend) { (store: SQLStore) async throws in
            try await store.save(alerts: [Self.alert(1)])
            let hook = try await store.save(
                webhook: Webhook(id: "wh-1", agencyID: "cert", url: "http://127.0.0.1:9/h", secret: "s", createdAt: Fixtures.now),
                by: .system("test"))
            #expect(hook.cursor == 1) // starts at the newest alert
            let new = try await store.save(alerts: [Self.alert(2), Self.alert(3)])
            #expect(try await store.queueDeliveries(webhookID: "wh-1", cursor: 1, newCursor: 3, alerts: new, at: Fixtures.now))
            // A second server that scanned the same alerts loses the race and queues nothing.
            #expect(try await store.queueDeliveries(webhookID: "wh-1", cursor: 1, newCursor: 3, alerts: new, at: Fixtures.now) == false)
            #expect(try await store.webhooks().first?.cursor == 3)

            let claimed = try await store.claimDeliveries(now: Fixtures.now, lease: 60, limit: 10)
            #expect(claimed.map(\.alertSeq) == [2, 3])
            #expect(claimed.map(\.attempts) == [1, 1])
            #expect(try await store.claimDeliveries(now: Fixtures.now.addingTimeInterval(30), lease: 60, limit: 10).isEmpty)

            var delivered = claimed[0]
            delivered.status = .delivered
            delivered.deliveredAt = Fixtures.now
            try await store.finish(delivery: delivered)
            var dead = claimed[1]
            dead.status = .dead
            dead.lastError = "HTTP 500"
            try await store.finish(delivery: dead)
            #expect(try await store.deliveries(status: .dead, limit: 10).map(\.id) == ["wh-1-3"])
            #expect(try await store.deliveries(status: .delivered, limit: 10).first?.deliveredAt == Fixtures.now)

            // An administrator retries the dead letter: pending again, attempts reset.
            #expect(try await store.retryDelivery(id: "wh-1-3", at: Fixtures.now, by: .system("test")))
            #expect(try await store.retryDelivery(id: "wh-1-2", at: Fixtures.now, by: .system("test")) == false)
            let again = try await store.claimDeliveries(now: Fixtures.now.addingTimeInterval(120), lease: 60, limit: 10)
            #expect(again.map(\.id) == ["wh-1-3"])
            #expect(again.first?.attempts == 1)
            #expect(try await store.deleteWebhook(id: "wh-1", by: .system("test")))
            #expect(try await store.webhooks().isEmpty)
        }
    }

    @Test(arguments: TestBackend.available)
    func playbooksAreReplacedAsAWhole(backend: TestBackend) async throws {
        try await TestDatabase.withStore(backend) { (store: SQLStore) async throws in
            #expect(try await store.playbooks().isEmpty)
            let one = [TaskTemplate(title: "Call the district office", assignee: "lead", dueWithin: 600)]
            try await store.save(playbooks: ["riot": one, "kidnapping": one], by: .system("test"))
            try await store.save(playbooks: ["riot": one], by: .system("test"))
            #expect(try await store.playbooks() == ["riot": one])
        }
    }
}
