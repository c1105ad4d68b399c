import CitasPersistence
import HTTPTypes
import Hummingbird

/// Makes the client's address and user agent known to every audit row written while handling the request.
struct RequestOriginMiddleware: RouterMiddleware {
    func handle(
        _ request: Request,
        context: AppRequestContext,
        next: (Request, AppRequestContext) async throws -> Response
    ) async throws
        -> Response
    {
        try await AuditLog.$origin.withValue(RequestOrigin(address: context.clientAddress, userAgent: request.headers[.userAgent])) {
            try await next(request, context)
        }
    }
}
