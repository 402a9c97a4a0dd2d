/// Turns lines of a log or feed into AIS messages: tag blocks, Gatehouse `$PGHP` times,
/// checksums, multi-part reassembly with bounded buffers, message decoding, and counts of
/// everything that happened to every line.
///
/// ```swift
/// var decoder = AISDecoder()
/// for line in lines { for m in decoder.feed(line) { ... } }
/// decoder.finish()
/// print(decoder.summary)
/// ```
public struct AISDecoder: Sendable {
    public struct Options: Sendable {
        /// Keep sentences with a wrong checksum (flagged) instead of rejecting them.
        public var keepBadChecksum = false
        /// Open multi-part groups kept at most; the oldest is dropped (counted incomplete).
        public var maxOpenGroups = 64
        /// A multi-part group not completed within this many lines is dropped.
        public var groupTimeoutLines = 100
        public init() {}
    }

    public struct Summary: Sendable, Equatable {
        public var lines = 0
        public var sentences = 0
        public var messages = 0
        public var messagesByType: [Int: Int] = [:]
        public var badChecksums = 0
        public var incompleteMultipart = 0
        public var nonAISLines = 0
        /// Blank lines and `#` comments.
        public var skippedLines = 0
        public var shortOrLongMessages = 0
        /// Rejected lines by reason kind, and the first few examples with line numbers.
        public var rejected: [String: Int] = [:]
        public var examples: [(line: Int, reason: String)] = []

        public init() {}

        public static func == (a: Summary, b: Summary) -> Bool {
            a.lines == b.lines && a.sentences == b.sentences && a.messages == b.messages && a.messagesByType == b.messagesByType
                && a.badChecksums == b.badChecksums && a.incompleteMultipart == b.incompleteMultipart
                && a.nonAISLines == b.nonAISLines && a.rejected == b.rejected
        }
    }

    struct Group {
        /// The parts' payload characters, concatenated as they arrive.
        var payload: [UInt8]
        var next: Int
        var startedAt: Int
    }

    public var options: Options
    /// What happened to every line so far.
    public var summary: Summary {
        var s = counts
        for (type, n) in typeCounts.enumerated() where n > 0 { s.messagesByType[type] = n }
        return s
    }
    private var counts = Summary()
    /// Messages by type, counted in an array because a dictionary update per message is measurable.
    private var typeCounts = [Int](repeating: 0, count: 64)
    private var groups: [String: Group] = [:]
    private var pendingTime: Double?
    /// A tag block on a line of its own applies to the next sentence.
    private var pendingTag: TagBlock?

    public init(options: Options = Options()) { self.options = options }

    /// Feeds one line (without or with its line ending); returns the messages it completes.
    public mutating func feed(_ text: String) -> [AISMessage] { feed(Array(text.utf8)[...]) }

    /// Feeds one line; returns the messages it completes, position reports included, as
    /// general messages with gpsd's field names.
    public mutating func feed(_ raw: ArraySlice<UInt8>) -> [AISMessage] {
        var out: [AISMessage] = []
        decode(raw) { out.append($0.message) }
        return out
    }

    /// A complete message's payload and where it came from.
    struct Received {
        var bits: AISBits
        var type: Int
        var mmsi: Int
        var channel: String
        var talker: String
        var source: String?
        var receivedAt: Double?
    }

    /// Reads one line: counts it, and returns the payload of the message it completes, if any.
    private mutating func receive(_ raw: ArraySlice<UInt8>) -> Received? {
        counts.lines += 1
        var line = raw
        while let last = line.last, last == 10 || last == 13 || last == 32 { line.removeLast() }
        while let first = line.first, first == 32 || first == 9 { line.removeFirst() }
        if line.isEmpty || line.first == UInt8(ascii: "#") {
            counts.skippedLines += 1
            return nil
        }
        var tag: TagBlock?
        if line.first == UInt8(ascii: "\\") {
            guard let close = line.dropFirst().firstIndex(of: UInt8(ascii: "\\")) else {
                reject(.badTagBlock("no closing backslash"))
                return nil
            }
            do { tag = try TagBlock.parse(Array(line[(line.startIndex + 1)..<close])) } catch {
                reject(error)
                return nil
            }
            line = line[(close + 1)...]
            if line.isEmpty {
                pendingTag = tag
                counts.nonAISLines += 1
                return nil
            }
        }
        if tag == nil, let pending = pendingTag {
            tag = pending
        }
        pendingTag = nil
        if line.first == UInt8(ascii: "$") {
            if line.starts(with: "$PGHP".utf8) { pendingTime = Self.gatehouseTime(line) }
            counts.nonAISLines += 1
            return nil
        }
        let sentence: AISSentence
        do { sentence = try AISSentence.parse(line, keepBadChecksum: options.keepBadChecksum) } catch {
            if error == .notAIS { counts.nonAISLines += 1 } else { reject(error) }
            return nil
        }
        counts.sentences += 1
        if !sentence.checksumValid { counts.badChecksums += 1 }
        expireGroups()
        let receivedAt = tag?.receivedAt ?? pendingTime ?? Self.trailingEpoch(line)
        pendingTime = nil
        let bits: AISBits
        if sentence.fragmentCount == 1 {
            bits = AISBits(payload: sentence.payload, fillBits: sentence.fillBits)
        } else {
            let key =
                "\(sentence.talker)|\(sentence.fragmentCount)|\(sentence.sequenceID ?? -1)|\(sentence.channel)|\(tag?.group?.id ?? "")"
            if sentence.fragmentNumber == 1 {
                if groups[key] != nil { counts.incompleteMultipart += 1 } // sequence id reused before completion
                if groups.count >= options.maxOpenGroups, let oldest = groups.min(by: { $0.value.startedAt < $1.value.startedAt })?.key {
                    groups[oldest] = nil
                    counts.incompleteMultipart += 1
                }
                groups[key] = Group(payload: Array(sentence.payload), next: 2, startedAt: counts.lines)
                return nil
            }
            guard var group = groups.removeValue(forKey: key), group.next == sentence.fragmentNumber else {
                counts.incompleteMultipart += 1
                return nil
            }
            group.payload += sentence.payload
            group.next += 1
            if sentence.fragmentNumber < sentence.fragmentCount {
                groups[key] = group
                return nil
            }
            bits = AISBits(payload: group.payload, fillBits: sentence.fillBits)
        }
        guard let type = bits.int(0, 6), let mmsi = bits.int(8, 30) else {
            reject(.malformed("payload shorter than type and MMSI"))
            return nil
        }
        counts.messages += 1
        typeCounts[type] += 1
        return Received(
            bits: bits, type: type, mmsi: mmsi, channel: sentence.channel, talker: sentence.talker, source: tag?.source,
            receivedAt: receivedAt)
    }

    /// Feeds one line and hands each message it completes to `body`: position reports
    /// (types 1, 2, 3, 18, 27) as typed values, decoded without a heap allocation when the
    /// line is a single-part sentence without a tag block, and every other type as a general
    /// message.
    public mutating func decode(_ raw: ArraySlice<UInt8>, _ body: (AISReport) -> Void) {
        guard let r = receive(raw) else { return }
        let (bits, type) = (r.bits, r.type)
        if AISPositionReport.isPositionType(type), var report = AISPositionReport(bits) {
            report.channel = r.channel
            report.talker = r.talker
            report.source = r.source
            report.receivedAt = r.receivedAt
            if report.lengthMismatch { counts.shortOrLongMessages += 1 }
            body(.position(report))
            return
        }
        guard var message = AISMessageDecoder.decode(bits) else { return }
        message.channel = r.channel
        message.talker = r.talker
        message.source = r.source
        message.receivedAt = r.receivedAt
        if message.lengthMismatch { counts.shortOrLongMessages += 1 }
        body(.message(message))
    }

    /// Feeds one line and appends each message it completes to `writer` as a gpsd JSON line,
    /// every type alike: the fields are printed as they are read from the bits.
    public mutating func decodeJSON(_ raw: ArraySlice<UInt8>, into writer: inout GPSDJSONWriter) {
        guard let r = receive(raw) else { return }
        let mismatch = writer.write(
            bits: r.bits, type: r.type, mmsi: r.mmsi, channel: r.channel, source: r.source, receivedAt: r.receivedAt)
        if mismatch { counts.shortOrLongMessages += 1 }
    }

    /// Counts the groups still open at the end of the input as incomplete.
    public mutating func finish() {
        counts.incompleteMultipart += groups.count
        groups.removeAll()
    }

    private mutating func expireGroups() {
        guard !groups.isEmpty else { return }
        let limit = counts.lines - options.groupTimeoutLines
        for (key, g) in groups where g.startedAt < limit {
            groups[key] = nil
            counts.incompleteMultipart += 1
        }
    }

    private mutating func reject(_ error: AISLineError) {
        if case .badChecksum = error { counts.badChecksums += 1 }
        counts.rejected[error.kind, default: 0] += 1
        if counts.examples.count < 20 { counts.examples.append((counts.lines, error.description)) }
    }

    /// `*hh,1234567890` after the checksum: a receive time in Unix seconds.
    static func trailingEpoch(_ line: ArraySlice<UInt8>) -> Double? {
        guard let star = line.lastIndex(of: UInt8(ascii: "*")), line.distance(from: star, to: line.endIndex) > 4,
            line[star + 3] == UInt8(ascii: ",")
        else { return nil }
        return Double(String(decoding: line[(star + 4)...], as: UTF8.self)).flatMap(AISTime.unixSeconds)
    }

    /// `$PGHP,1,YYYY,M,D,h,m,s,ms,...`: Gatehouse's receive time, UTC.
    static func gatehouseTime(_ line: ArraySlice<UInt8>) -> Double? {
        let f = line.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false).map { Int(String(decoding: $0, as: UTF8.self)) }
        guard f.count > 8, f[1] == 1, let y = f[2], let mo = f[3], let d = f[4], let h = f[5], let mi = f[6], let s = f[7],
            (1970...2200).contains(y), (1...12).contains(mo), (1...31).contains(d), (0...23).contains(h), (0...59).contains(mi),
            (0...60).contains(s)
        else {
            // Out-of-range fields (found by fuzzing: a huge year overflowed the day count) give no time.
            return nil
        }
        // Days from civil (Howard Hinnant's algorithm).
        let yy = mo <= 2 ? y - 1 : y
        let era = (yy >= 0 ? yy : yy - 399) / 400
        let yoe = yy - era * 400
        let doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146_097 + doe - 719_468
        return Double(days * 86_400 + h * 3600 + mi * 60 + s) + Double(min(max(f[8] ?? 0, 0), 999)) / 1000
    }
}
