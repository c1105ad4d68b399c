import CitasServer
import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// A real Citas HTTP server on a free loopback port, for the duration of one measurement.
struct ServerHandle {
    let port: Int
    private let group: ServiceGroup
    private let task: Task<Void, any Error>

    static func start(context: AppContext) async throws -> ServerHandle {
        var logger = Logger(label: "citas-bench")
        logger.logLevel = .error
        let (stream, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: buildRouter(app: context),
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) },
            logger: logger
        )
        let group = ServiceGroup(configuration: .init(services: [app], logger: logger))
        let task = Task { try await group.run() }
        for await port in stream { return ServerHandle(port: port, group: group, task: task) }
        throw CancellationError()
    }

    func stop() async {
        await group.triggerGracefulShutdown()
        _ = await task.result
    }
}
