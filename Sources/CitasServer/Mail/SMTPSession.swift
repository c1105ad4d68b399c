import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import Synchronization

/// One SMTP connection: writes command lines and awaits replies in order.
final class SMTPSession: Sendable {
    let channel: any Channel
    private let replies: SMTPReplyHandler
    private let tls = Mutex(false)

    private init(channel: any Channel, replies: SMTPReplyHandler) {
        self.channel = channel
        self.replies = replies
    }

    static func connect(host: String, port: Int) async throws -> SMTPSession {
        let replies = SMTPReplyHandler()
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.seconds(10))
            .channelInitializer { channel in channel.pipeline.addHandler(replies) }
            .connect(host: host, port: port).get()
        return SMTPSession(channel: channel, replies: replies)
    }

    var isTLS: Bool { tls.withLock { $0 } }

    /// The 220 the server sends on connect.
    func greeting() async throws -> SMTPReply {
        try await replies.next(on: channel.eventLoop).get()
    }

    func command(_ line: String) async throws -> SMTPReply {
        try await raw(line + "\r\n")
    }

    func raw(_ text: String) async throws -> SMTPReply {
        let reply = replies.next(on: channel.eventLoop)
        try await channel.writeAndFlush(channel.allocator.buffer(string: text))
        return try await withTimeout(reply)
    }

    /// Wraps the connection in TLS after the server agreed to STARTTLS.
    func startTLS(serverHostname: String) async throws {
        let context = try NIOSSLContext(configuration: .makeClientConfiguration())
        let channel = channel
        try await channel.eventLoop.submit {
            let handler = try NIOSSLClientHandler(context: context, serverHostname: serverHostname)
            try channel.pipeline.syncOperations.addHandler(handler, position: .first)
        }.get()
        tls.withLock { $0 = true }
    }

    func close() async throws {
        try await channel.close()
    }

    private func withTimeout(_ future: EventLoopFuture<SMTPReply>) async throws -> SMTPReply {
        let timeout = channel.eventLoop.scheduleTask(in: .seconds(60)) { _ = self.channel.close() }
        defer { timeout.cancel() }
        return try await future.get()
    }
}

/// Splits the byte stream into reply lines and completes waiting promises in order (a reply may arrive before
/// anyone waits for it, e.g. the greeting). All state is touched on the channel's event loop only.
final class SMTPReplyHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer

    private var buffer = ""
    private var pendingLines: [String] = []
    private var ready: [SMTPReply] = []
    private var waiting: [EventLoopPromise<SMTPReply>] = []
    private var closedError: (any Error)?

    func next(on eventLoop: any EventLoop) -> EventLoopFuture<SMTPReply> {
        let promise = eventLoop.makePromise(of: SMTPReply.self)
        eventLoop.execute {
            if !self.ready.isEmpty {
                promise.succeed(self.ready.removeFirst())
            } else if let error = self.closedError {
                promise.fail(error)
            } else {
                self.waiting.append(promise)
            }
        }
        return promise.futureResult
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var bytes = unwrapInboundIn(data)
        buffer += bytes.readString(length: bytes.readableBytes) ?? ""
        while let end = buffer.range(of: "\r\n") {
            let line = String(buffer[..<end.lowerBound])
            buffer.removeSubrange(..<end.upperBound)
            accept(line)
        }
    }

    /// `250-…` continues a reply; `250 …` ends it.
    private func accept(_ line: String) {
        pendingLines.append(line.count > 4 ? String(line.dropFirst(4)) : "")
        guard line.count < 4 || line[line.index(line.startIndex, offsetBy: 3)] != "-" else { return }
        let reply = SMTPReply(code: Int(line.prefix(3)) ?? 0, lines: pendingLines)
        pendingLines = []
        if waiting.isEmpty { ready.append(reply) } else { waiting.removeFirst().succeed(reply) }
    }

    func channelInactive(context: ChannelHandlerContext) {
        let error = SMTPError(reply: "connection closed")
        closedError = error
        for promise in waiting { promise.fail(error) }
        waiting = []
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
