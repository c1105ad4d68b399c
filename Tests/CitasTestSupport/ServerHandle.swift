import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import ServiceLifecycle

/// A real HTTP server on a free loopback port, for tests and benchmarks that need a socket.
public struct ServerHandle {
    public let port: Int
    private let group: ServiceGroup
    private let task: Task<Void, any Error>

    /// Serves `router` on a free loopback port until `stop()`.
    public static func start<Context: RequestContext>(router: Router<Context>, server: HTTPServerBuilder = .http1()) async throws -> ServerHandle
    where Context.Source == ApplicationRequestContextSource {
        var logger = Logger(label: "citas-test-server")
        logger.logLevel = .error
        let (stream, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router,
            server: server,
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) },
            logger: logger
        )
        let group = ServiceGroup(configuration: .init(services: [app], logger: logger))
        let task = Task { try await group.run() }
        for await port in stream { return ServerHandle(port: port, group: group, task: task) }
        throw CancellationError()
    }

    public func stop() async {
        await group.triggerGracefulShutdown()
        _ = await task.result
    }
}
