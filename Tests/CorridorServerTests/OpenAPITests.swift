import CorridorServer
import CorridorStore
import CorridorTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import Testing

@Suite struct OpenAPITests {
    /// Paths and their methods as written in the document (two-space path keys, four-space methods).
    static func documented() throws -> [String: Set<String>] {
        let text = try #require(CorridorApp.openAPIDocument())
        var result: [String: Set<String>] = [:]
        var current: String?
        var inPaths = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line == "paths:" {
                inPaths = true
                continue
            }
            if inPaths, !line.hasPrefix(" "), !line.isEmpty { break }
            guard inPaths else { continue }
            if line.hasPrefix("  /"), !line.hasPrefix("   "), line.hasSuffix(":") {
                current = String(line.dropFirst(2).dropLast())
                result[current ?? ""] = []
            } else if let path = current, line.hasPrefix("    "), !line.hasPrefix("     ") {
                let key = line.trimmingCharacters(in: .whitespaces).split(separator: ":").first.map(String.init) ?? ""
                if ["get", "post", "put", "delete", "patch"].contains(key) { result[path]?.insert(key.uppercased()) }
            }
        }
        return result
    }

    @Test func everyRouteIsDocumentedAndEveryDocumentedRouteExists() async throws {
        try await TestDatabase.withStore(.sqlite) { (store: SQLStore) async throws in
            let router = CorridorApp.router(store: store)
            let documented = try Self.documented()
            var routed: [String: Set<String>] = [:]
            for route in router.routes {
                // Hummingbird writes parameters as :id; OpenAPI as {id}.
                let path =
                    "/"
                    + route.path.description.split(separator: "/").map {
                        $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0)
                    }.joined(separator: "/")
                routed[path == "/" ? "/" : path, default: []].insert(route.method.rawValue)
            }
            #expect(routed == documented)
            #expect(routed["/api/v1/events"] == ["GET", "POST"])
        }
    }

    /// What the document says of one operation: its response codes, and whether it takes
    /// parameters or a body and needs credentials.
    struct Operation {
        var codes: Set<String> = []
        var parameters = false
        var body = false
        var public_ = false
        /// `security:` allows no credentials at all (`[]`) or optionally (`{}` among the options).
        var optionalCredentials = false
    }

    /// Every operation, keyed `METHOD /path`, read line by line (the document's layout is fixed:
    /// six-space operation keys, eight-space response codes).
    static func operations() throws -> [String: Operation] {
        let text = try #require(CorridorApp.openAPIDocument())
        var result: [String: Operation] = [:]
        var path: String?
        var key: String?
        var inResponses = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line == "components:" { break }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            let indent = line.prefix { $0 == " " }.count
            if indent == 2, trimmed.hasPrefix("/"), trimmed.hasSuffix(":") {
                path = String(trimmed.dropLast())
                key = nil
            } else if indent == 4, let path, let method = trimmed.split(separator: ":").first,
                ["get", "post", "put", "delete", "patch"].contains(method)
            {
                key = "\(method.uppercased()) \(path)"
                result[key ?? ""] = Operation()
                inResponses = false
            } else if let key, indent == 6 {
                inResponses = trimmed.hasPrefix("responses:")
                if trimmed.hasPrefix("parameters:") { result[key]?.parameters = true }
                if trimmed.hasPrefix("requestBody:") { result[key]?.body = true }
                if trimmed == "security: []" { result[key]?.public_ = true }
                if trimmed == "security: []" || (trimmed.hasPrefix("security:") && trimmed.contains("{}")) {
                    result[key]?.optionalCredentials = true
                }
            } else if let key, inResponses, indent == 8, trimmed.hasPrefix("\"") {
                result[key]?.codes.insert(String(trimmed.dropFirst().prefix(3)))
            }
        }
        return result
    }

    /// The answers every operation can give besides its own, declared so that a client (and
    /// schemathesis's status-code check) knows them: 401 for missing or invalid credentials
    /// (every operation that takes credentials: a wrong token is refused even on public
    /// routes); 403 where a role, a session or a CSRF token is needed; 400 for a malformed
    /// query or body; 404 for a path naming no record; 413 and 422 for bodies too large or
    /// invalid; 503 with Retry-After wherever the database is read or written (unreachable,
    /// full or read-only).
    /// The routes answered from the binary alone.
    static let withoutDatabase: Set<String> = ["GET /healthz", "GET /openapi.yaml", "GET /assets/{name}"]

    @Test func everyOperationDeclaresTheAnswersItCanGive() async throws {
        try await TestDatabase.withStore(.sqlite) { (store: SQLStore) async throws in
            let rules = RouteAuthorisationTests.routing(store).rules.all
            var missing: [String] = []
            for (key, operation) in try Self.operations() {
                guard let rule = rules[key] else { continue }
                var needed: Set<String> = []
                if !operation.public_ { needed.insert("401") }
                if key.hasPrefix("GET") == false, !operation.public_ { needed.insert("403") }
                if case .anyRole = rule { needed.insert("403") }
                if rule == .session { needed.insert("403") }
                if operation.parameters || operation.body { needed.insert("400") }
                if key.contains("{") { needed.insert("404") }
                if operation.body { needed.formUnion(["413", "422"]) }
                if !Self.withoutDatabase.contains(key) { needed.insert("503") }
                for code in needed.subtracting(operation.codes).sorted() { missing.append("\(key) \(code)") }
                // Routes anyone may call say that credentials are optional there; the others that they are needed.
                if (rule == .anyone) != operation.optionalCredentials {
                    missing.append("\(key) security: \(rule == .anyone ? "optional" : "required")")
                }
            }
            #expect(missing.isEmpty, "undeclared answers:\n\(missing.sorted().joined(separator: "\n"))")
        }
    }

    @Test func theDocumentIsServed() async throws {
        try await TestDatabase.withStore(.sqlite) { (store: SQLStore) async throws in
            try await TestServer.run(store: store) { client in
                try await client.execute(uri: "/openapi.yaml", method: .get) { response in
                    #expect(response.status == .ok)
                    #expect(TestServer.text(response).hasPrefix("openapi: 3.1.0"))
                }
            }
        }
    }
}

/// What HTTP itself promises beyond the routes: methods a path does not answer, paths nothing
/// answers, and query strings as forms encode them.
@Suite struct HTTPConformanceTests {
    @Test func anUndeclaredMethodIs405WithAllowAndAnUnknownPathIs404() async throws {
        try await TestDatabase.withStore(.sqlite) { (store: SQLStore) async throws in
            try await TestServer.run(store: store) { client in
                try await client.execute(uri: "/api/v1/events", method: .init("TRACE")!) { response in
                    #expect(response.status == .methodNotAllowed)
                    #expect(response.headers[.allow] == "GET, POST")
                    #expect(response.headers[.contentType] == "application/problem+json")
                }
                // A literal segment wins over a parameter, as in the router: deliveries is not a webhook id.
                try await client.execute(uri: "/api/v1/webhooks/deliveries", method: .delete) { response in
                    #expect(response.status == .methodNotAllowed)
                    #expect(response.headers[.allow] == "GET")
                }
                try await client.execute(uri: "/api/v1/events/ev-0123", method: .patch) {
                    #expect($0.headers[.allow] == "GET, PUT")
                }
                try await client.execute(uri: "/api/v1/no-such-thing", method: .get) { #expect($0.status == .notFound) }
                try await client.execute(uri: "/api/v1/events/a/b/c", method: .get) { #expect($0.status == .notFound) }
            }
        }
    }

    @Test func aPlusInTheQueryIsASpaceAndPercentEncodingIsDecodedOnce() async throws {
        try await TestDatabase.withStore(.sqlite) { (store: SQLStore) async throws in
            _ = try await store.save(
                site: Fixtures.site(id: "peshawar", name: "Peshawar", at: Fixtures.coordinate(34.0, 71.5), province: .khyberPakhtunkhwa))
            try await TestServer.run(store: store) { client in
                try await client.execute(uri: "/api/v1/sites?province=Khyber+Pakhtunkhwa", method: .get) { response in
                    #expect(response.status == .ok)
                    #expect(TestServer.object(response)["count"] as? Int == 1)
                }
                // %2525 is "%25" once decoded, which is not a province: decoding twice would make it "%".
                try await client.execute(uri: "/api/v1/sites?province=%2525", method: .get) { response in
                    #expect(response.status == .badRequest)
                    #expect((TestServer.object(response)["detail"] as? String)?.contains("\"%25\"") == true)
                }
            }
        }
    }

    @Test func readinessIsPlainText() async throws {
        try await TestDatabase.withStore(.sqlite) { (store: SQLStore) async throws in
            try await TestServer.run(store: store, roles: nil) { client in
                try await client.execute(uri: "/readyz", method: .get) { response in
                    #expect(response.headers[.contentType] == "text/plain; charset=utf-8")
                }
            }
        }
    }
}
