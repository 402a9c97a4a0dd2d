import NIOConcurrencyHelpers
import NIOCore

/// Asks a running feed to stop the way a finished file stops: the reader ends, the last batch
/// is stored, and `run` returns its counts. Unlike cancelling the task, nothing already
/// decoded is lost on the way to the store (graceful shutdown of `serve` uses this).
final class FeedStop: Sendable {
    private struct State {
        var stopped = false
        var channel: (any Channel)?
    }

    private let state = NIOLockedValueBox(State())

    var isStopped: Bool { state.withLockedValue { $0.stopped } }

    func stop() {
        let channel = state.withLockedValue { s -> (any Channel)? in
            s.stopped = true
            return s.channel
        }
        channel?.close(promise: nil)
    }

    /// The socket to close on stop (closed at once when the feed is already stopping).
    func register(_ channel: any Channel) {
        let stopped = state.withLockedValue { s -> Bool in
            s.channel = channel
            return s.stopped
        }
        if stopped { channel.close(promise: nil) }
    }
}
