import CorridorAIS
import CorridorCore
import Foundation

/// What one store transaction receives from a feed: positions, static reports (already joined
/// per MMSI, type 24 A with B), and the flag of every vessel in the batch.
public struct IngestBatch: Sendable {
    public var positions: [VesselPosition] = []
    public var statics: [Vessel] = []
    public var flags: [Int: String] = [:]
    /// The newest receive time in the batch, for the lag metric.
    public var newest: Date?

    public var isEmpty: Bool { positions.isEmpty && statics.isEmpty }
}

/// Turns lines into batches: decodes, keeps position reports that carry a position, joins
/// static reports in a ``VesselRegistry``, and stamps reports that have no receive time with
/// the time they were read.
public struct AISBatcher: Sendable {
    public private(set) var decoder: AISDecoder
    private var builder = Builder()
    public let batchSize: Int

    /// Everything the decoder's callback changes, kept apart from the decoder so the two can
    /// be mutated at once.
    struct Builder {
        var registry = VesselRegistry()
        var batch = IngestBatch()
        var positionsWithoutFix = 0
        var feedName: String?
        /// The last time given to a report without a receive time.
        var lastUntimed = Date.distantPast
    }

    /// The feed's name, used as the source of positions without a tag-block source.
    public var feedName: String? { builder.feedName }
    /// Position reports without a usable position (lat 91 / lon 181), counted, not stored.
    public var positionsWithoutFix: Int { builder.positionsWithoutFix }

    public init(options: AISDecoder.Options = .init(), feedName: String? = nil, batchSize: Int = 100_000) {
        decoder = AISDecoder(options: options)
        builder.feedName = feedName
        self.batchSize = max(1, batchSize)
    }

    public var pendingCount: Int { builder.batch.positions.count + builder.batch.statics.count }
    public var isFull: Bool { pendingCount >= batchSize }

    /// Decodes one line into the pending batch.
    public mutating func add(line: ArraySlice<UInt8>, readAt now: Date) {
        // Moved out and back so the callback can change it while the decoder runs; the empty
        // placeholder allocates nothing.
        var builder = self.builder
        self.builder = Builder()
        decoder.decode(line) { builder.add($0, readAt: now) }
        self.builder = builder
    }

    /// Hands over the pending batch and starts a new one.
    public mutating func take() -> IngestBatch {
        defer { builder.batch = IngestBatch() }
        return builder.batch
    }

    /// Ends the input: open multi-part groups are counted incomplete.
    public mutating func finish() { decoder.finish() }
}

extension AISBatcher.Builder {
    mutating func add(_ report: AISReport, readAt now: Date) {
        switch report {
        case .position(let p):
            guard let lat = p.latitude, let lon = p.longitude else {
                positionsWithoutFix += 1
                return
            }
            let at = p.receivedAt.map { Date(timeIntervalSince1970: $0) } ?? untimed(now)
            batch.positions.append(
                VesselPosition(
                    mmsi: p.mmsi, at: at, latitude: lat, longitude: lon, speed: p.speed, course: p.course, heading: p.heading,
                    status: p.status, messageType: p.type, source: p.source ?? feedName))
            note(mmsi: p.mmsi, at: at)
        case .message(let m):
            // Class B extended reports (type 19) carry a position as well as static data.
            if m.type == 19, let lat = m.double("lat"), let lon = m.double("lon") {
                let at = m.receivedAt.map { Date(timeIntervalSince1970: $0) } ?? untimed(now)
                batch.positions.append(
                    VesselPosition(
                        mmsi: m.mmsi, at: at, latitude: lat, longitude: lon, speed: m.double("speed"), course: m.double("course"),
                        heading: m.int("heading"), messageType: 19, source: m.source ?? feedName))
            }
            guard let known = registry.apply(m) else { return }
            var vessel = Vessel(
                mmsi: known.mmsi, imo: known.imo, name: known.shipname, callsign: known.callsign, shipType: known.shiptype,
                toBow: known.toBow, toStern: known.toStern, toPort: known.toPort, toStarboard: known.toStarboard,
                destination: known.destination, mothershipMMSI: known.mothershipMMSI)
            vessel.flag = MaritimeIdentificationDigits.flag(forMMSI: known.mmsi)?.code
            // When it was heard (the store keeps `last_seen` for positions only; detection uses it).
            vessel.lastSeen = m.receivedAt.map { Date(timeIntervalSince1970: $0) } ?? now
            batch.statics.append(vessel)
            note(mmsi: m.mmsi, at: m.receivedAt.map { Date(timeIntervalSince1970: $0) } ?? now)
        }
    }

    /// Reports without a receive time get the time they were read, kept one millisecond apart
    /// within a feed: many lines arrive in one read, and a vessel's reports must not collapse
    /// into one stored position.
    private mutating func untimed(_ now: Date) -> Date {
        lastUntimed = max(now, lastUntimed.addingTimeInterval(0.001))
        return lastUntimed
    }

    private mutating func note(mmsi: Int, at: Date) {
        if batch.flags[mmsi] == nil, let flag = MaritimeIdentificationDigits.flag(forMMSI: mmsi) { batch.flags[mmsi] = flag.code }
        if batch.newest.map({ at > $0 }) ?? true { batch.newest = at }
    }
}
