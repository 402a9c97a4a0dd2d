import CorridorCore
import CorridorStore
import CorridorTestSupport
import Foundation
import SQLKit
import Testing

/// The storage contract: every test runs on SQLite and, in CI, on PostgreSQL.
@Suite struct StoreContractTests {
    @Test(arguments: TestBackend.available)
    func migrationsAreVersionedAndIdempotent(backend: TestBackend) async throws {
        try await TestDatabase.withStore(backend, migrate: false) { (store: SQLStore) async throws in
            let known = MigrationRegistry.corridor.entries.count
            #expect(known == 12)
            #expect(try await store.schemaVersion() == 0)
            await #expect(throws: StoreError.schemaBehind(database: 0, known: known)) { try await store.verifySchema() }
            #expect(try await store.migrate() == Array(1...known))
            #expect(try await store.migrate() == [])
            #expect(try await store.schemaVersion() == known)
            try await store.verifySchema()
        }
    }

    /// Alerts stored before version 9 get their delivery order from their time, then id.
    @Test(arguments: TestBackend.available)
    func migrationNineNumbersExistingAlerts(backend: TestBackend) async throws {
        try await TestDatabase.withStore(backend, migrate: false) { (store: SQLStore) async throws in
            #expect(try await store.migrate(through: 8) == [1, 2, 3, 4, 5, 6, 7, 8])
            try await store.withSQL { db in
                for (id, at) in [("b", 200), ("a", 200), ("c", 100)] {
                    let body = #"{"id":"\#(id)","kind":"k","created_at":"2026-05-01T00:00:00Z","tlp":"GREEN","title":"t","details":{}}"#
                    try await db.raw(
                        "INSERT INTO alerts (id, kind, created_at, site_id, body) VALUES (\(bind: id), 'k', \(bind: at), NULL, \(bind: body))"
                    ).run()
                }
            }
            #expect(try await store.migrate(through: 9) == [9])
            #expect(try await store.alerts(afterSeq: 0, limit: 10).map(\.id) == ["c", "a", "b"])
            #expect(try await store.alerts(tlp: .green, limit: 10).map(\.id) == ["b", "a", "c"])
            #expect(
                try await store.save(alerts: [
                    AlertRecord(id: "d", kind: "k", createdAt: Fixtures.now, siteID: nil, tlp: .green, title: "t", details: [:])
                ]).first?.seq == 4)
        }
    }

    @Test(arguments: TestBackend.available)
    func aNewerSchemaIsRefused(backend: TestBackend) async throws {
        try await TestDatabase.withStore(backend) { (store: SQLStore) async throws in
            // A migration a newer build (or a capability this build lacks) applied.
            try await store.withSQL { db in
                try await db.raw(
                    """
                    INSERT INTO schema_migrations_applied (module, name, position, applied_at)
                      VALUES ('cyber', 'from-the-future', 13, '2030-01-01T00:00:00Z')
                    """
                ).run()
            }
            await #expect(throws: StoreError.schemaTooNew(database: 13, known: 12)) { try await store.verifySchema() }
            await #expect(throws: StoreError.schemaTooNew(database: 13, known: 12)) { try await store.migrate() }
            #expect(StoreError.schemaTooNew(database: 13, known: 12).description.contains("upgrade corridorwatch"))
        }
    }

    @Test(arguments: TestBackend.available)
    func sitesSaveOnceAndReportChanges(backend: TestBackend) async throws {
        try await TestDatabase.withStore(backend) { (store: SQLStore) async throws in
            var site = Fixtures.site()
            #expect(try await store.save(site: site) == .inserted)
            #expect(try await store.save(site: site) == .unchanged)
            site.criticality = 4
            site.protectionMeasures.append("armed guards")
            #expect(try await store.save(site: site) == .updated)
            #expect(try await store.site(id: "gwadar-port") == site)
            #expect(try await store.site(id: "nowhere") == nil)
        }
    }

    @Test(arguments: TestBackend.available)
    func sitesFilterByKindProvinceAndDistance(backend: TestBackend) async throws {
        try await TestDatabase.withStore(backend) { (store: SQLStore) async throws in
            _ = try await store.save(site: Fixtures.site())
            _ = try await store.save(site: Fixtures.site(id: "karachi-port", name: "Karachi Port", at: Fixtures.karachi, province: .sindh))
            _ = try await store.save(
                site: Fixtures.site(id: "lahore-office", name: "Lahore Office", kind: .office, at: Fixtures.lahore, province: .punjab))
            #expect(try await store.sites(SiteQuery()).map(\.id) == ["gwadar-port", "karachi-port", "lahore-office"])
            #expect(try await store.sites(SiteQuery(kind: .port)).map(\.id) == ["gwadar-port", "karachi-port"])
            #expect(try await store.sites(SiteQuery(province: .sindh)).map(\.id) == ["karachi-port"])
            // Karachi–Gwadar is 473 km.
            #expect(try await store.sites(SiteQuery(near: Fixtures.karachi, radiusKm: 470)).map(\.id) == ["karachi-port"])
            #expect(try await store.sites(SiteQuery(near: Fixtures.karachi, radiusKm: 480)).map(\.id) == ["gwadar-port", "karachi-port"])
        }
    }

    @Test(arguments: TestBackend.available)
    func eventsDeduplicateBySourceAndReference(backend: TestBackend) async throws {
        try await TestDatabase.withStore(backend) { (store: SQLStore) async throws in
            let event = Fixtures.event(ref: "A-1")
            let (first, stored) = try await store.save(event: event)
            #expect(first == .inserted)
            #expect(stored == event)
            #expect(try await store.save(event: event).0 == .unchanged)
            // A later report of the same source and ref updates the record but keeps its id
            // and the time the platform first heard of it.
            var revised = event
            revised.id = "ev-other"
            revised.fatalities = 2
            revised.reportedAt = event.reportedAt.addingTimeInterval(3600)
            let (outcome, updated) = try await store.save(event: revised)
            #expect(outcome == .updated)
            #expect(updated.id == event.id)
            #expect(updated.reportedAt == event.reportedAt)
            #expect(try await store.event(id: event.id)?.fatalities == 2)
            #expect(try await store.eventCount() == 1)
            #expect(try await store.event(id: "ev-other") == nil)
        }
    }

    @Test(arguments: TestBackend.available)
    func eventsFilterByEveryCriterion(backend: TestBackend) async throws {
        try await TestDatabase.withStore(backend) { (store: SQLStore) async throws in
            _ = try await store.save(site: Fixtures.site())
            let events = [
                Fixtures.event(ref: "g1", daysAgo: 1, siteIDs: ["gwadar-port"]),
                Fixtures.event(ref: "g2", daysAgo: 40, domain: .maritime, type: "smuggling", severity: 2),
                Fixtures.event(ref: "k1", daysAgo: 2, domain: .crime, type: "extortion", at: Fixtures.karachi, province: .sindh),
                Fixtures.event(ref: "q1", daysAgo: 400, at: Fixtures.quetta, severity: 5),
                Fixtures.event(
                    ref: "l1", daysAgo: 5, domain: .socioeconomic, type: "land_dispute", at: Fixtures.lahore, province: .punjab,
                    source: "other"),
            ]
            for e in events { _ = try await store.save(event: e) }
            func refs(_ q: EventQuery) async throws -> [String] { try await store.events(q).items.map(\.sourceRef) }
            #expect(try await refs(EventQuery()) == ["g1", "k1", "l1", "g2", "q1"])
            #expect(try await refs(EventQuery(domain: .terrorismInsurgency)) == ["g1", "q1"])
            #expect(try await refs(EventQuery(domain: .terrorismInsurgency, province: .balochistan)) == ["g1", "q1"])
            #expect(try await refs(EventQuery(type: "extortion")) == ["k1"])
            #expect(try await refs(EventQuery(source: "other")) == ["l1"])
            #expect(try await refs(EventQuery(province: .sindh)) == ["k1"])
            let now = Fixtures.now
            #expect(try await refs(EventQuery(from: now.addingTimeInterval(-30 * 86_400))) == ["g1", "k1", "l1"])
            #expect(try await refs(EventQuery(to: now.addingTimeInterval(-30 * 86_400))) == ["g2", "q1"])
            let box = BoundingBox(minLongitude: 60, minLatitude: 24, maxLongitude: 68, maxLatitude: 26)
            #expect(try await refs(EventQuery(boundingBox: box)) == ["g1", "k1", "g2"])
            #expect(try await refs(EventQuery(near: (Fixtures.gwadar, 100))) == ["g1", "g2"])
            #expect(try await refs(EventQuery(siteID: "gwadar-port")) == ["g1"])
            #expect(try await refs(EventQuery(minimumSeverity: 4)) == ["q1"])
        }
    }

    @Test(arguments: TestBackend.available)
    func cursorPagesVisitEveryEventOnceInOrder(backend: TestBackend) async throws {
        try await TestDatabase.withStore(backend) { (store: SQLStore) async throws in
            // Pairs share a timestamp so the id tie-break is exercised.
            for i in 0..<25 {
                _ = try await store.save(event: Fixtures.event(ref: String(format: "p%02d", i), daysAgo: Double(i / 2)))
            }
            var seen: [String] = []
            var query = EventQuery(limit: 10)
            var pages = 0
            while pages < 10 {
                let page = try await store.events(query)
                pages += 1
                seen += page.items.map(\.id)
                guard let next = page.nextCursor else { break }
                query.cursor = next
            }
            #expect(pages == 3)
            #expect(seen.count == 25)
            #expect(Set(seen).count == 25)
            let all = try await store.events(EventQuery(limit: 100)).items.map(\.id)
            #expect(seen == all)
            // A sparse distance filter still fills its pages.
            let near = try await store.events(EventQuery(near: (Fixtures.gwadar, 10), limit: 7))
            #expect(near.items.count == 7)
            #expect(near.nextCursor != nil)
            await #expect(throws: StoreError.invalidCursor) { try await store.events(EventQuery(cursor: "bm90IGEgY3Vyc29y")) }
        }
    }

    @Test(arguments: TestBackend.available)
    func countsSitesAndEvents(backend: TestBackend) async throws {
        try await TestDatabase.withStore(backend) { (store: SQLStore) async throws in
            #expect(try await store.siteCount() == 0)
            _ = try await store.save(site: Fixtures.site())
            _ = try await store.save(site: Fixtures.site(id: "karachi-port", name: "Karachi Port", at: Fixtures.karachi, province: .sindh))
            _ = try await store.save(event: Fixtures.event(ref: "1"))
            _ = try await store.save(event: Fixtures.event(ref: "1"))
            #expect(try await store.siteCount() == 2)
            #expect(try await store.eventCount() == 1)
        }
    }

    @Test(arguments: TestBackend.available)
    func agenciesRoundTrip(backend: TestBackend) async throws {
        try await TestDatabase.withStore(backend) { (store: SQLStore) async throws in
            let a = Agency(
                id: "pmsa", name: "Pakistan Maritime Security Agency", kind: .maritime, jurisdiction: [.balochistan, .sindh],
                bases: [Fixtures.karachi])
            #expect(try await store.save(agency: a) == .inserted)
            #expect(try await store.save(agency: a) == .unchanged)
            #expect(try await store.agencies() == [a])
        }
    }
}

@Suite struct RiskRecordStoreTests {
    func snapshot(_ site: String, _ day: String, _ risk: Double, _ c: RiskClass) -> RiskSnapshot {
        RiskSnapshot(
            siteID: site, day: day, risk: risk, riskClass: c, hazardExposure: risk, vulnerability: 5, copingCapacityLack: nil,
            completeness: 0.4)
    }

    @Test(arguments: TestBackend.available)
    func snapshotsKeepHistoryAndReplaceTheSameDay(backend: TestBackend) async throws {
        try await TestDatabase.withStore(backend) { (store: SQLStore) async throws in
            try await store.save(snapshots: [snapshot("a", "2026-05-01", 1, .veryLow), snapshot("b", "2026-05-01", 2, .low)])
            try await store.save(snapshots: [snapshot("a", "2026-05-02", 3.5, .medium)])
            try await store.save(snapshots: [snapshot("a", "2026-05-02", 4.6, .high)])
            #expect(try await store.riskHistory(siteID: "a", fromDay: nil).map(\.risk) == [1, 4.6])
            #expect(try await store.riskHistory(siteID: "a", fromDay: "2026-05-02").map(\.day) == ["2026-05-02"])
            let latest = try await store.latestSnapshots(before: "2026-05-03")
            #expect(latest.map(\.siteID) == ["a", "b"])
            #expect(latest.map(\.riskClass) == [.high, .low])
            #expect(try await store.latestSnapshots(before: "2026-05-02").first { $0.siteID == "a" }?.risk == 1)
        }
    }

    @Test(arguments: TestBackend.available)
    func alertRecordsAreStoredOnce(backend: TestBackend) async throws {
        try await TestDatabase.withStore(backend) { (store: SQLStore) async throws in
            let alert = AlertRecord(
                id: "risk.class_changed:a:2026-05-02", kind: "risk.class_changed", createdAt: Fixtures.now, siteID: "a",
                tlp: .green, title: "Risk rose", details: ["from": "low", "to": "high"])
            let first = try await store.save(alerts: [alert])
            let second = try await store.save(alerts: [alert])
            #expect(first.map(\.seq) == [1])
            #expect(second.isEmpty)
            var numbered = alert
            numbered.seq = 1
            #expect(try await store.alerts(kind: "risk.class_changed", limit: 10) == [numbered])
            #expect(try await store.alerts(kind: "crisis.opened", limit: 10).isEmpty)
        }
    }
}
