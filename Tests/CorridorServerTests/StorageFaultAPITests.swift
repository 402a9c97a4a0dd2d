import CorridorCore
import CorridorStore
import CorridorTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SQLKit
import Testing

@Suite struct StorageFaultAPITests {
    /// A write on a full disk is a 503 with Retry-After that names the fault, not a 500; the
    /// server keeps answering, and the same request succeeds once space is back.
    @Test func aFullDiskIsA503WithRetryAfterAndTheServerCarriesOn() async throws {
        try await TestDatabase.withStore(.sqlite) { (store: SQLStore) async throws in
            try await J.run(store: store) { client in
                try await StorageFaults.capSQLitePages(store, atMost: nil)
                // Pages already allocated may still hold a few writes; fill them first.
                var status = HTTPResponse.Status.created
                var response: (status: HTTPResponse.Status, retryAfter: String?, detail: String?)?
                for i in 0..<2_000 where status == .created {
                    let body = validEvent.replacingOccurrences(of: "BP-77", with: "BP-FULL-\(i)")
                    response = try await client.execute(uri: "/api/v1/events", method: .post, headers: J.jsonHeaders, body: J.json(body)) {
                        ($0.status, $0.headers[.retryAfter], J.object($0)["detail"] as? String)
                    }
                    status = response?.status ?? .created
                }
                #expect(response?.status == .serviceUnavailable)
                #expect(response?.retryAfter == "60")
                #expect(response?.detail?.contains("disk is full") == true)
                try await client.execute(uri: "/healthz", method: .get) { #expect($0.status == .ok) }
                try await client.execute(uri: "/api/v1/events?limit=1", method: .get, headers: J.jsonHeaders) { #expect($0.status == .ok) }

                try await StorageFaults.capSQLitePages(store, atMost: 1_000_000)
                let again = validEvent.replacingOccurrences(of: "BP-77", with: "BP-AFTER")
                try await client.execute(uri: "/api/v1/events", method: .post, headers: J.jsonHeaders, body: J.json(again)) {
                    #expect($0.status == .created)
                }
            }
            #expect(try await store.verifyAuditChain().firstBreak == nil)
        }
    }
}
