import Foundation
import Hummingbird
import Logging
import NIOCore
import Prometheus
import ServiceLifecycle

/// `GET /metrics` in Prometheus's text format, on its own listener (`CITAS_METRICS_HOST`/`CITAS_METRICS_PORT`,
/// loopback by default) rather than the public one: what Citas counts (refusals by rule, queue depths) helps an
/// attacker tune a bot, so it is read by the monitoring system only, never through the load balancer.
public enum MetricsEndpoint {
    /// The text Prometheus reads, from every metric in `registry`.
    static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    public static func service(registry: PrometheusCollectorRegistry, host: String, port: Int, logger: Logger) -> some Service {
        Listener(
            application: Application(
                router: router(registry: registry),
                configuration: .init(address: .hostname(host, port: port), serverName: "Citas metrics"),
                logger: logger
            ),
            address: "\(host):\(port)"
        )
    }

    /// Runs the listener; a port already taken (a second instance on the host with the default port is the usual
    /// cause) stops the server with the setting to change instead of a bare `bind` error.
    struct Listener<Wrapped: ApplicationProtocol>: Service {
        let application: Wrapped
        let address: String

        func run() async throws {
            do {
                try await application.run()
            } catch let error as IOError where error.errnoCode == EADDRINUSE {
                throw AddressInUse(address: address)
            }
        }
    }

    /// The metrics listener's address is taken.
    struct AddressInUse: Error, CustomStringConvertible {
        let address: String
        var description: String {
            "the metrics listener cannot bind \(address): the address is in use (give each instance its own CITAS_METRICS_PORT, or 0 to turn it off)"
        }
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
