import Foundation
import HTTPTypes
import Hummingbird

/// Decides the client's address: the socket's peer, unless that peer is a configured trusted proxy, in which case
/// the right-most `X-Forwarded-For` entry that is not itself a trusted proxy. Anyone else's header is ignored, so a
/// client cannot pick its own address to dodge limits.
struct ClientAddressMiddleware: RouterMiddleware {
    let trustedProxies: Set<String>

    func handle(
        _ request: Request,
        context: AppRequestContext,
        next: (Request, AppRequestContext) async throws -> Response
    ) async throws
        -> Response
    {
        var context = context
        let peer = context.remoteAddress?.ipAddress ?? "unknown"
        context.clientAddress = peer
        if trustedProxies.contains(peer), let forwarded = request.headers[values: .xForwardedFor].last {
            let hops = forwarded.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            context.clientAddress = hops.last { !trustedProxies.contains($0) } ?? peer
        }
        return try await next(request, context)
    }
}

extension HTTPField.Name {
    static let xForwardedFor = Self("X-Forwarded-For")!
}
