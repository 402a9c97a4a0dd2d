import CorridorAISFeed
import CorridorStore
import Foundation
import Logging
import ServiceLifecycle

/// Runs one configured AIS feed inside `serve`, next to the HTTP server. A feed that fails
/// (a file that cannot be read, a TCP aggregator given up on) is logged and does not stop the
/// server; graceful shutdown cancels it after what was decoded is stored.
struct AISFeedService: Service {
    let ingest: AISIngest
    let source: FeedSource
    let logger: Logger

    func run() async throws {
        logger.info("AIS feed starting", metadata: ["feed": "\(source)"])
        do {
            // Graceful shutdown stops the feed like the end of a file, so decoded reports are stored.
            let counts = try await withGracefulShutdownHandler {
                try await ingest.run(source)
            } onGracefulShutdown: {
                ingest.stop()
            }
            logger.info(
                "AIS feed ended",
                metadata: ["feed": "\(source)", "positions": "\(counts.positionsStored)", "statics": "\(counts.staticReports)"])
            // Like `ais ingest`, a feed's work is audited as one entry with its counts.
            do {
                try await ingest.store.appendAudit(
                    .system("ais-feed"), action: .aisIngest, objectType: "feed", objectID: source.description,
                    stateHash: "positions=\(counts.positionsStored);statics=\(counts.staticReports)")
            } catch {
                logger.error("auditing the AIS feed failed", metadata: ["feed": "\(source)", "error": "\(error)"])
            }
        } catch is CancellationError {
            logger.info("AIS feed stopped", metadata: ["feed": "\(source)"])
        } catch {
            logger.error("AIS feed failed", metadata: ["feed": "\(source)", "error": "\(error)"])
        }
    }
}

/// Deletes positions older than the retention setting once an hour while the server runs.
struct PositionRetentionService: Service {
    let store: any CorridorStore
    let days: Int
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    let removed = try await store.prunePositions(before: Date().addingTimeInterval(-Double(days) * 86_400))
                    if removed > 0 {
                        logger.info("pruned vessel positions", metadata: ["deleted": "\(removed)", "retention_days": "\(days)"])
                    }
                } catch {
                    logger.error("pruning vessel positions failed", metadata: ["error": "\(error)"])
                }
                // Cancelled at shutdown: the loop ends and the service returns normally.
                try? await Task.sleep(for: .seconds(3600))
            }
        }
    }
}
