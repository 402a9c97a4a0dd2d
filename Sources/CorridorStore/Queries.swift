import CorridorAccess
import CorridorCore
import Foundation

/// Whose TLP rules a listing applies. The store applies them in SQL, so pages are full and
/// only the rows returned are decoded, and checks each returned record again with
/// ``AccessPolicy`` (the one statement of the rule).
///
/// ```swift
/// let page = try await store.events(EventQuery(limit: 50, access: .reader(context.principal)))
/// ```
public enum ReadAccess: Sendable, Equatable {
    /// Every record: for the platform's own work (risk, exports by an operator), never a reader's.
    case unrestricted
    /// What this reader may read; nil is someone not signed in.
    case reader(Principal?)
}

/// Filters for listing events. Every field is optional; all given ones must match.
public struct EventQuery: Sendable, Equatable {
    public var domain: Domain?
    public var type: String?
    /// Only events from this source (e.g. `ACLED`, `public-report`, `synthetic`).
    public var source: String?
    public var province: Province?
    public var from: Date?
    public var to: Date?
    public var boundingBox: BoundingBox?
    /// Within `radiusKm` of this point (a site's location for `near=SITE_ID`).
    public var near: (center: Coordinate, radiusKm: Double)?
    public var siteID: String?
    public var minimumSeverity: Int?
    public var limit: Int
    public var cursor: String?
    /// Whose TLP rules apply. Pages are full: a reader never sees short pages or hidden records.
    public var access: ReadAccess

    public init(
        domain: Domain? = nil, type: String? = nil, source: String? = nil, province: Province? = nil, from: Date? = nil, to: Date? = nil,
        boundingBox: BoundingBox? = nil, near: (center: Coordinate, radiusKm: Double)? = nil, siteID: String? = nil,
        minimumSeverity: Int? = nil, limit: Int = 100, cursor: String? = nil, access: ReadAccess = .unrestricted
    ) {
        self.domain = domain
        self.type = type
        self.source = source
        self.province = province
        self.from = from
        self.to = to
        self.boundingBox = boundingBox
        self.near = near
        self.siteID = siteID
        self.minimumSeverity = minimumSeverity
        self.limit = limit
        self.cursor = cursor
        self.access = access
    }

    public static func == (a: EventQuery, b: EventQuery) -> Bool {
        a.domain == b.domain && a.type == b.type && a.source == b.source && a.province == b.province && a.from == b.from && a.to == b.to
            && a.boundingBox == b.boundingBox && a.near?.center == b.near?.center && a.near?.radiusKm == b.near?.radiusKm
            && a.siteID == b.siteID && a.minimumSeverity == b.minimumSeverity && a.limit == b.limit
            && a.cursor == b.cursor && a.access == b.access
    }
}

public struct SiteQuery: Sendable, Equatable {
    public var kind: Site.Kind?
    public var province: Province?
    public var boundingBox: BoundingBox?
    public var near: Coordinate?
    public var radiusKm: Double?

    public init(
        kind: Site.Kind? = nil, province: Province? = nil, boundingBox: BoundingBox? = nil, near: Coordinate? = nil,
        radiusKm: Double? = nil
    ) {
        self.kind = kind
        self.province = province
        self.boundingBox = boundingBox
        self.near = near
        self.radiusKm = radiusKm
    }
}

/// One page of a listing; pass `nextCursor` back to continue, nil means the end.
public struct Page<Item: Sendable>: Sendable {
    public var items: [Item]
    public var nextCursor: String?
    public init(items: [Item], nextCursor: String?) {
        self.items = items
        self.nextCursor = nextCursor
    }
}

/// What a save did, so imports can report imported / updated / unchanged.
public enum SaveOutcome: String, Sendable, Codable, Equatable {
    case inserted, updated, unchanged
}

/// Position in the `occurred_at DESC, id DESC` order, opaque to clients.
struct EventCursor: Equatable {
    var occurredAt: Int64
    var id: String

    var token: String {
        Data("\(occurredAt)|\(id)".utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    init(occurredAt: Int64, id: String) {
        self.occurredAt = occurredAt
        self.id = id
    }

    init(token: String) throws(StoreError) {
        var b64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while b64.count % 4 != 0 { b64 += "=" }
        guard let data = Data(base64Encoded: b64), let text = String(data: data, encoding: .utf8),
            let bar = text.firstIndex(of: "|"), let t = Int64(text[..<bar])
        else { throw .invalidCursor }
        self.init(occurredAt: t, id: String(text[text.index(after: bar)...]))
    }
}
