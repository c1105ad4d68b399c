import CitasServer
import Foundation
import Hummingbird
import Logging
import NIOCore

/// A real Citas HTTP server on a free loopback port, for the duration of one measurement.
struct ServerHandle {
    let port: Int
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
        let task = Task { try await app.runService() }
        for await port in stream { return ServerHandle(port: port, task: task) }
        throw CancellationError()
    }

    func stop() async {
        task.cancel()
        _ = await task.result
    }
}
