import CorridorAccess
import CorridorAlerts
import CorridorCoordination
import CorridorCore
import CorridorStore
import CorridorTestSupport
import Foundation
import SQLKit
import Testing

/// The migration registry: written once for both dialects, open to capabilities, and able to
/// carry over a database made before it.
@Suite struct MigrationRegistryTests {
    static func json(_ value: some Encodable) throws -> String {
        String(decoding: try DateFormats.jsonEncoder().encode(value), as: UTF8.self)
    }

    /// A database as main left it before the registry: version 9, numbered in
    /// `schema_migrations`, with records written as that build wrote them. It upgrades, and
    /// every record reads back unchanged.
    @Test(arguments: TestBackend.available)
    func aVersionNineDatabaseFromBeforeTheRegistryUpgradesAndReadsBackUnchanged(backend: TestBackend) async throws {
        try await TestDatabase.withStore(backend, migrate: false) { (store: SQLStore) async throws in
            #expect(try await store.migrate(through: 9) == Array(1...9))
            let site = Fixtures.site()
            let agency = Agency(id: "partner-agency", name: "Partner <Agency> & Co", kind: .police)
            var draft = Fixtures.event(ref: "old-amber", severity: 4, siteIDs: ["gwadar-port"])
            draft.tlp = .amber
            draft.sharedWithAgencies = ["partner-agency"]
            draft.sharedWithUsers = ["partner-user"]
            draft.title = "Quotes \" and \\ backslashes and \u{0}"
            let event = draft
            let alert = AlertRecord(
                id: "old-alert", kind: "event.severe_near_site", createdAt: Fixtures.now, siteID: "gwadar-port", tlp: .amber,
                title: "Severe near Gwadar", details: ["event_id": event.id], originAgency: Fixtures.agency)
            let rule = MandateRule(id: "r1", domain: .terrorismInsurgency, lead: Fixtures.agency, supporting: ["partner-agency"])
            let crisis = CrisisCase(
                id: "case-old", title: "Old case", openedAt: Fixtures.now, eventIDs: [event.id], lead: Fixtures.agency, supporting: [],
                mandateRule: "r1", acknowledgeWithin: 900, respondWithin: 7200, tlp: .amber, originAgency: Fixtures.agency, actor: "test")
            let user = User(id: "old-user", displayName: "Old <User>", agencyID: "partner-agency", roles: [.analyst])
            // The bookkeeping and rows exactly as the build before the registry wrote them.
            try await store.withSQL { db in
                try await db.raw("DROP TABLE schema_migrations_applied").run()
                try await db.raw(
                    "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
                ).run()
                for version in 1...9 {
                    try await db.raw(
                        "INSERT INTO schema_migrations (version, name, applied_at) VALUES (\(bind: version), 'old', '2026-06-01T00:00:00Z')"
                    ).run()
                }
                try await db.raw(
                    """
                    INSERT INTO sites (id, name, kind, province, lat, lon, criticality, body) VALUES
                      (\(bind: site.id), \(bind: site.name), \(bind: site.kind.rawValue), \(bind: site.province?.rawValue), \(bind: site.location.latitude),
                       \(bind: site.location.longitude), 5, \(bind: try Self.json(site)))
                    """
                ).run()
                try await db.raw(
                    "INSERT INTO agencies (id, name, kind, body) VALUES ('partner-agency', 'Partner', \(bind: agency.kind.rawValue), \(bind: try Self.json(agency)))"
                ).run()
                try await db.raw(
                    """
                    INSERT INTO events (id, source, source_ref, occurred_at, domain, type, province, lat, lon, severity, tlp, body)
                      VALUES (\(bind: event.id), 'test', 'old-amber', \(bind: Int64(event.occurredAt.timeIntervalSince1970)),
                      \(bind: event.domain.rawValue), \(bind: event.type), \(bind: event.province?.rawValue), \(bind: event.location.latitude),
                      \(bind: event.location.longitude), 4, \(bind: event.tlp.rawValue), \(bind: try Self.json(event)))
                    """
                ).run()
                try await db.raw("INSERT INTO event_sites (event_id, site_id) VALUES (\(bind: event.id), 'gwadar-port')").run()
                try await db.raw(
                    """
                    INSERT INTO alerts (id, kind, created_at, site_id, body, seq, tlp) VALUES ('old-alert', \(bind: alert.kind),
                      \(bind: Int64(Fixtures.now.timeIntervalSince1970)), 'gwadar-port', \(bind: try Self.json(alert)), 1, \(bind: alert.tlp.rawValue))
                    """
                ).run()
                try await db.raw("INSERT INTO mandate_rules (id, body) VALUES ('r1', \(bind: try Self.json(rule)))").run()
                try await db.raw(
                    """
                    INSERT INTO crisis_cases (id, status, opened_at, body) VALUES ('case-old', \(bind: crisis.status.rawValue),
                      \(bind: Int64(Fixtures.now.timeIntervalSince1970)), \(bind: try Self.json(crisis)))
                    """
                ).run()
                try await db.raw(
                    """
                    INSERT INTO users (id, agency_id, password_hash, body)
                      VALUES ('old-user', 'partner-agency', 'bcrypt-hash', \(bind: try Self.json(user)))
                    """
                ).run()
            }
            #expect(try await store.schemaVersion() == 9)
            let current = MigrationRegistry.corridor.entries.count
            await #expect(throws: StoreError.schemaBehind(database: 9, known: current)) { try await store.verifySchema() }

            #expect(try await store.migrate() == Array(10...current))
            try await store.verifySchema()
            #expect(try await store.schemaVersion() == current)
            #expect(try await store.site(id: site.id) == site)
            #expect(try await store.agencies() == [agency])
            #expect(try await store.event(id: event.id) == event)
            #expect(try await store.alert(id: "old-alert")?.title == alert.title)
            #expect(try await store.mandateRules() == [rule])
            #expect(try await store.crisisCase(id: "case-old") == crisis)
            #expect(try await store.user(id: "old-user")?.0 == user)
            // Migration 10 read the shares out of the stored body; 11 counted the event.
            let partner = Principal(userID: "someone", agencyID: "partner-agency", roles: [.viewer])
            #expect(try await store.events(EventQuery(access: .reader(partner))).items.map(\.id) == [event.id])
            let stranger = Principal(userID: "someone", agencyID: "elsewhere", roles: [.viewer])
            #expect(try await store.events(EventQuery(access: .reader(stranger))).items.isEmpty)
            #expect(try await store.eventTally(since: nil, recentFrom: nil, access: .unrestricted).all.map(\.count) == [1])
            // An older corridorwatch refuses the carried-over database instead of using it.
            let legacy = try await store.withSQL { db in
                try await db.raw("SELECT MAX(version) AS v FROM schema_migrations").first()?.decode(column: "v", as: Int.self)
            }
            #expect(legacy == 1000)
            #expect(try await store.migrate() == [])
        }
    }

    /// A capability registers its own migrations after the platform's.
    @Test(arguments: TestBackend.available)
    func aCapabilityRegistersItsOwnMigrations(backend: TestBackend) async throws {
        let registry = MigrationRegistry.corridor.registering(
            module: "test-capability",
            [
                Migration(
                    "widgets", "widgets",
                    "CREATE TABLE widgets (id TEXT PRIMARY KEY, size DOUBLE PRECISION NOT NULL, seen_at BIGINT NOT NULL)",
                    .dialects(
                        sqlite: "CREATE INDEX widgets_size ON widgets (size) WHERE size > 0",
                        postgres: "CREATE INDEX widgets_size ON widgets (size) WHERE size > 0"))
            ])
        try await TestDatabase.withStore(backend, migrate: false, migrations: registry) { (store: SQLStore) async throws in
            #expect(try await store.migrate() == Array(1...registry.entries.count))
            try await store.verifySchema()
            try await store.withSQL { db in
                try await db.raw("INSERT INTO widgets (id, size, seen_at) VALUES ('w', 2.5, 1800000000000)").run()
            }
            let size = try await store.withSQL { db in
                try await db.raw("SELECT size FROM widgets").first()?.decode(column: "size", as: Double.self)
            }
            #expect(size == 2.5)
            #expect(
                registry.entries.last.map { "\($0.module)/\($0.migration.name)/\($0.position)" }
                    == "test-capability/widgets/\(MigrationRegistry.corridor.entries.count + 1)")
        }
    }

    @Test func portableStatementsTakeSQLitesTypeNames() {
        let statement: Migration.Statement = "CREATE TABLE t (a BIGINT PRIMARY KEY, b DOUBLE PRECISION, c INTEGER)"
        #expect(statement.text(for: .sqlite) == "CREATE TABLE t (a INTEGER PRIMARY KEY, b REAL, c INTEGER)")
        #expect(statement.text(for: .postgres) == "CREATE TABLE t (a BIGINT PRIMARY KEY, b DOUBLE PRECISION, c INTEGER)")
    }
}
