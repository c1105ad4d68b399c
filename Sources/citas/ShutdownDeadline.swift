import Dispatch
import Foundation
import Logging

/// Ends the process if a graceful stop (SIGTERM or SIGINT) has not finished within `seconds`. A stop waits for
/// requests and jobs in flight; with postgres-nio 1.33.2 a statement that was running when PostgreSQL shut down
/// can wait forever (issue 19's note), and a process that never exits blocks a deploy or a failover drill. The
/// deadline sits below systemd's `TimeoutStopSec=30`, so the log says why before systemd's SIGKILL would.
final class ShutdownDeadline {
    private let sources: [any DispatchSourceSignal]

    init(seconds: Int, logger: Logger) {
        let queue = DispatchQueue(label: "citas.shutdown-deadline")
        sources = [SIGTERM, SIGINT].map { signal in
            let source = DispatchSource.makeSignalSource(signal: signal, queue: queue)
            source.setEventHandler {
                queue.asyncAfter(deadline: .now() + .seconds(seconds)) {
                    logger.error(
                        "the graceful stop did not finish in time: exiting with work still waiting",
                        metadata: ["seconds": "\(seconds)"]
                    )
                    exit(1)
                }
            }
            source.resume()
            return source
        }
    }

    deinit {
        for source in sources { source.cancel() }
    }
}
