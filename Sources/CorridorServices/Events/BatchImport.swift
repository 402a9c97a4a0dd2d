import CorridorCore
import CorridorExchange
import CorridorStore

/// What an import did, in the terms the command prints.
public struct ImportSummary: Sendable, Equatable, CustomStringConvertible {
    public var imported = 0
    public var updated = 0
    public var unchanged = 0
    public var rejections: [Rejection] = []
    public var warnings: [ImportWarning] = []

    public init() {}

    public var rejected: Int { rejections.count }

    public var description: String {
        "imported \(imported), updated \(updated), unchanged \(unchanged), rejected \(rejected)"
    }

    mutating func count(_ outcome: SaveOutcome) {
        switch outcome {
        case .inserted: imported += 1
        case .updated: updated += 1
        case .unchanged: unchanged += 1
        }
    }
}

/// Saves parsed batches, one record at a time, so one bad record never loses the others;
/// a record the store refuses becomes a rejection with its line.
public enum BatchImport {
    /// Events go through the ``EventIntake``: `mode` says whether the file is history (no
    /// alerts or cases, the default for files) or live reports (alerts and cases as the API
    /// raises them: `import events --live`).
    ///
    /// - Parameter progress: called after each record with (done, total).
    public static func events(
        _ batch: ParsedBatch<Event>, into intake: EventIntake, mode: EventIntake.Mode, by actor: AuditActor,
        progress: (Int, Int) -> Void = { _, _ in }
    ) async -> ImportSummary {
        await save(batch, progress: progress) { event in try await intake.save(event, by: actor, mode: mode).0 }
    }

    public static func sites(
        _ batch: ParsedBatch<Site>, into store: any CorridorStore, by actor: AuditActor,
        progress: (Int, Int) -> Void = { _, _ in }
    ) async -> ImportSummary {
        await save(batch, progress: progress) { try await store.save(site: $0, by: actor) }
    }

    static func save<Record>(
        _ batch: ParsedBatch<Record>, progress: (Int, Int) -> Void, _ save: (Record) async throws -> SaveOutcome
    ) async -> ImportSummary {
        var summary = ImportSummary()
        summary.rejections = batch.rejections
        summary.warnings = batch.warnings
        for (i, item) in batch.records.enumerated() {
            do { summary.count(try await save(item.record)) } catch {
                summary.rejections.append(Rejection(line: item.line, column: nil, reason: "not stored: \(error)"))
            }
            progress(i + 1, batch.records.count)
        }
        summary.rejections.sort { $0.line < $1.line }
        return summary
    }
}
