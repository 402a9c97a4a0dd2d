import CorridorAccess
import CorridorAlerts
import CorridorCoordination
import CorridorCore
import Foundation

/// The storage interface every module and shell uses, composed of one protocol per role so
/// that a service asks only for what it needs (a ``CaseStore``, an ``AuditLog``) and a
/// capability adds its own role beside these. Both backends (SQLite and PostgreSQL)
/// implement every role identically and pass the same test suite.
///
/// ```swift
/// func openCase(for event: Event, in cases: some CaseStore) async throws { ... }
/// ```
public protocol CorridorStore:
    StoreLifecycle, SiteStore, EventStore, AgencyStore, RiskSnapshotStore, AlertStore, AuditLog, AccessStore, VesselStore,
    MandateStore, CaseStore, WebhookStore, LoginFailureLedger
{}

/// The database itself: its dialect, schema and connections.
public protocol StoreLifecycle: Sendable {
    /// Which SQL the database speaks.
    var dialect: Dialect { get }

    /// Applies pending migrations; returns the versions applied now (empty when current).
    func migrate() async throws -> [Int]
    /// The highest migration applied to the database (0 when none).
    func schemaVersion() async throws -> Int
    /// Throws ``StoreError/schemaTooNew(database:known:)`` or `schemaBehind` unless the
    /// database is exactly at the version this build knows.
    func verifySchema() async throws
    /// A cheap round trip, for readiness checks.
    func ping() async throws

    /// Releases connections. The store must not be used afterwards.
    func close() async
}

/// The protected sites.
public protocol SiteStore: Sendable {
    /// Inserts or updates a site; a change appends an audit entry in the same transaction.
    func save(site: Site, by actor: AuditActor) async throws -> SaveOutcome
    func site(id: String) async throws -> Site?
    func sites(_ query: SiteQuery) async throws -> [Site]
    /// Number of stored sites.
    func siteCount() async throws -> Int
}

/// Events: reports, imports and detections, with the evidence of automated ones.
public protocol EventStore: Sendable {
    /// Inserts or updates by the de-duplication key (source, source_ref). An update keeps
    /// the stored id; returns the event as stored.
    /// A change appends an audit entry in the same transaction.
    func save(event: Event, by actor: AuditActor) async throws -> (SaveOutcome, Event)
    /// As ``save(event:by:)`` for a report made by `reporter`: a new record is inserted, but a
    /// record with the same (source, source_ref) is changed only when `reporter`'s agency
    /// originated it and `reporter` may read it (a RED report named to a colleague is not theirs
    /// to overwrite); otherwise this throws ``StoreError/notOriginator(origin:)`` and changes
    /// nothing. The check is made inside the write transaction, so no report can slip in between.
    func save(event: Event, by actor: AuditActor, reportedBy reporter: Principal) async throws -> (SaveOutcome, Event)
    func event(id: String) async throws -> Event?
    func events(_ query: EventQuery) async throws -> Page<Event>
    /// Changes whenever an event is written through this store (caches of event views key on it;
    /// writes by other processes on the same database are not seen here).
    var eventGeneration: UInt64 { get }
    /// The same page as ``events(_:)``, each event as its stored JSON document: the form the
    /// API sends, so a listing decodes and re-encodes nothing. TLP is applied in SQL alone
    /// here; `EventReadAccessStoreTests` holds that rule to ``AccessPolicy``.
    func eventDocuments(_ query: EventQuery) async throws -> Page<String>
    /// Number of stored events (all, regardless of filters).
    func eventCount() async throws -> Int
    /// Counts of the events `access` may read by domain and province, counted in the
    /// database: all of them from `since` (nil: ever), and those from `recentFrom` alone.
    func eventTally(since: Date?, recentFrom: Date?, access: ReadAccess) async throws -> EventCounts

    // Evidence and withdrawal of automated detections.

    /// Stores (or replaces) the evidence of an event: a GeoJSON Feature of the track points
    /// that justify an automated detection.
    func save(evidence geoJSON: String, forEvent id: String) async throws
    func evidence(forEvent id: String) async throws -> String?
    /// Removes an event that turned out not to have happened (a detection withdrawn after late
    /// reports), with its evidence and site links; the withdrawal and its reason are audited.
    /// Returns false when there was no such event.
    @discardableResult
    func withdraw(eventID: String, reason: String, by actor: AuditActor) async throws -> Bool
}

/// The agencies that share the platform.
public protocol AgencyStore: Sendable {
    func save(agency: Agency, by actor: AuditActor) async throws -> SaveOutcome
    func agencies() async throws -> [Agency]
}

/// Daily risk snapshots of every site.
public protocol RiskSnapshotStore: Sendable {
    /// Stores snapshots, replacing any of the same site and day.
    func save(snapshots: [RiskSnapshot]) async throws
    /// A site's snapshots, oldest first, optionally from a day (`YYYY-MM-DD`) on.
    func riskHistory(siteID: String, fromDay: String?) async throws -> [RiskSnapshot]
    /// Each site's latest snapshot from before `day`.
    func latestSnapshots(before day: String) async throws -> [RiskSnapshot]
}

/// Alert records in delivery order.
public protocol AlertStore: Sendable {
    /// Stores alert records; an id already stored is left as it is. Each new alert gets the
    /// next ``AlertRecord/seq``, and alerts become visible to readers in that order (no
    /// reader ever sees seq 7 before seq 6), so "everything after N" never misses one.
    /// Returns the alerts newly stored, with their seq.
    @discardableResult
    func save(alerts: [AlertRecord]) async throws -> [AlertRecord]
    /// Alert records, newest first.
    func alerts(kind: String?, limit: Int) async throws -> [AlertRecord]
    /// Alerts of one TLP label, newest first (`.clear`: the public ones).
    func alerts(tlp: TLP, limit: Int) async throws -> [AlertRecord]
    /// Alerts with a seq above `afterSeq`, in seq order.
    func alerts(afterSeq: Int, limit: Int) async throws -> [AlertRecord]
    func alert(id: String) async throws -> AlertRecord?
    /// Rewrites a stored alert's content and sharing, keeping its seq and time: when the record
    /// it is about is relabelled or rewritten, every channel reads the alert as it is now.
    /// Returns false when there is no alert with that id.
    func revise(alert: AlertRecord) async throws -> Bool
    /// The highest alert seq stored (0 when none).
    func latestAlertSeq() async throws -> Int
}

/// The hash-chained audit log.
public protocol AuditLog: Sendable {
    /// Appends an entry to the hash-chained audit log (for actions that change no record,
    /// such as logins and exports).
    @discardableResult
    func appendAudit(
        _ actor: AuditActor, action: AuditAction, objectType: String, objectID: String?, stateHash: String?
    ) async throws -> AuditEntry
    /// Audit entries with `seq` greater than `afterSeq`, in chain order, for verification.
    func auditChain(afterSeq: Int, limit: Int) async throws -> [AuditEntry]
    /// Audit entries matching the filters, newest first.
    func auditLog(_ query: AuditQuery) async throws -> [AuditEntry]
}

/// Users, their sessions and API tokens.
public protocol AccessStore: Sendable {
    /// Creates or updates a user; a new `passwordHash` replaces the old one. Audited as
    /// `create`, `update`, or `permission_change` when the roles or agency change. A new
    /// password, another agency or disabling the user ends their sessions and revokes their
    /// API tokens in the same transaction.
    func save(user: User, passwordHash: String?, by actor: AuditActor) async throws -> SaveOutcome
    /// The user and their password hash.
    func user(id: String) async throws -> (User, passwordHash: String)?
    func users() async throws -> [User]

    func createSession(_ session: SessionRecord) async throws
    func session(tokenHash: String) async throws -> SessionRecord?
    func touchSession(tokenHash: String, at: Date) async throws
    func deleteSession(tokenHash: String) async throws

    func createToken(_ token: APITokenRecord, by actor: AuditActor) async throws
    func token(hash: String) async throws -> APITokenRecord?
    func tokens(userID: String?) async throws -> [APITokenRecord]
    /// Returns false when no such token exists.
    func revokeToken(id: String, by actor: AuditActor) async throws -> Bool
    func touchToken(id: String, at: Date) async throws
}

/// The vessel registry and position history from AIS.
public protocol VesselStore: Sendable {
    /// Stores a batch of positions in one transaction (a position already stored for the same
    /// vessel and millisecond is kept, not duplicated) and moves each vessel's last position
    /// forward; returns how many positions were new. `flags` gives the flag for vessels not yet
    /// in the registry.
    @discardableResult
    func save(positions: [VesselPosition], flags: [Int: String]) async throws -> Int
    /// Merges static reports into the registry: known values are kept unless a report has a new one.
    func save(vesselStatics: [Vessel]) async throws
    func vessel(mmsi: Int) async throws -> Vessel?
    /// Vessels with a last position, most recently seen first.
    func vessels(_ query: VesselQuery) async throws -> [Vessel]
    /// A vessel's positions between two times, oldest first, at most `limit`.
    func track(mmsi: Int, from: Date?, to: Date?, limit: Int) async throws -> [VesselPosition]
    /// Deletes positions older than `before` (the retention setting); returns how many.
    func prunePositions(before: Date) async throws -> Int
    /// Number of stored positions.
    func positionCount() async throws -> Int
}

/// The mandates: which agency leads and supports for what, where.
public protocol MandateStore: Sendable {
    /// Stores mandate rules by id (a rule already stored the same is unchanged); with
    /// `replacing`, rules not in the list are removed. Audited as one `mandates.import` entry.
    func save(mandateRules: [MandateRule], replacing: Bool, by actor: AuditActor) async throws -> MandateImport
    func mandateRules() async throws -> [MandateRule]
}

/// Joint crisis cases and the playbooks that add their tasks.
public protocol CaseStore: Sendable {
    /// Stores a case (new or changed); audited with `action` (e.g. `case.open`, `case.transition`),
    /// with the alerts it raises in the same transaction: a case change is never stored without
    /// its alert, nor an alert without its change.
    func save(crisisCase: CrisisCase, action: AuditAction, by actor: AuditActor, alerts: [AlertRecord]) async throws
    func crisisCase(id: String) async throws -> CrisisCase?
    /// Cases, newest first; `open` only those not closed.
    func crisisCases(openOnly: Bool, limit: Int) async throws -> [CrisisCase]
    /// Every case (or every open one), read in pages: for work that must see them all.
    func allCrisisCases(openOnly: Bool) async throws -> [CrisisCase]
    /// The cases, open or closed, that hold the event.
    func crisisCases(holdingEvent eventID: String) async throws -> [CrisisCase]
    /// Saves `crisisCase` only if the stored case is still `expected`; false when another
    /// server changed it meanwhile (the caller reads it again and decides anew).
    func replace(
        crisisCase: CrisisCase, expected: CrisisCase, action: AuditAction, by actor: AuditActor, alerts: [AlertRecord]
    ) async throws -> Bool

    /// Replaces the stored playbooks (task templates per event type).
    func save(playbooks: [String: [TaskTemplate]], by actor: AuditActor) async throws
    /// The stored playbooks; empty until some are saved.
    func playbooks() async throws -> [String: [TaskTemplate]]
}

/// Webhooks and the deliveries of alerts to them.
public protocol WebhookStore: Sendable {
    /// Creates or replaces a webhook. A new one starts at the newest alert (its cursor).
    func save(webhook: Webhook, by actor: AuditActor) async throws -> Webhook
    func webhooks() async throws -> [Webhook]
    func deleteWebhook(id: String, by actor: AuditActor) async throws -> Bool
    /// Queues deliveries of `alerts` to a webhook and moves its cursor from `cursor` to
    /// `newCursor`, only if the cursor is still `cursor`: when two servers scan the same
    /// alerts, one queues them and the other gets false.
    func queueDeliveries(webhookID: String, cursor: Int, newCursor: Int, alerts: [AlertRecord], at: Date) async throws -> Bool
    /// Claims up to `limit` due pending deliveries for `lease` seconds and counts the attempt.
    /// A delivery is claimed by one caller at a time, across servers.
    func claimDeliveries(now: Date, lease: TimeInterval, limit: Int) async throws -> [WebhookDelivery]
    /// Records the outcome of an attempt (status, next attempt, error) and releases the claim.
    func finish(delivery: WebhookDelivery) async throws
    /// Deliveries, newest first, optionally of one status and of some webhooks only (an
    /// empty list gives none).
    func deliveries(status: WebhookDelivery.Status?, webhookIDs: [String]?, limit: Int) async throws -> [WebhookDelivery]
    /// Makes a dead letter pending again, due at `at`, with its attempts reset.
    func retryDelivery(id: String, at: Date, by actor: AuditActor) async throws -> Bool
}

/// Filters for listing vessels; all given ones must match.
public struct VesselQuery: Sendable, Equatable {
    /// Last position inside this box.
    public var boundingBox: BoundingBox?
    /// Seen at or after this time.
    public var seenSince: Date?
    public var limit: Int

    public init(boundingBox: BoundingBox? = nil, seenSince: Date? = nil, limit: Int = 500) {
        self.boundingBox = boundingBox
        self.seenSince = seenSince
        self.limit = limit
    }
}

/// How many events of one domain happened in one province (nil: province unknown).
public struct EventTally: Sendable, Hashable, Codable {
    public var domain: Domain
    public var province: Province?
    public var count: Int
    public init(domain: Domain, province: Province?, count: Int) {
        self.domain = domain
        self.province = province
        self.count = count
    }
}

/// The dashboard's counts: every readable event (from `since`), and the recent ones.
public struct EventCounts: Sendable, Hashable {
    public var all: [EventTally]
    public var recent: [EventTally]
    public init(all: [EventTally], recent: [EventTally]) {
        self.all = all
        self.recent = recent
    }
}

/// Filters for browsing the audit log; all given ones must match.
public struct AuditQuery: Sendable, Equatable {
    public var actor: String?
    public var action: String?
    public var objectType: String?
    public var objectID: String?
    /// Only entries with `seq` below this (for paging back).
    public var beforeSeq: Int?
    public var limit: Int

    public init(
        actor: String? = nil, action: String? = nil, objectType: String? = nil, objectID: String? = nil,
        beforeSeq: Int? = nil, limit: Int = 100
    ) {
        self.actor = actor
        self.action = action
        self.objectType = objectType
        self.objectID = objectID
        self.beforeSeq = beforeSeq
        self.limit = limit
    }
}

extension WebhookStore {
    /// Deliveries of every webhook, newest first, optionally of one status.
    public func deliveries(status: WebhookDelivery.Status?, limit: Int) async throws -> [WebhookDelivery] {
        try await deliveries(status: status, webhookIDs: nil, limit: limit)
    }

}

/// What a mandate import changed.
public struct MandateImport: Sendable, Hashable, CustomStringConvertible {
    public var inserted = 0
    public var updated = 0
    public var unchanged = 0
    public var removed = 0
    public init() {}
    public var description: String { "imported \(inserted), updated \(updated), unchanged \(unchanged), removed \(removed)" }
}

extension CaseStore {
    /// A case change that raises no alert.
    public func save(crisisCase: CrisisCase, action: AuditAction, by actor: AuditActor) async throws {
        try await save(crisisCase: crisisCase, action: action, by: actor, alerts: [])
    }

    /// A conditional case change that raises no alert.
    public func replace(crisisCase: CrisisCase, expected: CrisisCase, action: AuditAction, by actor: AuditActor) async throws -> Bool {
        try await replace(crisisCase: crisisCase, expected: expected, action: action, by: actor, alerts: [])
    }
}
