import CorridorServer
import CorridorStore
import CorridorTestSupport
import Foundation
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
