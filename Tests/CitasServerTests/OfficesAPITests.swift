import CitasDomain
import CitasPersistence
import CitasServer
import CitasTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Offices API, system routes and the OpenAPI document")
struct OfficesAPITests {
    struct Availability: Decodable {
        struct Day: Decodable {
            let date: String
            let capacity: Int
            let free: Int
        }

        let office: String
        let days: [Day]
    }

    @Test("Availability counts per day and slots of a day", arguments: TestDatabase.engines)
    func availability(engine: DatabaseEngine) async throws {
        try await withServer(engine) { fixture in
            let client = fixture.client
            try await client.execute(uri: "/api/v1/offices/TEST-OFFICE/availability?from=2026-12-01&to=2026-12-07", method: .get) {
                let body = try $0.decoded(Availability.self)
                #expect(body.days.map(\.date) == ["2026-12-01", "2026-12-02", "2026-12-03", "2026-12-04", "2026-12-07"])
                #expect(body.days.allSatisfy { $0.capacity == 10 && $0.free == 10 })
            }
            try await client.execute(uri: "/api/v1/offices/TEST-OFFICE/slots?date=2026-12-02", method: .get) {
                #expect($0.status == .ok)
                #expect(String(buffer: $0.body).contains(#""time":"11:30""#))
            }
            try await client.execute(uri: "/api/v1/offices/TEST-OFFICE/availability?from=2026-12-01&to=2027-12-01", method: .get) {
                #expect($0.status == .badRequest && $0.errorCode == "invalid_date_range")
            }
            try await client.execute(uri: "/api/v1/offices/NOPE", method: .get) {
                #expect($0.status == .notFound && $0.errorCode == "office_not_found")
            }
        }
    }

    @Test("Health, readiness, home page and security headers")
    func system() async throws {
        try await withServer(.sqlite) { fixture in
            let client = fixture.client
            try await client.execute(uri: "/ready", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/health", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/", method: .get, headers: [.acceptLanguage: "en-US,en;q=0.9,es;q=0.5"]) { response in
                #expect(response.status == .seeOther && response.headers[.location] == "/en")
            }
            try await client.execute(uri: "/es/offices", method: .get) { response in
                #expect(String(buffer: response.body).contains("Oficina de prueba"))
                #expect(response.headers[.contentSecurityPolicy]?.contains("default-src 'self'") == true)
                #expect(response.headers[.xContentTypeOptions] == "nosniff")
            }
            try await client.execute(uri: "/no-such-page", method: .get, headers: [.acceptLanguage: "en"]) { response in
                #expect(response.status == .notFound)
                #expect(String(buffer: response.body).contains("The page does not exist."))
            }
        }
    }

    @Test("Every route is documented and every documented route exists")
    func openAPIMatchesRouter() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let router = try buildRouter(app: AppContext(database: database, clock: ManualClock(TestData.start), secrets: .ephemeral()))
            // Pages (`/{lang}/…`, `/`, `/static/…`) are HTML for people; the document describes the JSON API and probes.
            let routes = Set(
                router.routes.map { "\($0.method.rawValue.lowercased()) \($0.path.description)" }.filter {
                    $0.contains(" /api/") || $0.hasSuffix("/health") || $0.hasSuffix("/ready")
                }
            )
            let app = Application(router: router, logger: TestDatabase.logger)
            let documented = try await app.test(.router) { client in
                try await client.execute(uri: "/api/v1/openapi.json", method: .get) { response in
                    let document = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any]
                    let paths = document?["paths"] as? [String: [String: Any]] ?? [:]
                    return Set(paths.flatMap { path, operations in operations.keys.map { "\($0) \(path)" } })
                }
            }
            #expect(routes.subtracting(documented).isEmpty, "undocumented: \(routes.subtracting(documented))")
            #expect(documented.subtracting(routes).isEmpty, "documented but missing: \(documented.subtracting(routes))")
        }
    }

    @Test("The documented error codes are exactly the server's")
    func openAPIErrorCodes() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let app = Application(
                router: try buildRouter(app: AppContext(database: database, clock: ManualClock(TestData.start), secrets: .ephemeral())),
                logger: TestDatabase.logger
            )
            let documented = try await app.test(.router) { client in
                try await client.execute(uri: "/api/v1/openapi.json", method: .get) { response in
                    var node = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as Any
                    for key in ["components", "schemas", "Error", "properties", "error", "properties", "code", "enum"] {
                        node = (node as? [String: Any])?[key] as Any
                    }
                    return node as? [String] ?? []
                }
            }
            #expect(documented == ErrorCode.allCases.map(\.rawValue), "run Tools/sync-openapi-errors.py")
        }
    }
}
