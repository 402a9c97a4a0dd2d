import ArgumentParser
import CorridorAccess
import CorridorCore
import CorridorServices
import CorridorStore
import Foundation

struct UsersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users", abstract: "Create and list user accounts.", subcommands: [UsersCreate.self, UsersList.self])
}

/// Reads a password without echo from a terminal, or one line from standard input.
func readPassword(prompt: String) -> String? {
    if isatty(STDIN_FILENO) == 1 {
        FileHandle.standardError.write(Data(prompt.utf8))
        var old = termios()
        tcgetattr(STDIN_FILENO, &old)
        var silent = old
        silent.c_lflag &= ~tcflag_t(ECHO)
        tcsetattr(STDIN_FILENO, TCSANOW, &silent)
        defer {
            tcsetattr(STDIN_FILENO, TCSANOW, &old)
            FileHandle.standardError.write(Data("\n".utf8))
        }
        return readLine(strippingNewline: true)
    }
    return readLine(strippingNewline: true)
}

struct UsersCreate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create a user (prompts for the password, or reads one line from standard input).",
        discussion: """
            The password must have at least 12 characters, not be one of the most common ones and not
            contain the username. It is stored only as a bcrypt hash (cost 12). Example:
              echo 'long passphrase here' | corridorwatch users create --agency cpec-authority --role admin --username admin
            """)

    @OptionGroup var options: GlobalOptions
    @Option(help: "The user's agency id (see /api/v1/agencies).") var agency: String
    @Option(name: .customLong("role"), help: "A role: viewer, analyst, responder, coordinator, admin. Repeat for several.")
    var roles: [String]
    @Option(help: "The username (2-40 of a-z, 0-9, '.', '_', '-').") var username: String
    @Option(help: "Display name.") var name: String?

    func run() async throws {
        let store = try await options.openStore(migrate: false)
        do {
            guard let password = readPassword(prompt: "Password for \(username): ") else {
                throw ValidationError("no password given on standard input")
            }
            let user = try UserRules.validated(
                username: username, displayName: name, agencyID: agency, roles: roles, password: password,
                agencies: try await store.agencies().map(\.id))
            guard try await store.user(id: user.id) == nil else { throw ValidationError("user \(user.id) already exists") }
            _ = try await store.save(user: user, passwordHash: PasswordHasher.production.hash(password), by: commandActor())
            await store.close()
            print("created user \(user.id) (\(user.roles.map(\.rawValue).sorted().joined(separator: ", "))) in \(user.agencyID)")
        } catch let problem as FieldProblem {
            await store.close()
            throw ValidationError(problem.description)
        } catch {
            await store.close()
            throw error
        }
    }
}

struct UsersList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List users.")
    @OptionGroup var options: GlobalOptions

    func run() async throws {
        let store = try await options.openStore(migrate: false)
        let users = try await store.users()
        await store.close()
        for u in users {
            print(
                "\(u.id)\t\(u.agencyID)\t\(u.roles.map(\.rawValue).sorted().joined(separator: ","))\t\(u.disabled ? "disabled" : "active")")
        }
    }
}
