import CitasDomain
import CitasPersistence
import Hummingbird
import NIOCore

/// The per-request context: the client's address (for per-address limits) and, once authenticated, the account.
public struct AppRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?
    /// Set by `AuthenticationMiddleware`.
    public var accountId: String?
    /// The signed-in account as read with its session (this request's view of it), when the session was checked.
    public var account: Account?
    /// The session token the request came with, so "change password" can keep this session alive.
    public var sessionToken: SecretToken?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// The account id, or `authentication_required`.
    public func requireAccount() throws -> String {
        guard let accountId else { throw CitasError(.authenticationRequired) }
        return accountId
    }

    /// The client's IP address for per-address limits, set by `ClientAddressMiddleware` (trusted proxies honoured).
    public var clientAddress = "unknown"
}
