import CitasPersistence
import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Synchronization

/// One log event per request: its id (the `X-Request-Id` the proxy sent, else a new one; returned in the response and
/// carried by every event logged while handling it), method, route template, status and latency, and who made it as
/// a keyed hash (`account`, `staff`) that joins one person's requests without naming them. Never the path with its
/// query, headers, cookies or body: links carry tokens, forms carry passwords and CURPs.
struct RequestLogMiddleware: RouterMiddleware {
    /// Keys the pseudonyms: without the deployment key nobody can test a guessed id against a log.
    let pseudonymKey: SymmetricKey

    init(secrets: DeploymentSecrets) {
        pseudonymKey = secrets.keys[0].derived(for: "log-pseudonym")
    }

    func handle(
        _ request: Request,
        context: AppRequestContext,
        next: (Request, AppRequestContext) async throws -> Response
    ) async throws
        -> Response
    {
        let started = ContinuousClock.now
        let id = RequestLog.id(from: request.headers[.requestID])
        var context = context
        context.logger[metadataKey: "request_id"] = .string(id)
        let facts = RequestLog.Facts()
        let status: HTTPResponse.Status
        do {
            var response = try await RequestLog.$facts.withValue(facts) { try await next(request, context) }
            response.headers[.requestID] = id
            status = response.status
            log(request, context: context, status: status, facts: facts, started: started)
            return response
        } catch {
            // Errors become answers in `ErrorMiddleware`, inside this one; what reaches here is a bare HTTP error.
            log(request, context: context, status: (error as? any HTTPResponseError)?.status ?? .internalServerError, facts: facts, started: started)
            throw error
        }
    }

    private func log(
        _ request: Request,
        context: AppRequestContext,
        status: HTTPResponse.Status,
        facts: RequestLog.Facts,
        started: ContinuousClock.Instant
    ) {
        var metadata: Logger.Metadata = [
            "method": "\(request.method)",
            "route": "\(context.endpointPath ?? "unmatched")",
            "status": "\(status.code)",
            "ms": "\(CitasMetrics.nanoseconds(since: started) / 1_000_000)",
        ]
        let (account, staff) = facts.who
        if let account { metadata["account"] = "\(RequestLog.pseudonym(account, key: pseudonymKey))" }
        if let staff { metadata["staff"] = "\(RequestLog.pseudonym(staff, key: pseudonymKey))" }
        context.logger.info("request", metadata: metadata)
    }
}

/// What the request log knows of a request besides its head.
enum RequestLog {
    /// Who the request turned out to be, told by whoever found out (the API's authentication, a page's session).
    final class Facts: Sendable {
        private let state = Mutex<(account: String?, staff: String?)>((nil, nil))

        var who: (account: String?, staff: String?) { state.withLock { $0 } }

        func account(_ id: String) { state.withLock { $0.account = id } }

        func staff(_ id: String) { state.withLock { $0.staff = id } }
    }

    @TaskLocal static var facts: Facts?

    /// The proxy's id when it is one (1–64 letters, digits, `-`, `_`, `.`); anything else is replaced, so a client
    /// cannot put what it likes in every log line.
    static func id(from header: String?) -> String {
        if let header, (1...64).contains(header.utf8.count),
            header.unicodeScalars.allSatisfy({ $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "-_.".unicodeScalars.contains($0)) })
        {
            return header
        }
        return UUID().uuidString.lowercased()
    }

    /// The first 12 hex digits of HMAC-SHA256(`id`).
    static func pseudonym(_ id: String, key: SymmetricKey) -> String {
        HMAC<SHA256>.authenticationCode(for: Data(id.utf8), using: key).prefix(6).map { String(format: "%02x", $0) }.joined()
    }
}

extension HTTPField.Name {
    static let requestID = HTTPField.Name("X-Request-Id")!
}
