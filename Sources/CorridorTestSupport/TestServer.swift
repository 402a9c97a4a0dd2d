import CorridorServer
import CorridorStore
import Foundation
import Hummingbird
import HummingbirdTesting

/// Runs the real router in-process against a store, with the test clock, for API and page tests.
public enum TestServer {
    public static func run<T: Sendable>(
        store: any CorridorStore, _ test: @Sendable (any TestClientProtocol) async throws -> T
    ) async throws -> T {
        let app = Application(router: CorridorApp.router(store: store, now: { Fixtures.now }))
        return try await app.test(.router, test)
    }

    /// A JSON request body.
    public static func json(_ text: String) -> ByteBuffer { ByteBuffer(string: text) }

    public static let jsonHeaders: HTTPFields = [.contentType: "application/json"]

    /// The response body parsed as a JSON object (empty when it is not one).
    public static func object(_ response: TestResponse) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(buffer: response.body))) as? [String: Any] ?? [:]
    }

    public static func text(_ response: TestResponse) -> String { String(buffer: response.body) }
}
