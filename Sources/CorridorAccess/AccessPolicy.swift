import CorridorCore

/// Who may read a record, by its FIRST TLP 2.0 label. The one place the rule lives: store
/// read paths, the API, exports, maps and risk explanations all ask here.
///
/// | label | readers |
/// |---|---|
/// | CLEAR | anyone, signed in or not |
/// | GREEN | any signed-in user |
/// | AMBER | users of the originating agency and of the agencies the record names |
/// | AMBER+STRICT | users of the originating agency |
/// | RED | the users the record names |
public enum AccessPolicy {
    /// The sharing facts of one record.
    public struct Sharing: Sendable, Hashable {
        public var tlp: TLP
        /// The agency that created the record; nil for imported public data.
        public var originAgency: String?
        /// Agencies an AMBER record is shared with.
        public var agencies: [String]
        /// Users a RED record is shared with.
        public var users: [String]

        public init(tlp: TLP, originAgency: String?, agencies: [String] = [], users: [String] = []) {
            self.tlp = tlp
            self.originAgency = originAgency
            self.agencies = agencies
            self.users = users
        }
    }

    /// Whether `reader` (nil: not signed in) may read a record shared as `sharing`.
    /// Administrators get no exception: TLP binds them as everyone else.
    public static func canRead(_ sharing: Sharing, by reader: Principal?) -> Bool {
        switch sharing.tlp {
        case .clear: return true
        case .green: return reader != nil
        case .amber:
            guard let reader else { return false }
            return reader.agencyID == sharing.originAgency || sharing.agencies.contains(reader.agencyID)
        case .amberStrict:
            guard let reader else { return false }
            return reader.agencyID == sharing.originAgency
        case .red:
            guard let reader else { return false }
            return sharing.users.contains(reader.userID)
        }
    }
}

extension Event {
    /// This event's sharing facts for ``AccessPolicy``.
    public var sharing: AccessPolicy.Sharing {
        AccessPolicy.Sharing(tlp: tlp, originAgency: originAgency, agencies: sharedWithAgencies, users: sharedWithUsers)
    }

    /// Whether `reader` may read this event.
    public func isReadable(by reader: Principal?) -> Bool { AccessPolicy.canRead(sharing, by: reader) }

    /// Whether every user of `agency` may read it (RED never: it is shared with people).
    public func isReadable(byAgency agency: String) -> Bool {
        AccessPolicy.canRead(sharing, by: Principal(userID: "", agencyID: agency, roles: []))
    }
}

extension AlertRecord {
    /// This alert's sharing facts for ``AccessPolicy``: the same as the record it is about.
    public var sharing: AccessPolicy.Sharing {
        AccessPolicy.Sharing(tlp: tlp, originAgency: originAgency, agencies: sharedWithAgencies, users: sharedWithUsers)
    }

    /// Whether `reader` may receive this alert, by any channel.
    public func isReadable(by reader: Principal?) -> Bool { AccessPolicy.canRead(sharing, by: reader) }

    /// Whether an agency as a whole may receive it (a webhook speaks for an agency, not a user):
    /// RED alerts never go to webhooks, whose receivers are not named people.
    public func isReadable(byAgency agency: String) -> Bool {
        AccessPolicy.canRead(sharing, by: Principal(userID: "", agencyID: agency, roles: []))
    }
}
