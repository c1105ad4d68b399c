import Hummingbird
import Logging
import NIOCore
import Prometheus

/// `GET /metrics` in Prometheus's text format, on its own listener (`CITAS_METRICS_HOST`/`CITAS_METRICS_PORT`,
/// loopback by default) rather than the public one: what Citas counts (refusals by rule, queue depths) helps an
/// attacker tune a bot, so it is read by the monitoring system only, never through the load balancer.
public enum MetricsEndpoint {
    /// The text Prometheus reads, from every metric in `registry`.
    static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    public static func application(registry: PrometheusCollectorRegistry, host: String, port: Int, logger: Logger) -> some ApplicationProtocol {
        Application(
            router: router(registry: registry),
            configuration: .init(address: .hostname(host, port: port), serverName: "Citas metrics"),
            logger: logger
        )
    }

    static func router(registry: PrometheusCollectorRegistry) -> Router<BasicRequestContext> {
        let router = Router()
        router.get("metrics") { _, _ in
            var bytes: [UInt8] = []
            registry.emit(into: &bytes)
            return Response(status: .ok, headers: [.contentType: contentType], body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        }
        return router
    }
}
