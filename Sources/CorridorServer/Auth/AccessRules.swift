import CorridorCore

/// Who may call each route. Every route the router has must appear here: the middleware
/// refuses a route without a rule, and a test enumerates the router against this table.
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
    }

    static let writers: Set<Role> = [.analyst, .coordinator]
    static let siteEditors: Set<Role> = [.coordinator, .admin]
    static let admins: Set<Role> = [.admin]

    /// Keyed by `METHOD /path` with parameters written `{name}`.
    public static let rules: [String: Requirement] = [
        "GET /healthz": .anyone, "GET /readyz": .anyone, "GET /openapi.yaml": .anyone, "GET /assets/{name}": .anyone,
        // Counters move with every agency's saves, RED ones included: operators only.
        "GET /metrics": .anyRole(admins),
        "GET /login": .anyone, "POST /login": .anyone, "POST /logout": .signedIn,
        "GET /": .signedIn, "GET /sites": .signedIn, "GET /sites/{id}": .signedIn, "GET /events": .signedIn,
        "GET /events/{id}": .signedIn, "GET /risk/compare": .signedIn,
        "GET /admin/users": .anyRole(admins), "POST /admin/users": .anyRole(admins), "POST /admin/agencies": .anyRole(admins),
        "GET /admin/audit": .anyRole(admins),
        "GET /alerts": .signedIn, "GET /admin/webhooks": .anyRole(admins), "POST /admin/webhooks": .anyRole(admins),
        "POST /admin/webhooks/{id}/delete": .anyRole(admins), "POST /admin/webhooks/deliveries/{id}/retry": .anyRole(admins),
        "POST /mandates/rules": .anyRole(siteEditors), "POST /mandates/rules/{id}/delete": .anyRole(siteEditors),
        "GET /api/v1/sites": .signedIn, "POST /api/v1/sites": .anyRole(siteEditors), "GET /api/v1/sites/{id}": .signedIn,
        "PUT /api/v1/sites/{id}": .anyRole(siteEditors),
        "GET /api/v1/events": .anyone, "POST /api/v1/events": .anyRole(writers), "GET /api/v1/events/{id}": .anyone,
        "GET /api/v1/events/{id}/evidence": .anyone,
        "PUT /api/v1/events/{id}": .anyRole(writers),
        "GET /api/v1/agencies": .signedIn, "GET /api/v1/stats": .signedIn,
        "GET /api/v1/risk": .signedIn, "GET /api/v1/risk/provinces": .signedIn, "GET /api/v1/risk/compare": .signedIn,
        "GET /api/v1/sites/{id}/risk": .signedIn, "GET /api/v1/sites/{id}/risk/history": .signedIn,
        "GET /api/v1/mandates": .signedIn, "PUT /api/v1/mandates": .anyRole(siteEditors), "GET /api/v1/mandates/check": .signedIn,
        "GET /mandates": .signedIn, "GET /cases": .signedIn, "GET /cases/{id}": .signedIn, "GET /cases/{id}/report": .signedIn,
        "GET /api/v1/cases": .signedIn, "POST /api/v1/cases": .anyRole(writers), "GET /api/v1/cases/{id}": .signedIn,
        "POST /api/v1/cases/{id}/transitions": .anyRole(writers), "POST /api/v1/cases/{id}/reopen": .anyRole(writers),
        "POST /api/v1/cases/{id}/notes": .anyRole(writers), "POST /api/v1/cases/{id}/events": .anyRole(writers),
        "PUT /api/v1/cases/{id}/lead": .anyRole(siteEditors),
        "POST /api/v1/cases/{id}/tasks": .anyRole(writers), "PUT /api/v1/cases/{id}/tasks/{task}/status": .anyRole(writers),
        "POST /api/v1/cases/{id}/playbook": .anyRole(writers),
        "GET /api/v1/vessels": .signedIn, "GET /api/v1/vessels/{mmsi}": .signedIn, "GET /api/v1/vessels/{mmsi}/track": .signedIn,
        "POST /api/v1/session": .anyone, "GET /api/v1/session": .signedIn, "DELETE /api/v1/session": .signedIn,
        "GET /api/v1/tokens": .signedIn, "POST /api/v1/tokens": .session, "DELETE /api/v1/tokens/{id}": .signedIn,
        "GET /api/v1/users": .anyRole(admins), "POST /api/v1/users": .anyRole(admins),
        "PUT /api/v1/users/{id}": .anyRole(admins), "GET /api/v1/audit": .anyRole(admins),
        "GET /api/v1/alerts": .signedIn, "GET /api/v1/alerts/stream": .signedIn,
        "GET /api/v1/cap/alerts.xml": .anyone, "GET /api/v1/cap/alerts/{id}": .anyone,
        "GET /api/v1/webhooks": .anyRole(admins), "POST /api/v1/webhooks": .anyRole(admins),
        "DELETE /api/v1/webhooks/{id}": .anyRole(admins), "GET /api/v1/webhooks/deliveries": .anyRole(admins),
        "POST /api/v1/webhooks/deliveries/{id}/retry": .anyRole(admins),
        "GET /api/v1/playbooks": .signedIn, "PUT /api/v1/playbooks": .anyRole(siteEditors),
    ]

    public static func requirement(method: String, path: String) -> Requirement? { rules["\(method) \(path)"] }

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
