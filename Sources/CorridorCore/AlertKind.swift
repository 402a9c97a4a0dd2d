/// What an alert is about, dotted by the capability that raises it (`case.opened`,
/// `maritime.detection`); subscribers filter on whole kinds or prefixes ending in `.`.
///
/// A struct rather than a closed enum: each capability names its own kinds (`cyber.sighting`)
/// without changing this module, and stored alerts, webhooks and streams keep the plain string.
/// The kinds the platform raises are the constants below; raise those, not string literals.
///
/// ```swift
/// AlertRecord(kind: .maritimeDetection, event: stored, at: now)
/// ```
public struct AlertKind: RawRepresentable, Hashable, Sendable, Codable, ExpressibleByStringLiteral, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { rawValue = value }

    public var description: String { rawValue }

    /// A severe event within reach of a site.
    public static let eventSevereNearSite: AlertKind = "event.severe_near_site"
    /// The public warning of a severe CLEAR event (the CAP feed).
    public static let eventPublicWarning: AlertKind = "event.public_warning"
    /// The public cancellation of a public warning whose event was relabelled or withdrawn
    /// (CAP `msgType` Cancel, with `references` to the warning): those who already received the
    /// warning learn it no longer stands, and learn nothing of the event beyond that.
    public static let eventPublicWarningWithdrawn: AlertKind = "event.public_warning.withdrawn"
    /// A site's risk class rose in the daily snapshot.
    public static let riskClassChanged: AlertKind = "risk.class_changed"
    public static let maritimeDetection: AlertKind = "maritime.detection"
    public static let maritimeWithdrawn: AlertKind = "maritime.withdrawn"
    public static let caseOpened: AlertKind = "case.opened"
    public static let caseEscalated: AlertKind = "case.escalated"
    public static let caseClosed: AlertKind = "case.closed"
    public static let caseReassigned: AlertKind = "case.reassigned"
}
