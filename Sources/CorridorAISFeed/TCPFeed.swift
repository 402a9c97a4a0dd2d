import NIOCore
import NIOPosix

/// A client of an AIS aggregator that serves NMEA lines over TCP. Reconnects after a lost or
/// refused connection, waiting longer each time (doubling, with jitter, up to a maximum), and
/// starts again from the shortest wait once a connection delivered data.
///
/// Back-pressure: the next read waits until the batch it completed has room in the queue,
/// and NIO stops reading the socket meanwhile, so the aggregator's sends slow down.
struct TCPFeed {
    let host: String
    let port: Int
    let configuration: AISIngestConfiguration
    let stop: FeedStop

    func run(into session: FeedSession, statistics: IngestStatistics) async throws {
        var delay = configuration.initialReconnectDelay
        var failures = 0
        var storeGone = false
        while !Task.isCancelled, !stop.isStopped, !storeGone {
            var gotData = false
            var lastError = "connection closed by peer"
            do {
                let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                    .channelOption(.socketOption(.so_keepalive), value: 1)
                    .connectTimeout(.seconds(10))
                    .connect(host: host, port: port) { channel in
                        channel.eventLoop.makeCompletedFuture {
                            try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                        }
                    }
                stop.register(channel.channel)
                await statistics.update { $0.connections += 1 }
                try await channel.executeThenClose { inbound, _ in
                    for try await buffer in inbound {
                        gotData = true
                        guard await session.ingest(buffer) else {
                            storeGone = true // storing failed: its error ends the feed
                            return
                        }
                    }
                }
            } catch is CancellationError {
                return
            } catch {
                lastError = String(describing: error)
            }
            if Task.isCancelled || stop.isStopped || storeGone { return }
            failures = gotData ? 1 : failures + 1
            if gotData { delay = configuration.initialReconnectDelay }
            await statistics.update { $0.connectionFailures += 1 }
            if let limit = configuration.maximumReconnectAttempts, failures >= limit {
                throw IngestError.gaveUp(feed: "tcp://\(host):\(port)", attempts: failures, lastError: lastError)
            }
            // Jitter keeps many feeds that lost one aggregator from reconnecting in step.
            let jitter = Double.random(in: 0.8...1.2)
            let resume = ContinuousClock.now + delay * jitter
            // In short steps, so a stop during a long wait is not kept waiting.
            while ContinuousClock.now < resume, !stop.isStopped {
                try await Task.sleep(for: min(.milliseconds(100), resume - ContinuousClock.now))
            }
            delay = min(delay * 2, configuration.maximumReconnectDelay)
        }
    }
}
