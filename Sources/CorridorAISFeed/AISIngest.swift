import CorridorAIS
import CorridorCore
import CorridorStore
import Foundation
import Logging
import Metrics
import NIOCore

/// How a feed is read and stored.
public struct AISIngestConfiguration: Sendable {
    /// Positions and static reports per store transaction.
    public var batchSize = 100_000
    /// Batches waiting between decoding and storing; beyond this a feed is back-pressured
    /// (files, stdin, TCP) or drops (UDP).
    public var queueCapacity = 4
    /// A partly filled batch is stored after this long, so a quiet live feed still shows up.
    public var flushInterval: Duration = .milliseconds(50)
    /// TCP: wait before reconnecting, doubling up to `maximumReconnectDelay`.
    public var initialReconnectDelay: Duration = .seconds(1)
    public var maximumReconnectDelay: Duration = .seconds(60)
    /// TCP: give up after this many failed attempts in a row (nil: never).
    public var maximumReconnectAttempts: Int?
    /// While the database is away (``StoreError/isTransient(_:)``), a batch is kept and tried
    /// again after this long, doubling up to `maximumStoreRetryDelay`: the feed resumes where
    /// it stopped once the database is back. TCP feeds are back-pressured meanwhile, so the
    /// aggregator holds what follows; UDP feeds drop what the queue cannot hold, counted.
    public var initialStoreRetryDelay: Duration = .milliseconds(250)
    public var maximumStoreRetryDelay: Duration = .seconds(10)
    /// Bytes per read from files and standard input.
    public var readSize = 256 * 1024
    public var decoder = AISDecoder.Options()

    public init() {}
}

/// Reads one feed, decodes it and stores vessels and positions, with a bounded queue between
/// decoding and storing.
///
/// ```swift
/// let ingest = AISIngest(store: store)
/// let counts = try await ingest.run(.file(path: "gwadar.nmea"))
/// print(counts.positionsStored)
/// ```
///
/// Reading and decoding run in the calling task; storing runs in a child task. ``stop()`` ends
/// a live feed with everything decoded stored; cancelling the task ends it too, but a store
/// call in flight may then be interrupted.
public final class AISIngest: Sendable {
    public let store: any CorridorStore
    public let configuration: AISIngestConfiguration
    public let statistics = IngestStatistics()
    let stopSignal = FeedStop()
    let now: @Sendable () -> Date
    let progress: (@Sendable (_ bytesRead: Int) -> Void)?
    let afterStore: (@Sendable (IngestBatch) async -> Void)?
    let logger: Logger

    /// `afterStore` sees each batch once it is stored (the server's maritime detectors):
    /// detection works on acknowledged data only, and a slow consumer slows the feed rather
    /// than losing reports.
    public init(
        store: any CorridorStore, configuration: AISIngestConfiguration = .init(), now: @escaping @Sendable () -> Date = Date.init,
        progress: (@Sendable (_ bytesRead: Int) -> Void)? = nil, afterStore: (@Sendable (IngestBatch) async -> Void)? = nil,
        logger: Logger = Logger(label: "corridorwatch.ais")
    ) {
        self.logger = logger
        self.store = store
        self.configuration = configuration
        self.now = now
        self.progress = progress
        self.afterStore = afterStore
    }

    /// Runs the feed until its input ends (files, stdin), until ``stop()`` (or cancellation)
    /// for TCP and UDP, or until a TCP feed has failed `maximumReconnectAttempts` times in a
    /// row. Returns the final counts.
    @discardableResult
    public func run(_ source: FeedSource) async throws -> IngestCounts {
        let queue = BoundedQueue<IngestBatch>(capacity: configuration.queueCapacity)
        let session = FeedSession(
            batcher: AISBatcher(options: configuration.decoder, feedName: source.name, batchSize: configuration.batchSize),
            queue: queue, statistics: statistics, feed: source.name, now: now,
            dropWhenFull: { if case .udp = source { true } else { false } }())
        do {
            try await runStages(source, queue: queue, session: session)
        } catch {
            await statistics.close()
            throw error
        }
        await statistics.close()
        return await statistics.counts
    }

    /// Ends the feed as if its input had ended: the reader stops, what was decoded is stored,
    /// and ``run(_:)`` returns. Safe to call from any task, before or during `run`.
    public func stop() { stopSignal.stop() }

    private func runStages(_ source: FeedSource, queue: BoundedQueue<IngestBatch>, session: FeedSession) async throws {
        // Children report which one finished: true for the storing side.
        try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask {
                try await self.storeBatches(from: queue, feed: source.name)
                return true
            }
            group.addTask {
                // Stores a partly filled batch once it is `flushInterval` old, so a quiet live feed
                // is not held back; checked four times per interval to keep the wait close to it.
                // A file is read as fast as it can be: its batches go when full.
                if case .file = source { return false }
                while !Task.isCancelled {
                    try? await Task.sleep(for: self.configuration.flushInterval / 4)
                    await session.flushIfDue(after: self.configuration.flushInterval)
                }
                return false
            }
            do {
                switch source {
                case .file(let path):
                    guard let handle = FileHandle(forReadingAtPath: path) else { throw IngestError.cannotRead(path) }
                    defer { try? handle.close() }
                    try await readAll(handle, into: session)
                case .standardInput:
                    try await readAll(FileHandle.standardInput, into: session)
                case .tcp(let host, let port):
                    try await TCPFeed(host: host, port: port, configuration: configuration, stop: stopSignal)
                        .run(into: session, statistics: statistics)
                case .udp(let host, let port):
                    try await UDPFeed(host: host, port: port, stop: stopSignal).run(into: session, statistics: statistics)
                }
                await session.finish()
            } catch {
                await session.finish()
                await queue.finish()
                group.cancelAll()
                throw error
            }
            await queue.finish()
            // Wait for storing to drain the queue (rethrowing its error); then end the ticker.
            while let storingDone = try await group.next(), !storingDone {}
            group.cancelAll()
        }
    }

    private func readAll(_ handle: FileHandle, into session: FeedSession) async throws {
        var total = 0
        while !stopSignal.isStopped, let data = try handle.read(upToCount: configuration.readSize), !data.isEmpty {
            try Task.checkCancellation()
            total += data.count
            guard await session.ingest(data) else { return }
            progress?(total)
        }
    }

    /// The storing side: one transaction per batch, metrics and statistics after each.
    private func storeBatches(from queue: BoundedQueue<IngestBatch>, feed: String) async throws {
        let stored = Counter(label: "corridorwatch_ais_positions_stored_total", dimensions: [("feed", feed)])
        let duplicates = Counter(label: "corridorwatch_ais_positions_duplicate_total", dimensions: [("feed", feed)])
        let lag = Gauge(label: "corridorwatch_ais_lag_seconds", dimensions: [("feed", feed)])
        let depth = Gauge(label: "corridorwatch_ais_queue_batches", dimensions: [("feed", feed)])
        do {
            while let batch = await queue.next() {
                depth.record(await queue.count)
                let began = ContinuousClock.now
                let new = try await save(batch)
                let took = ContinuousClock.now - began
                stored.increment(by: new)
                duplicates.increment(by: batch.positions.count - new)
                let lagSeconds = batch.newest.map { now().timeIntervalSince($0) }
                if let lagSeconds { lag.record(lagSeconds) }
                await statistics.update {
                    $0.positionsStored += new
                    $0.positionsDuplicate += batch.positions.count - new
                    $0.staticReports += batch.statics.count
                    $0.batchesStored += 1
                    $0.storeSeconds += Double(took.components.seconds) + Double(took.components.attoseconds) / 1e18
                    if let lagSeconds { $0.lagSeconds = lagSeconds }
                }
                await afterStore?(batch)
            }
        } catch {
            // Readers waiting for room must stop, not wait for a writer that is gone.
            await queue.finish()
            throw error
        }
    }
}

extension AISIngest {
    /// Stores one batch, trying again while the database is away. Positions and static
    /// reports are each one transaction, and positions already stored come back as duplicates,
    /// so a try that failed half-way costs nothing but those counts. Other errors end the feed;
    /// so does a stop during an outage (checked every 100 ms of the wait).
    func save(_ batch: IngestBatch) async throws -> Int {
        var delay = configuration.initialStoreRetryDelay
        var tries = 0
        while true {
            do {
                let new = try await store.save(positions: batch.positions, flags: batch.flags)
                try await store.save(vesselStatics: batch.statics)
                if tries > 0 { logger.info("AIS feed storing again", metadata: ["tries": "\(tries + 1)"]) }
                return new
            } catch  where StoreError.isTransient(error) && !stopSignal.isStopped {
                tries += 1
                if tries == 1 {
                    logger.warning("AIS feed keeps its batch until the database is back", metadata: ["error": "\(error)"])
                }
                await statistics.update { $0.storeRetries += 1 }
                let until = ContinuousClock.now + delay
                while ContinuousClock.now < until, !stopSignal.isStopped {
                    try await Task.sleep(for: min(.milliseconds(100), until - ContinuousClock.now))
                }
                delay = min(delay * 2, configuration.maximumStoreRetryDelay)
            }
        }
    }
}

public enum IngestError: Error, Equatable, CustomStringConvertible {
    case cannotRead(String)
    case gaveUp(feed: String, attempts: Int, lastError: String)

    public var description: String {
        switch self {
        case .cannotRead(let path): "\(path): cannot open for reading"
        case .gaveUp(let feed, let attempts, let lastError):
            "\(feed): gave up after \(attempts) failed connection attempts (last: \(lastError))"
        }
    }
}

/// The decoding side of one feed: splits reads into lines, batches them, hands full batches
/// to the queue (waiting for room, or dropping for UDP), and reports to the statistics.
actor FeedSession {
    private var batcher: AISBatcher
    private var splitter = LineSplitter()
    private let queue: BoundedQueue<IngestBatch>
    private let statistics: IngestStatistics
    private let now: @Sendable () -> Date
    private let dropWhenFull: Bool
    private var batchStarted: ContinuousClock.Instant?
    private var bytes = 0
    private var reported = AISDecoder.Summary()
    private let sentences: Counter
    private let badLines: Counter
    private let drops: Counter
    private let feed: String

    init(
        batcher: AISBatcher, queue: BoundedQueue<IngestBatch>, statistics: IngestStatistics, feed: String,
        now: @escaping @Sendable () -> Date, dropWhenFull: Bool
    ) {
        self.batcher = batcher
        self.queue = queue
        self.statistics = statistics
        self.now = now
        self.dropWhenFull = dropWhenFull
        self.feed = feed
        sentences = Counter(label: "corridorwatch_ais_sentences_total", dimensions: [("feed", feed)])
        badLines = Counter(label: "corridorwatch_ais_bad_lines_total", dimensions: [("feed", feed)])
        drops = Counter(label: "corridorwatch_ais_dropped_positions_total", dimensions: [("feed", feed)])
    }

    /// Decodes a read; false once the store side has stopped (the feed should stop too).
    func ingest(_ data: some ContiguousBytes) async -> Bool {
        data.withUnsafeBytes { absorb($0) }
        return await afterRead()
    }

    /// A socket read, split straight from NIO's buffer.
    func ingest(_ buffer: ByteBuffer) async -> Bool {
        buffer.withUnsafeReadableBytes { absorb($0) }
        return await afterRead()
    }

    private func absorb(_ raw: UnsafeRawBufferPointer) {
        let readAt = now()
        bytes += raw.count
        splitter.split(raw) { batcher.add(line: $0, readAt: readAt) }
        if batchStarted == nil, batcher.pendingCount > 0 { batchStarted = .now }
    }

    private func afterRead() async -> Bool {
        if batcher.isFull { return await flush() }
        return !(await queue.isFinished)
    }

    func flushIfDue(after interval: Duration) async {
        if let started = batchStarted, ContinuousClock.now - started >= interval { _ = await flush() }
    }

    /// The end of the input: the unfinished last line, open multi-part groups, the last batch.
    func finish() async {
        splitter.finish { batcher.add(line: $0, readAt: now()) }
        batcher.finish()
        _ = await flush()
    }

    private func flush() async -> Bool {
        let batch = batcher.take()
        batchStarted = nil
        var accepted = true
        var dropped = false
        if await queue.isFinished {
            accepted = false
        } else if !batch.isEmpty {
            if dropWhenFull {
                dropped = !(await queue.offer(batch))
            } else {
                accepted = await queue.send(batch)
            }
        }
        let summary = batcher.decoder.summary
        sentences.increment(by: summary.sentences - reported.sentences)
        let bad = { (s: AISDecoder.Summary) in s.rejected.values.reduce(0, +) }
        badLines.increment(by: bad(summary) - bad(reported))
        for (type, n) in summary.messagesByType where n != reported.messagesByType[type] {
            Counter(label: "corridorwatch_ais_messages_total", dimensions: [("feed", feed), ("type", String(type))])
                .increment(by: n - (reported.messagesByType[type] ?? 0))
        }
        if dropped { drops.increment(by: batch.positions.count) }
        reported = summary
        let (bytes, overlong, withoutFix) = (self.bytes, splitter.overlongLines, batcher.positionsWithoutFix)
        await statistics.update {
            $0.decoder = summary
            $0.bytes = bytes
            $0.overlongLines = overlong
            $0.positionsWithoutFix = withoutFix
            if dropped {
                $0.droppedBatches += 1
                $0.droppedPositions += batch.positions.count
            }
        }
        return accepted
    }
}
