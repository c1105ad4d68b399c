import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

extension Response {
    /// A JSON response with a stable key order, so clients and snapshot tests see the same bytes.
    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
        json(encoded: jsonBody(value), status: status)
    }

    /// A JSON response whose body was encoded before (and may be sent many times).
    static func json(encoded body: ByteBuffer, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: body))
    }

    /// `value` encoded as `json` sends it.
    static func jsonBody(_ value: some Encodable) -> ByteBuffer {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return ByteBuffer(bytes: (try? encoder.encode(value)) ?? Data("{}".utf8))
    }

    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}

/// Headers every response carries: no sniffing, no framing, no referrer leaks, a strict CSP, and HSTS when the public
/// address is HTTPS. A response that says nothing about caching is not stored anywhere (`no-store`): most carry a
/// person's data or a token, and the few that may be cached (static files) say so themselves.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Browsers remember for a year to use HTTPS only; sent only when the public URL is HTTPS.
    var strictTransportSecurity = false

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.frameOptions] = "DENY"
        response.headers[.referrer] = "no-referrer"
        response.headers[.contentSecurityPolicy] = "default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
        response.headers[.permissionsPolicy] = "camera=(), microphone=(), geolocation=()"
        if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
        if strictTransportSecurity { response.headers[.strictTransportSecurity] = "max-age=31536000; includeSubDomains" }
        return response
    }
}

extension HTTPField.Name {
    static let frameOptions = Self("X-Frame-Options")!
    static let referrer = Self("Referrer-Policy")!
    static let permissionsPolicy = Self("Permissions-Policy")!
}
