import Logging
import ServiceLifecycle

/// Runs `work` at start and then every `interval` until shutdown. Jobs are idempotent and claim their rows in the
/// database, so every instance may run them without doing anything twice.
struct PeriodicJob: Service {
    let name: String
    let interval: Duration
    let logger: Logger
    /// Returns how many items it handled, for the log.
    let work: @Sendable () async throws -> Int

    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                let handled = try await work()
                if handled > 0 { logger.info("\(name)", metadata: ["handled": "\(handled)"]) }
            } catch {
                logger.error("\(name) failed", metadata: ["error": "\(String(reflecting: error))"])
            }
            // Sleeping must not hold up a graceful shutdown: the sleep is cancelled and the loop ends.
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }
}
