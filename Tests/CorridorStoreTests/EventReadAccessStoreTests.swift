import CorridorAccess
import CorridorCore
import CorridorStore
import CorridorTestSupport
import Foundation
import SQLKit
import Testing

/// TLP is applied in SQL (`ReadAccess`); these tests hold it to ``AccessPolicy`` exactly,
/// for every label and every kind of reader, on both backends.
@Suite struct EventReadAccessStoreTests {
    static let origin = "agency-origin"
    static let partner = "agency-partner"
    static let other = "agency-other"

    /// One event per TLP label × sharing shape, each a different day so the order is known.
    static func world() -> [Event] {
        var events: [Event] = []
        var day = 1.0
        for tlp in TLP.allCases {
            for shape in ["none", "partner", "user", "both"] {
                var e = Fixtures.event(ref: "\(tlp.rawValue)-\(shape)", daysAgo: day)
                day += 1
                e.tlp = tlp
                e.originAgency = origin
                if shape == "partner" || shape == "both" { e.sharedWithAgencies = [partner, partner] }
                if shape == "user" || shape == "both" { e.sharedWithUsers = ["named-user"] }
                events.append(e)
            }
        }
        var imported = Fixtures.event(ref: "imported-clear", daysAgo: day)
        imported.originAgency = nil
        imported.tlp = .clear
        events.append(imported)
        // No origin agency: an AMBER record then reaches only the agencies it names.
        var orphan = Fixtures.event(ref: "imported-amber", daysAgo: day + 1)
        orphan.originAgency = nil
        orphan.tlp = .amber
        orphan.sharedWithAgencies = [partner]
        events.append(orphan)
        return events
    }

    static let readers: [Principal?] = [
        nil,
        Principal(userID: "origin-user", agencyID: origin, roles: [.analyst]),
        Principal(userID: "partner-user", agencyID: partner, roles: [.analyst]),
        Principal(userID: "other-user", agencyID: other, roles: [.analyst]),
        Principal(userID: "named-user", agencyID: other, roles: [.analyst]),
        Principal(userID: "admin", agencyID: other, roles: [.admin]),
    ]

    @Test(arguments: TestBackend.available)
    func listingsShowExactlyWhatThePolicyAllows(backend: TestBackend) async throws {
        try await TestDatabase.withStore(backend) { (store: SQLStore) async throws in
            let world = Self.world()
            for e in world { _ = try await store.save(event: e, by: .system("test")) }
            for reader in Self.readers {
                let expected = world.filter { $0.isReadable(by: reader) }.map(\.sourceRef)
                // Pages of 3 walk the whole list: full pages, nothing hidden, nothing twice.
                var seen: [String] = []
                var query = EventQuery(limit: 3, access: .reader(reader))
                while true {
                    let page = try await store.events(query)
                    #expect(page.items.count == 3 || page.nextCursor == nil)
                    seen += page.items.map(\.sourceRef)
                    guard let next = page.nextCursor else { break }
                    query.cursor = next
                }
                #expect(seen == expected, "reader \(reader?.userID ?? "anonymous")")
                // The documents path serves the same page, as the stored JSON.
                let documents = try await store.eventDocuments(EventQuery(limit: 100, access: .reader(reader))).items
                let decoded = try documents.map { try DateFormats.jsonDecoder().decode(Event.self, from: Data($0.utf8)) }
                #expect(decoded.map(\.sourceRef) == expected)
                let counts = try await store.eventTally(since: nil, recentFrom: nil, access: .reader(reader))
                #expect(counts.all.reduce(0) { $0 + $1.count } == expected.count)
                // Part days at both bounds: counts from the stored day buckets plus the rows of the first day.
                let since = Fixtures.now.addingTimeInterval(-7.4 * 86_400)
                let recentFrom = Fixtures.now.addingTimeInterval(-3.6 * 86_400)
                let windowed = try await store.eventTally(since: since, recentFrom: recentFrom, access: .reader(reader))
                let readable = world.filter { $0.isReadable(by: reader) }
                #expect(windowed.all.reduce(0) { $0 + $1.count } == readable.filter { $0.occurredAt >= since }.count)
                #expect(windowed.recent.reduce(0) { $0 + $1.count } == readable.filter { $0.occurredAt >= recentFrom }.count)
            }
            #expect(try await store.events(EventQuery(limit: 100)).items.count == world.count)
            // Relabelling and withdrawing move the stored counts with the events.
            var moved = world[0]
            moved.tlp = .red
            _ = try await store.save(event: moved, by: .system("test"))
            #expect(try await store.withdraw(eventID: world[1].id, reason: "test", by: .system("test")))
            let anonymous = try await store.eventTally(since: nil, recentFrom: nil, access: .reader(nil))
            #expect(anonymous.all.reduce(0) { $0 + $1.count } == world.filter { $0.tlp == .clear }.count - 2)
            let everything = try await store.eventTally(since: nil, recentFrom: nil, access: .unrestricted)
            #expect(everything.all.reduce(0) { $0 + $1.count } == world.count - 1)
        }
    }

    /// Re-sharing moves an event in or out of a reader's lists at once.
    @Test(arguments: TestBackend.available)
    func changingTheLabelOrSharingChangesWhoSeesIt(backend: TestBackend) async throws {
        try await TestDatabase.withStore(backend) { (store: SQLStore) async throws in
            var e = Fixtures.event(ref: "moving")
            e.originAgency = Self.origin
            e.tlp = .amber
            e.sharedWithAgencies = [Self.partner]
            _ = try await store.save(event: e, by: .system("test"))
            let partner = Principal(userID: "p", agencyID: Self.partner, roles: [.analyst])
            #expect(try await store.events(EventQuery(access: .reader(partner))).items.count == 1)
            e.sharedWithAgencies = []
            _ = try await store.save(event: e, by: .system("test"))
            #expect(try await store.events(EventQuery(access: .reader(partner))).items.isEmpty)
            e.tlp = .clear
            _ = try await store.save(event: e, by: .system("test"))
            #expect(try await store.events(EventQuery(access: .reader(nil))).items.count == 1)
        }
    }

    /// Events stored before migration 10 get their origin and readers from their bodies.
    @Test(arguments: TestBackend.available)
    func migrationTenFillsReadersFromStoredBodies(backend: TestBackend) async throws {
        try await TestDatabase.withStore(backend, migrate: false) { (store: SQLStore) async throws in
            #expect(try await store.migrate(through: 9) == [1, 2, 3, 4, 5, 6, 7, 8, 9])
            var e = Fixtures.event(ref: "old")
            e.id = "evt-old"
            e.originAgency = Self.origin
            e.tlp = .red
            e.sharedWithUsers = ["named-user"]
            // PostgreSQL's jsonb refuses \u0000; the backfill must read such bodies all the same.
            e.title = "Old report\u{0} with a NUL"
            let body = String(decoding: try DateFormats.jsonEncoder().encode(e), as: UTF8.self)
            try await store.withSQL { db in
                try await db.raw(
                    """
                    INSERT INTO events (id, source, source_ref, occurred_at, domain, type, province, lat, lon, severity, tlp, body)
                    VALUES ('evt-old', 'test', 'old', 1000, 'terrorism_insurgency', 'armed_assault', NULL, 25.1, 62.3, 3, 'RED', \(bind: body))
                    """
                ).run()
            }
            #expect(try await store.migrate() == Array(10...MigrationRegistry.corridor.entries.count))
            let named = Principal(userID: "named-user", agencyID: Self.other, roles: [.analyst])
            let originUser = Principal(userID: "origin-user", agencyID: Self.origin, roles: [.analyst])
            #expect(try await store.events(EventQuery(access: .reader(named))).items.map(\.id) == ["evt-old"])
            #expect(try await store.events(EventQuery(access: .reader(originUser))).items.isEmpty)
        }
    }
}
