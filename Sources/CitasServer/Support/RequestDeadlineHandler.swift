import NIOCore
import NIOHTTPTypes

/// Closes a connection whose request is not fully received within `limit` of its head: a body that trickles in a
/// byte at a time would otherwise hold a connection (and its memory) for as long as the sender likes. Hummingbird's
/// idle timeout covers the rest: a head that never completes, and a keep-alive connection left silent.
final class RequestDeadlineHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart

    let limit: TimeAmount
    private var deadline: Scheduled<Void>?

    init(limit: TimeAmount) {
        self.limit = limit
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            deadline?.cancel()
            let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
            deadline = context.eventLoop.scheduleTask(in: limit) { loopBound.value.close(promise: nil) }
        case .end:
            deadline?.cancel()
            deadline = nil
        case .body:
            break
        }
        context.fireChannelRead(data)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        deadline?.cancel()
    }
}

@available(*, unavailable)
extension RequestDeadlineHandler: Sendable {}
