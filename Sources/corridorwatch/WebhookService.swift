import CorridorServices
import Foundation
import Logging
import ServiceLifecycle

/// Sends alert webhooks while the server runs: one dispatcher pass per interval.
struct WebhookService: Service {
    let dispatcher: WebhookDispatcher
    let interval: Duration
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    let pass = try await dispatcher.runOnce()
                    if pass.delivered + pass.retrying + pass.dead > 0 {
                        logger.info(
                            "webhook deliveries",
                            metadata: ["delivered": "\(pass.delivered)", "retrying": "\(pass.retrying)", "dead": "\(pass.dead)"])
                    }
                } catch {
                    logger.error("webhook pass failed", metadata: ["error": "\(error)"])
                }
                // Cancelled at shutdown: the loop ends and the service returns normally.
                try? await Task.sleep(for: interval)
            }
        }
    }
}
