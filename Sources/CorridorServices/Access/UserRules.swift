import CorridorAccess
import CorridorCore
import Foundation

/// The rules for a new account, shared by the API, the administrators' page and
/// `corridorwatch users create`. A broken rule throws a ``FieldProblem`` naming the field.
public enum UserRules {
    public static func validated(
        username: String, displayName: String?, agencyID: String, roles: [String], password: String, agencies: [String]
    ) throws -> User {
        let name = username.trimmingCharacters(in: .whitespaces).lowercased()
        guard Slug.isValid(name) || name.range(of: #"^[a-z0-9._-]{2,40}$"#, options: .regularExpression) != nil else {
            throw FieldProblem(field: "username", reason: "use 2-40 of a-z, 0-9, '.', '_' or '-'")
        }
        guard agencies.contains(agencyID) else {
            throw FieldProblem(field: "agency_id", reason: "no agency \"\(agencyID)\"")
        }
        var set = Set<Role>()
        for r in roles {
            guard let role = Role(rawValue: r) else {
                throw FieldProblem(
                    field: "roles", reason: "\"\(r)\" is not one of \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            set.insert(role)
        }
        guard !set.isEmpty else { throw FieldProblem(field: "roles", reason: "give at least one role") }
        let problems = PasswordPolicy.problems(password, username: name)
        guard problems.isEmpty else {
            throw FieldProblem(field: "password", reason: problems.joined(separator: "; "))
        }
        return User(id: name, displayName: displayName ?? name, agencyID: agencyID, roles: set)
    }
}
