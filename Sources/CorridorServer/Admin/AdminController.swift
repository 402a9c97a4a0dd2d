import CorridorAccess
import CorridorCore
import CorridorServices
import CorridorStore
import Foundation
import Hummingbird

/// `/api/v1/users` and `/api/v1/audit`, for administrators.
struct AdminController {
    let store: any CorridorStore
    let hasher: PasswordHasher

    func register(on api: Routes) {
        api.get("users", .admins, use: users)
        api.post("users", .admins, use: createUser)
        api.put("users/:id", .admins, use: updateUser)
        api.get("audit", .admins, use: audit)
    }

    @Sendable func users(_ request: Request, context: CorridorRequestContext) async throws -> JSONDocument<ListBody<User>> {
        JSONDocument(ListBody(items: try await store.users(), nextCursor: nil))
    }

    struct NewUser: Decodable {
        let username: String
        let displayName: String?
        let agencyID: String
        let roles: [String]
        let password: String
        enum CodingKeys: String, CodingKey { case username, displayName = "display_name", agencyID = "agency_id", roles, password }
    }

    @Sendable func createUser(_ request: Request, context: CorridorRequestContext) async throws -> Response {
        let body = try await JSONBody.decode(NewUser.self, from: request, context: context)
        let user = try UserRules.validated(
            username: body.username, displayName: body.displayName, agencyID: body.agencyID, roles: body.roles,
            password: body.password, agencies: try await store.agencies().map(\.id))
        guard try await store.user(id: user.id) == nil else {
            throw Problem(.conflict, "user \(user.id) already exists", field: "username")
        }
        _ = try await store.save(user: user, passwordHash: hasher.hash(body.password), by: context.auditActor)
        return try JSONBody.response(user, status: .created)
    }

    struct UserChange: Decodable {
        let displayName: String?
        let agencyID: String?
        let roles: [String]?
        let disabled: Bool?
        let password: String?
        enum CodingKeys: String, CodingKey {
            case displayName = "display_name", agencyID = "agency_id", roles, disabled, password
        }
    }

    /// Changes a user's agency, roles (audited as `permission_change`), state or password.
    @Sendable func updateUser(_ request: Request, context: CorridorRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        guard var (user, _) = try await store.user(id: id) else { throw Problem.notFound("user \(id)") }
        let change = try await JSONBody.decode(UserChange.self, from: request, context: context)
        if let name = change.displayName { user.displayName = name }
        if let agency = change.agencyID {
            guard try await store.agencies().contains(where: { $0.id == agency }) else {
                throw Problem(.unprocessableContent, "agency_id: no agency \"\(agency)\"", field: "agency_id")
            }
            user.agencyID = agency
        }
        if let roles = change.roles {
            var set = Set<Role>()
            for r in roles {
                guard let role = Role(rawValue: r) else {
                    throw Problem(.unprocessableContent, "roles: \"\(r)\" is not a role", field: "roles")
                }
                set.insert(role)
            }
            guard !set.isEmpty else { throw Problem(.unprocessableContent, "roles: give at least one role", field: "roles") }
            if user.id == context.principal?.userID, !set.contains(.admin) {
                throw Problem(.unprocessableContent, "roles: you cannot remove your own admin role", field: "roles")
            }
            user.roles = set
        }
        if let disabled = change.disabled { user.disabled = disabled }
        var hash: String?
        if let password = change.password {
            let problems = PasswordPolicy.problems(password, username: user.id)
            guard problems.isEmpty else {
                throw Problem(.unprocessableContent, "password: " + problems.joined(separator: "; "), field: "password")
            }
            hash = hasher.hash(password)
        }
        let outcome = try await store.save(user: user, passwordHash: hash, by: context.auditActor)
        return try JSONBody.response(user, headers: [.saveOutcome: outcome.rawValue])
    }

    @Sendable func audit(_ request: Request, context: CorridorRequestContext) async throws -> JSONDocument<ListBody<AuditEntry>> {
        let q = try QueryParameters(request, also: ["actor", "action", "object_type", "object_id", "before"])
        let entries = try await store.auditLog(
            AuditQuery(
                actor: q["actor"], action: q["action"], objectType: q["object_type"], objectID: q["object_id"],
                beforeSeq: try q.int("before", range: 1...Int.max), limit: try q.int("limit", range: 1...1000) ?? 100))
        return JSONDocument(ListBody(items: entries, nextCursor: entries.count > 0 ? entries.last.map { String($0.seq) } : nil))
    }
}
