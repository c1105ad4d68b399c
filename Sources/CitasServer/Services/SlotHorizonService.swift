import CitasDomain
import Logging
import ServiceLifecycle

/// Keeps `horizonDays` of slots open: at start and then every `interval`, it creates what is missing.
/// Idempotent, so several instances may run it at once without creating duplicates.
struct SlotHorizonService: Service {
    let app: AppContext
    let horizonDays: Int
    let interval: Duration
    let logger: Logger

    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                let created = try await Setup.generateSlots(app, days: horizonDays)
                if created > 0 { logger.info("slots opened", metadata: ["created": "\(created)"]) }
            } catch {
                logger.error("slot generation failed", metadata: ["error": "\(String(reflecting: error))"])
            }
            // Sleeping must not hold up a graceful shutdown: the sleep is cancelled and the loop ends.
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }
}
