import CorridorCore

/// Who may call a route. Each route declares its rule where it is registered (``Routes``);
/// the middleware refuses a route without one, and a test enumerates the router against the
/// declared rules.
public enum AccessRules {
    public enum Requirement: Sendable, Equatable {
        /// Anyone, signed in or not (what they see is still limited by TLP).
        case anyone
        /// Any signed-in user or token.
        case signedIn
        /// A holder of one of these roles.
        case anyRole(Set<Role>)
        /// A signed-in session (the browser, or `POST /api/v1/session`), not an API token: a
        /// token must not mint tokens that outlive it.
        case session

        /// Those who report events and work cases: analysts and coordinators.
        public static let writers = Requirement.anyRole(AccessRules.writers)
        /// Those who keep sites, mandates and playbooks: coordinators and administrators.
        public static let siteEditors = Requirement.anyRole(AccessRules.siteEditors)
        public static let admins = Requirement.anyRole(AccessRules.admins)
    }

    static let writers: Set<Role> = [.analyst, .coordinator]
    static let siteEditors: Set<Role> = [.coordinator, .admin]
    static let admins: Set<Role> = [.admin]

    /// Whether `principal` meets `requirement`: nil means sign-in is needed (401), false forbidden (403).
    /// `viaSession` says whether the principal came from a session cookie rather than a token.
    public static func allows(_ requirement: Requirement, _ principal: Principal?, viaSession: Bool) -> Bool? {
        switch requirement {
        case .anyone: return true
        case .signedIn: return principal == nil ? nil : true
        case .session: return principal == nil ? nil : viaSession
        case .anyRole(let roles):
            guard let principal else { return nil }
            return !roles.isDisjoint(with: principal.roles)
        }
    }
}
