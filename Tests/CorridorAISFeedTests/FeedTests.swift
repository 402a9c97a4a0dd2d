import CorridorCore
import CorridorStore
import CorridorTestSupport
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import Testing

@testable import CorridorAISFeed

@Suite struct FileIngestTests {
    @Test(arguments: TestBackend.available)
    func storesVesselsPositionsAndJoinedStaticReports(_ backend: TestBackend) async throws {
        try await TestDatabase.withStore(backend) { (store: SQLStore) async throws in
            let counts = try await AISIngest(store: store).run(.file(path: Fixtures.aisSamplePath))
            #expect(counts.decoder.sentences == 9 && counts.decoder.messages == 8)
            #expect(counts.decoder.badChecksums == 1 && counts.decoder.rejected["bad_checksum"] == 1)
            #expect(counts.positionsStored == 4 && counts.positionsWithoutFix == 1 && counts.staticReports == 3)

            let gwadarStar = try #require(try await store.vessel(mmsi: 463_012_345))
            #expect(gwadarStar.name == "GWADAR STAR" && gwadarStar.imo == 9_876_543 && gwadarStar.callsign == "APGS1")
            #expect(gwadarStar.shipType == 70 && gwadarStar.length == 150 && gwadarStar.destination == "KARACHI")
            #expect(gwadarStar.flag == "PK")
            let last = try #require(gwadarStar.lastPosition)
            #expect(last.at == Date(timeIntervalSince1970: 1_780_000_120) && last.source == "rx-gwadar")
            #expect(abs(last.latitude - 25.11) < 1e-4 && abs(last.longitude - 62.32) < 1e-4 && last.speed == 10.5 && last.heading == 91)

            // Type 24 part A (name) and part B (type, call sign, size) arrive on different channels.
            let haiYang = try #require(try await store.vessel(mmsi: 412_000_001))
            #expect(haiYang.name == "HAI YANG 7" && haiYang.callsign == "BXYZ" && haiYang.shipType == 30 && haiYang.length == 20)
            #expect(haiYang.flag == "CN" && haiYang.lastPosition?.messageType == 18)

            let track = try await store.track(mmsi: 463_012_345, from: nil, to: nil, limit: 100)
            #expect(track.map(\.at.timeIntervalSince1970) == [1_780_000_000, 1_780_000_060, 1_780_000_120])
            let window = try await store.track(
                mmsi: 463_012_345, from: Date(timeIntervalSince1970: 1_780_000_030), to: Date(timeIntervalSince1970: 1_780_000_100),
                limit: 100)
            #expect(window.count == 1 && window.first?.at == Date(timeIntervalSince1970: 1_780_000_060))
            #expect(try await store.vessels(VesselQuery()).map(\.mmsi) == [412_000_001, 463_012_345])
        }
    }

    @Test(arguments: TestBackend.available)
    func ingestingTheSameTimedLogTwiceStoresNothingNew(_ backend: TestBackend) async throws {
        try await TestDatabase.withStore(backend) { (store: SQLStore) async throws in
            let ingest = AISIngest(store: store)
            _ = try await ingest.run(.file(path: Fixtures.aisSamplePath))
            let again = try await AISIngest(store: store).run(.file(path: Fixtures.aisSamplePath))
            #expect(again.positionsStored == 0 && again.positionsDuplicate == 4)
            #expect(try await store.positionCount() == 4)
        }
    }

    /// A database that is away (here: refusing writes, as a read-only file or a PostgreSQL
    /// standby would) does not end the feed: the batch is kept, tried again with backoff, and
    /// stored whole once writes are possible again. `postgres_restart.sh` shows the same with
    /// PostgreSQL stopped under a live TCP feed.
    @Test func aFeedKeepsItsBatchWhileTheDatabaseIsAwayAndStoresItAfter() async throws {
        try await TestDatabase.withStore(.sqlite) { (store: SQLStore) async throws in
            try await store.withSQL { db in try await db.raw("PRAGMA query_only=1").run() }
            var configuration = AISIngestConfiguration()
            configuration.initialStoreRetryDelay = .milliseconds(1)
            configuration.maximumStoreRetryDelay = .milliseconds(4)
            let ingest = AISIngest(store: store, configuration: configuration)
            let run = Task { try await ingest.run(.file(path: Fixtures.aisSamplePath)) }
            let during = await ingest.statistics.wait { $0.storeRetries >= 3 }
            #expect(during.positionsStored == 0 && during.storeRetries >= 3)
            try await store.withSQL { db in try await db.raw("PRAGMA query_only=0").run() }
            let counts = try await run.value
            #expect(counts.positionsStored == 4 && counts.staticReports == 3 && counts.positionsDuplicate == 0)
            #expect(try await store.positionCount() == 4)
        }
    }

    @Test func aMissingFileIsAnErrorNamingIt() async throws {
        try await TestDatabase.withStore(.sqlite) { (store: SQLStore) async throws in
            await #expect(throws: IngestError.cannotRead("/nonexistent/x.nmea")) {
                try await AISIngest(store: store).run(.file(path: "/nonexistent/x.nmea"))
            }
            #expect(try await store.positionCount() == 0)
        }
    }

    @Test func classBExtendedReportsGiveAPositionAndStaticData() throws {
        var batcher = AISBatcher(feedName: "test")
        // gpsd's ais_unpack_sixbit.log: type 19 of YUXINHUO10388 at 31.9367 N 120.1805 E.
        batcher.add(line: Array("!AIVDM,1,1,,B,C6:W26h00:9RAr4THs4cTRv0jbhBL@bOSQWii0000000S4862S0P,0*71".utf8)[...], readAt: Date())
        let batch = batcher.take()
        let position = try #require(batch.positions.first)
        #expect(batch.positions.count == 1 && position.mmsi == 413_778_459 && position.messageType == 19)
        #expect(abs(position.latitude - 31.936722) < 1e-6 && abs(position.longitude - 120.18046) < 1e-6 && position.course == 69.7)
        #expect(batch.statics.map(\.name) == ["YUXINHUO10388"] && batch.statics.first?.flag == "CN")
    }

    @Test func untimedReportsGetDistinctTimesSoNoneCollapses() {
        var batcher = AISBatcher(feedName: "test")
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let line = Array("!AIVDM,1,1,,A,15M67FC000G?ufbE`FepT@3n00Sa,0*5F".utf8)[...]
        for _ in 0..<3 { batcher.add(line: line, readAt: now) }
        let batch = batcher.take()
        #expect(batch.positions.map(\.at.timeIntervalSince1970) == [1_800_000_000, 1_800_000_000.001, 1_800_000_000.002])
        #expect(batch.positions.allSatisfy { $0.source == "test" })
        #expect(batcher.take().isEmpty)
    }
}

@Suite struct VesselStoreTests {
    @Test(arguments: TestBackend.available)
    func lastPositionOnlyMovesForwardAndRetentionPrunes(_ backend: TestBackend) async throws {
        try await TestDatabase.withStore(backend) { (store: SQLStore) async throws in
            func position(_ t: Double, lat: Double) -> VesselPosition {
                VesselPosition(
                    mmsi: 463_000_001, at: Date(timeIntervalSince1970: t), latitude: lat, longitude: 62.3, speed: nil, messageType: 1)
            }
            #expect(try await store.save(positions: [position(2000, lat: 25.2)], flags: [463_000_001: "PK"]) == 1)
            #expect(try await store.save(positions: [position(1000, lat: 25.1)], flags: [:]) == 1)
            let v = try #require(try await store.vessel(mmsi: 463_000_001))
            #expect(v.lastSeen == Date(timeIntervalSince1970: 2000) && v.lastPosition?.latitude == 25.2 && v.flag == "PK")
            #expect(v.lastPosition?.speed == nil)
            // Static reports merge: a report without a name keeps the known name.
            try await store.save(vesselStatics: [Vessel(mmsi: 463_000_001, name: "MAKRAN PEARL")])
            try await store.save(vesselStatics: [Vessel(mmsi: 463_000_001, callsign: "AP123")])
            let merged = try #require(try await store.vessel(mmsi: 463_000_001))
            #expect(merged.name == "MAKRAN PEARL" && merged.callsign == "AP123" && merged.lastSeen == Date(timeIntervalSince1970: 2000))
            #expect(try await store.prunePositions(before: Date(timeIntervalSince1970: 1500)) == 1)
            #expect(try await store.track(mmsi: 463_000_001, from: nil, to: nil, limit: 10).map(\.latitude) == [25.2])
            let inBox = try await store.vessels(
                VesselQuery(boundingBox: BoundingBox(minLongitude: 62, minLatitude: 25, maxLongitude: 63, maxLatitude: 26)))
            let outOfBox = try await store.vessels(
                VesselQuery(boundingBox: BoundingBox(minLongitude: 66, minLatitude: 24, maxLongitude: 67, maxLatitude: 25)))
            #expect(inBox.count == 1 && outOfBox.isEmpty)
        }
    }

    /// Newer positions take PostgreSQL's COPY path, late and repeated ones the checked one;
    /// two writers racing over the same vessel both finish, and every position is stored once.
    @Test(arguments: TestBackend.available)
    func lateRepeatedAndRacingPositionsAreStoredOnce(_ backend: TestBackend) async throws {
        try await TestDatabase.withStore(backend) { (store: SQLStore) async throws in
            func position(_ t: Double, mmsi: Int = 463_000_002, source: String? = "rx") -> VesselPosition {
                VesselPosition(
                    mmsi: mmsi, at: Date(timeIntervalSince1970: t), latitude: 25, longitude: 62.3, speed: 12.5, messageType: 1,
                    source: source)
            }
            #expect(try await store.save(positions: (0..<100).map { position(1000 + Double($0)) }, flags: [:]) == 100)
            // The same batch again, then late and new ones mixed with a duplicate inside the batch.
            #expect(try await store.save(positions: (0..<100).map { position(1000 + Double($0)) }, flags: [:]) == 0)
            let mixed = [position(500), position(1050), position(2000), position(2000), position(2001)]
            #expect(try await store.save(positions: mixed, flags: [:]) == 3)
            // A source with the characters COPY's text format escapes comes back as it went in.
            let odd = "rx\\1\tA\nB\r"
            #expect(try await store.save(positions: [position(3000, source: odd)], flags: [:]) == 1)
            let stored = try await store.track(mmsi: 463_000_002, from: Date(timeIntervalSince1970: 3000), to: nil, limit: 1)
            #expect(stored.first?.source == odd)
            // Two writers with overlapping batches for the same vessels at once.
            let a = (0..<2000).map { position(10_000 + Double($0), mmsi: 463_000_003 + $0 % 3) }
            let b = (1000..<3000).map { position(10_000 + Double($0), mmsi: 463_000_003 + $0 % 3) }
            async let first = store.save(positions: a, flags: [:])
            async let second = store.save(positions: b, flags: [:])
            let (x, y) = try await (first, second)
            #expect(x + y == 3000)
            #expect(try await store.positionCount() == 100 + 3 + 1 + 3000)
        }
    }

    @Test(arguments: TestBackend.available)
    func largeBatchesSpanSeveralStatements(_ backend: TestBackend) async throws {
        try await TestDatabase.withStore(backend) { (store: SQLStore) async throws in
            var positions: [VesselPosition] = []
            for i in 0..<7001 {
                let course: Double? = i % 2 == 0 ? 90 : nil
                let heading: Int? = i % 3 == 0 ? nil : 45
                let source: String? = i % 5 == 0 ? nil : "rx"
                positions.append(
                    VesselPosition(
                        mmsi: 463_000_000 + i % 50, at: Date(timeIntervalSince1970: 1_000_000 + Double(i)), latitude: 25, longitude: 62,
                        course: course, heading: heading, messageType: 1, source: source))
            }
            #expect(try await store.save(positions: positions, flags: [:]) == 7001)
            #expect(try await store.positionCount() == 7001)
            let track = try await store.track(mmsi: 463_000_000, from: nil, to: nil, limit: 1000)
            #expect(track.count == 141 && track[0].course == 90 && track[0].heading == nil && track[0].source == nil)
            #expect(track[1].course == 90 && track[1].heading == 45 && track[1].source == nil)
            let odd = try await store.track(mmsi: 463_000_001, from: nil, to: nil, limit: 1)
            #expect(odd.first?.course == nil && odd.first?.heading == 45 && odd.first?.source == "rx")
        }
    }
}

@Suite struct LineSplitterTests {
    @Test func linesAreCutAcrossReadsWithCRLFAndOverlongLinesDropped() {
        var splitter = LineSplitter(maxLineLength: 10)
        var lines: [String] = []
        func feed(_ s: String) {
            Array(s.utf8).withUnsafeBytes { splitter.split($0) { lines.append(String(decoding: $0, as: UTF8.self)) } }
        }
        feed("abc\r\nde")
        feed("f\n0123456789ABCDEF")
        feed("GH\nok\nlast")
        splitter.finish { lines.append(String(decoding: $0, as: UTF8.self)) }
        #expect(lines == ["abc\r", "def", "ok", "last"])
        #expect(splitter.overlongLines == 1)
    }
}

@Suite struct FeedSourceTests {
    @Test func addressesAreParsedOrRejectedWithTheReason() throws {
        #expect(try FeedSource(parsing: "tcp://ais.example:5631") == .tcp(host: "ais.example", port: 5631))
        #expect(try FeedSource(parsing: "udp://:10110") == .udp(host: "0.0.0.0", port: 10110))
        #expect(try FeedSource(parsing: "-") == .standardInput)
        #expect(try FeedSource(parsing: "logs/a.nmea") == .file(path: "logs/a.nmea"))
        #expect(throws: FeedSource.ParseError.badAddress("tcp://host")) { try FeedSource(parsing: "tcp://host") }
        #expect(throws: FeedSource.ParseError.badAddress("tcp://:80")) { try FeedSource(parsing: "tcp://:80") }
        #expect(throws: FeedSource.ParseError.badAddress("udp://:70000")) { try FeedSource(parsing: "udp://:70000") }
        #expect(throws: FeedSource.ParseError.badAddress("http://x:1")) { try FeedSource(parsing: "http://x:1") }
    }
}

@Suite struct BackPressureTests {
    @Test func aFullQueueMakesSendWaitAndOfferFail() async {
        let queue = BoundedQueue<Int>(capacity: 2)
        let first = await queue.offer(1)
        let second = await queue.offer(2)
        let third = await queue.offer(3)
        #expect(first && second && !third)
        // A sender waits for room; the consumer's take lets it in, in order.
        async let sent = queue.send(4)
        #expect(await queue.next() == 1)
        #expect(await sent)
        let (a, b) = (await queue.next(), await queue.next())
        #expect(a == 2 && b == 4)
        await queue.finish()
        let (end, late) = (await queue.next(), await queue.send(5))
        #expect(end == nil && !late)
    }

    @Test func udpDropsWholeBatchesAndCountsThemWhenTheStoreFallsBehind() async throws {
        let queue = BoundedQueue<IngestBatch>(capacity: 1)
        let statistics = IngestStatistics()
        let session = FeedSession(
            batcher: AISBatcher(feedName: "udp", batchSize: 1), queue: queue, statistics: statistics, feed: "udp-test",
            now: { Date(timeIntervalSince1970: 1_800_000_000) }, dropWhenFull: true)
        let line = "!AIVDM,1,1,,A,15M67FC000G?ufbE`FepT@3n00Sa,0*5F\n"
        for _ in 0..<3 { _ = await session.ingest(Data(line.utf8)) }
        let counts = await statistics.counts
        #expect(counts.droppedBatches == 2 && counts.droppedPositions == 2)
        #expect(await queue.count == 1)
    }
}

@Suite(.serialized, .timeLimit(.minutes(1))) struct LiveFeedTests {
    /// A TCP server on 127.0.0.1 that sends one sentence per connection and closes it.
    static func oneShotServer(lines: [String]) async throws -> (port: Int, channel: any Channel) {
        let counter = ConnectionCounter(lines: lines)
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { child in
                child.eventLoop.makeCompletedFuture { try child.pipeline.syncOperations.addHandler(SendLineAndClose(line: counter.next())) }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return (channel.localAddress?.port ?? 0, channel)
    }

    @Test func tcpFeedReconnectsAfterTheServerClosesAndStoresEveryConnectionsData() async throws {
        try await TestDatabase.withStore(.sqlite) { (store: SQLStore) async throws in
            let sample = try String(contentsOfFile: Fixtures.aisSamplePath, encoding: .utf8).split(separator: "\n").map(String.init)
            let (port, server) = try await Self.oneShotServer(lines: Array(sample[1...3]))
            var configuration = AISIngestConfiguration()
            configuration.initialReconnectDelay = .milliseconds(5)
            configuration.maximumReconnectDelay = .milliseconds(20)
            configuration.flushInterval = .milliseconds(10)
            let ingest = AISIngest(store: store, configuration: configuration)
            let task = Task { try await ingest.run(.tcp(host: "127.0.0.1", port: port)) }
            _ = await ingest.statistics.wait { $0.positionsStored >= 3 }
            ingest.stop()
            let counts = try await task.value
            try await server.close()
            #expect(counts.positionsStored == 3 && counts.connections >= 3 && counts.connectionFailures >= 2)
            #expect(try await store.track(mmsi: 463_012_345, from: nil, to: nil, limit: 10).count == 3)
        }
    }

    @Test func aFailingStoreEndsALiveFeedWithItsError() async throws {
        let sample = try String(contentsOfFile: Fixtures.aisSamplePath, encoding: .utf8).split(separator: "\n").map(String.init)
        let (port, server) = try await Self.oneShotServer(lines: Array(sample[1...3]))
        var configuration = AISIngestConfiguration()
        configuration.initialReconnectDelay = .milliseconds(5)
        configuration.flushInterval = .milliseconds(10)
        try await TestDatabase.withStore(.sqlite) { (store: SQLStore) async throws in
            // Every save of positions fails.
            try await store.withSQL { db in try await db.raw("DROP TABLE vessel_positions").run() }
            await #expect(throws: (any Error).self) {
                try await AISIngest(store: store, configuration: configuration).run(.tcp(host: "127.0.0.1", port: port))
            }
        }
        try await server.close()
    }

    @Test func tcpFeedGivesUpAfterTheConfiguredAttempts() async throws {
        try await TestDatabase.withStore(.sqlite) { (store: SQLStore) async throws in
            // Bind and close to find a port nobody listens on.
            let probe = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton).bind(host: "127.0.0.1", port: 0).get()
            let port = probe.localAddress?.port ?? 1
            try await probe.close()
            var configuration = AISIngestConfiguration()
            configuration.initialReconnectDelay = .milliseconds(1)
            configuration.maximumReconnectAttempts = 3
            await #expect(throws: IngestError.self) {
                try await AISIngest(store: store, configuration: configuration).run(.tcp(host: "127.0.0.1", port: port))
            }
        }
    }

    @Test func udpListenerStoresDatagrams() async throws {
        try await TestDatabase.withStore(.sqlite) { (store: SQLStore) async throws in
            var configuration = AISIngestConfiguration()
            configuration.flushInterval = .milliseconds(10)
            let ingest = AISIngest(store: store, configuration: configuration)
            let task = Task { try await ingest.run(.udp(host: "127.0.0.1", port: 0)) }
            let listening = await ingest.statistics.wait { $0.listeningPort != nil }
            let port = try #require(listening.listeningPort)
            let sample = try String(contentsOfFile: Fixtures.aisSamplePath, encoding: .utf8).split(separator: "\n").map(String.init)
            let sender = try await DatagramBootstrap(group: MultiThreadedEventLoopGroup.singleton).bind(host: "127.0.0.1", port: 0).get()
            let target = try SocketAddress(ipAddress: "127.0.0.1", port: port)
            // Two sentences in one datagram, one without a final newline.
            for payload in [sample[1] + "\n" + sample[2] + "\n", sample[3]] {
                var buffer = sender.allocator.buffer(capacity: 200)
                buffer.writeString(payload)
                try await sender.writeAndFlush(AddressedEnvelope(remoteAddress: target, data: buffer)).get()
            }
            _ = await ingest.statistics.wait { $0.decoder.sentences >= 3 }
            // Stopping stores what was decoded and returns the counts, like the end of a file.
            ingest.stop()
            let counts = try await task.value
            try await sender.close()
            #expect(counts.positionsStored == 3 && counts.droppedPositions == 0)
        }
    }
}

/// Writes one line when the connection is up, then closes it.
final class SendLineAndClose: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer
    let line: String
    init(line: String) { self.line = line }

    func channelActive(context: ChannelHandlerContext) {
        var buffer = context.channel.allocator.buffer(capacity: 100)
        buffer.writeString(line + "\r\n")
        let channel = context.channel
        context.writeAndFlush(NIOAny(buffer)).whenComplete { _ in channel.close(promise: nil) }
    }
}

/// Hands each accepted connection the next line (the last one repeatedly).
final class ConnectionCounter: Sendable {
    private let lines: [String]
    private let index = NIOLockedValueBox(0)

    init(lines: [String]) { self.lines = lines }

    func next() -> String {
        index.withLockedValue { i in
            defer { i += 1 }
            return lines[min(i, lines.count - 1)]
        }
    }
}
