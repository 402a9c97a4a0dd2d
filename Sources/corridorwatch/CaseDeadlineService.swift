import CorridorServices
import Foundation
import Logging
import ServiceLifecycle

/// Escalates crisis cases whose deadlines pass, checking every 30 seconds while the server runs.
struct CaseDeadlineService: Service {
    let desk: CaseDesk
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    for (id, e) in try await desk.checkDeadlines() {
                        logger.notice(
                            "crisis case escalated",
                            metadata: [
                                "case": "\(id)", "deadline": "\(e.deadline.rawValue)", "level": "\(e.level)",
                                "notify": "\(e.notify ?? "none")",
                            ])
                    }
                } catch {
                    logger.error("checking case deadlines failed", metadata: ["error": "\(error)"])
                }
                // Cancelled at shutdown: the loop ends and the service returns normally.
                try? await Task.sleep(for: .seconds(30))
            }
        }
    }
}
