import CitasDomain
import CitasPersistence
import Logging
import ServiceLifecycle

/// Runs `work` at start and then every `interval` until shutdown. Jobs are idempotent and claim their rows in the
/// database, so every instance may run them without doing anything twice.
struct PeriodicJob: Service {
    let name: String
    let interval: Duration
    let logger: Logger
    /// Counts runs, failures and durations under `job` (a short stable name, e.g. `allocations`).
    var metrics = CitasMetrics()
    let job: String
    /// Returns how many items it handled, for the log.
    let work: @Sendable () async throws -> Int

    init(name: String, job: String, interval: Duration, logger: Logger, work: @escaping @Sendable () async throws -> Int) {
        self.name = name
        self.job = job
        self.interval = interval
        self.logger = logger
        self.work = work
    }

    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            let started = ContinuousClock.now
            var failed = false
            do {
                let handled = try await work()
                if handled > 0 { logger.info("\(name)", metadata: ["handled": "\(handled)", "job": "\(job)"]) }
            } catch _ where Task.isCancelled {
                // The server is stopping hard (or failed to start): not the job's failure, and no alert should fire.
                // A CancellationError thrown while this task runs on is counted as a failure like any other.
                return
            } catch {
                failed = true
                logger.error("\(name) failed", metadata: ["error": "\(String(reflecting: error))", "job": "\(job)"])
            }
            metrics.jobRan(job, nanoseconds: CitasMetrics.nanoseconds(since: started), failed: failed, at: SystemClock().now().epoch)
            // Sleeping must not hold up a graceful shutdown: the sleep is cancelled and the loop ends.
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }
}
