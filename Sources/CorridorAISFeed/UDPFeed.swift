import NIOCore
import NIOPosix

/// A listener for receivers that send NMEA sentences as UDP datagrams (one or more lines per
/// datagram). A sender cannot be slowed down, so when storing falls behind whole batches are
/// dropped and counted rather than queued without bound.
struct UDPFeed {
    let host: String
    let port: Int
    let stop: FeedStop

    func run(into session: FeedSession, statistics: IngestStatistics) async throws {
        let channel = try await DatagramBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<AddressedEnvelope<ByteBuffer>, AddressedEnvelope<ByteBuffer>>(wrappingChannelSynchronously: channel)
                }
            }
        stop.register(channel.channel)
        let bound = channel.channel.localAddress?.port
        await statistics.update { $0.listeningPort = bound }
        try await withTaskCancellationHandler {
            try await channel.executeThenClose { inbound, _ in
                for try await envelope in inbound {
                    // Each datagram ends its last line even without a newline.
                    var data = envelope.data
                    if data.readableBytesView.last != 10 { data.writeInteger(UInt8(10)) }
                    // False once storing has failed: its error ends the feed.
                    guard await session.ingest(data) else { return }
                }
            }
        } onCancel: {
            channel.channel.close(promise: nil)
        }
    }
}
