import CorridorAccess
import CorridorAlerts
import CorridorCore
import CorridorServices
import CorridorStore
import Foundation
import Hummingbird
import ServiceLifecycle

/// One subscriber's server-sent event stream of alerts.
///
/// The stream reads the store's alerts "after the last one sent", in ``AlertRecord/seq``
/// order, so whichever server stored an alert, every stream on every server sends it
/// once; a reconnecting browser sends `Last-Event-ID` and continues where it stopped.
/// Alerts the subscriber may not read are skipped (TLP), never sent.
struct AlertStream: Sendable {
    let store: any CorridorStore
    let feed: AlertFeed
    let reader: Principal?
    let after: Int
    let kinds: [String]
    /// Stop after this many alerts (for scripts and tests); nil: until the lifetime ends.
    let maximum: Int?
    let lifetime: Duration
    let pollInterval: Duration
    /// Whether the subscriber's credentials still stand, asked every ``recheckEvery``.
    var stillAuthorised: @Sendable () async -> Bool = { true }
    var recheckEvery: Duration = .seconds(15)

    static let keepAliveEvery: Duration = .seconds(15)

    func wants(_ alert: AlertRecord) -> Bool {
        alert.isReadable(by: reader) && AlertKindFilter.matches(alert.kind, kinds)
    }

    /// `id` and one line of JSON `data`, as the EventSource standard frames them. No `event:`
    /// name: browsers deliver unnamed events to one handler, so kinds added later need no
    /// client change; the kind is in the data.
    static func frame(_ alert: AlertRecord) throws -> String {
        let json = String(decoding: try DateFormats.jsonEncoder().encode(alert), as: UTF8.self)
        return "id: \(alert.seq ?? 0)\ndata: \(json)\n\n"
    }

    /// The stream's body; `lease` is held until the stream ends (or the body is dropped unsent).
    func body(holding lease: StreamSlots.Lease) -> ResponseBody {
        ResponseBody { writer in
            defer { lease.release() }
            let clock = ContinuousClock()
            let end = clock.now.advanced(by: lifetime)
            // Browsers wait this long before reconnecting after the stream ends.
            try await writer.write(ByteBuffer(string: "retry: 2000\n: alerts after \(after)\n\n"))
            var cursor = after
            var sent = 0
            var lastWrite = clock.now
            // The middleware checked the credentials just now.
            var lastCheck = clock.now
            streaming: while clock.now < end, !Task.isCancelled, !Task.isShuttingDownGracefully {
                if lastCheck.duration(to: clock.now) >= recheckEvery {
                    guard await stillAuthorised() else { break streaming }
                    lastCheck = clock.now
                }
                let batch = try await feed.latestSeq() > cursor ? store.alerts(afterSeq: cursor, limit: 200) : []
                for alert in batch {
                    cursor = alert.seq ?? cursor
                    guard wants(alert) else { continue }
                    try await writer.write(ByteBuffer(string: try Self.frame(alert)))
                    CorridorMetrics.recordAlertStreamed()
                    sent += 1
                    lastWrite = clock.now
                    if let maximum, sent >= maximum { break streaming }
                }
                if batch.count == 200 { continue }
                if lastWrite.duration(to: clock.now) >= Self.keepAliveEvery {
                    // Comments keep proxies from closing an idle stream.
                    try await writer.write(ByteBuffer(string: ": keep-alive\n\n"))
                    lastWrite = clock.now
                }
                do { try await Task.sleep(for: pollInterval) } catch { break }
            }
            try await writer.finish(nil)
        }
    }
}
