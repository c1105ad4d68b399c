import CitasDomain
import CitasPersistence
import Foundation
import Hummingbird
import Logging
import NIOCore
import SQLKit

/// Liveness, readiness and the API's own description.
struct SystemController<Context: RequestContext> {
    let app: AppContext

    func register(on router: Router<Context>) {
        router.get("health") { _, _ in Response.json(["status": "ok"]) }
        router.get("ready", use: ready)
        router.get("api/v1/openapi.json") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "application/json; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: try OpenAPIDocument.data()))
            )
        }
    }

    /// Ready when the database answers a query; otherwise 503 so a balancer stops sending traffic.
    @Sendable func ready(_ request: Request, context: Context) async throws -> Response {
        do {
            _ = try await app.database.read { sql in try await sql.raw("SELECT 1 AS one").first() }
            return .json(["status": "ready", "database": app.database.engine.rawValue])
        } catch {
            context.logger.warning("not ready", metadata: ["error": "\(String(reflecting: error))"])
            throw CitasError(.databaseUnavailable)
        }
    }
}

/// The OpenAPI 3.1 document shipped as a resource.
enum OpenAPIDocument {
    static func data() throws -> Data {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json") else {
            throw CitasError(.internalError, detail: "openapi.json missing")
        }
        return try Data(contentsOf: url)
    }
}
