import CitasDomain
import CitasPersistence
import Foundation
import HTTPTypes
import Hummingbird

/// Requires a live session: `Authorization: Bearer <token>` for API clients. Sets `context.accountId`.
struct AuthenticationMiddleware: RouterMiddleware {
    let sessions: SessionStore
    let clock: any CitasClock

    func handle(
        _ request: Request,
        context: AppRequestContext,
        next: (Request, AppRequestContext) async throws -> Response
    ) async throws -> Response {
        guard let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer ") else {
            throw CitasError(.authenticationRequired)
        }
        let token = SecretToken(value: String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces))
        guard token.value.count <= 128,
            let account = try await sessions.holder(for: token, kind: .bearer, now: clock.now().epoch)
        else { throw CitasError(.authenticationRequired) }
        var context = context
        context.accountId = account.id
        RequestLog.facts?.account(account.id)
        context.account = account
        context.sessionToken = token
        return try await next(request, context)
    }
}
