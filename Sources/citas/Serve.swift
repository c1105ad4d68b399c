import ArgumentParser
import CitasDomain
import CitasPersistence
import CitasServer
import Hummingbird
import Logging
import Metrics
import Prometheus

/// `citas serve`: the HTTP server. With the embedded SQLite it migrates, seeds and opens slots on first run
/// (`DatabaseOptions.withContext`).
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the HTTP server.")

    @OptionGroup var database: DatabaseOptions

    @Option(help: "Address to listen on. Env: CITAS_HTTP_HOST (default 127.0.0.1)")
    var host: String?

    @Option(help: "Port to listen on. Env: CITAS_HTTP_PORT (default 8080)")
    var port: Int?

    func run() async throws {
        var config = database.config()
        if let host { config.host = host }
        if let port { config.port = port }
        var logger = Logger(label: "citas")
        logger.logLevel = config.logLevel
        // Once per process, before anything makes a metric (the stores, the pool) so none is left counting nowhere.
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        CitasMetrics().registerAtZero()
        try await database.withContext(config) { context in
            logger.info(
                "serving",
                metadata: [
                    "engine": "\(context.database.engine)", "address": "http://\(config.host):\(config.port)",
                    "metrics": config.metricsPort == 0 ? "off" : "http://\(config.metricsHost):\(config.metricsPort)/metrics",
                ]
            )
            if config.clockOffsetSeconds != 0 {
                logger.warning(
                    "the clock is shifted for a rehearsal",
                    metadata: ["seconds": "\(config.clockOffsetSeconds)", "now": "\(context.clock.now())"]
                )
            }
            let deadline = ShutdownDeadline(seconds: 25, logger: logger)
            try await buildApplication(config: config, app: context, logger: logger, metrics: registry).runService()
            withExtendedLifetime(deadline) {}
        }
    }
}
