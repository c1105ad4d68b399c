import CitasDomain
import CitasPersistence
import CitasTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

@testable import CitasServer

@Suite("Draws API")
struct DrawsAPITests {
    @Test("Wait at an office once, withdraw it; bad input is refused with its own code and changes nothing", arguments: TestDatabase.engines)
    func requests(engine: DatabaseEngine) async throws {
        try await withServer(engine) { fixture in
            let token = try await fixture.signUp(31)
            func enter(_ body: String) async throws -> (HTTPResponse.Status, String?) {
                let headers = try await fixture.withProof(bearer(token), "draw")
                return try await fixture.client.execute(uri: "/api/v1/draws/requests", method: .post, headers: headers, body: json(body)) {
                    ($0.status, $0.errorCode)
                }
            }
            #expect(try await enter(#"{"office":"TEST-OFFICE","timeOfDay":"morning"}"#).0 == .created)
            let before = try await writtenRows(fixture.app.database)
            #expect(try await enter(#"{"office":"TEST-OFFICE"}"#) == (.conflict, "draw_request_pending"))
            let noon = try await enter(#"{"office":"TEST-OFFICE","timeOfDay":"noon"}"#)
            #expect(noon.0 == .badRequest && noon.1 == "time_of_day_invalid", "\(noon)")
            #expect(try await enter(#"{"office":"NOPE"}"#) == (.notFound, "office_not_found"))
            #expect(try await enter(#"{"office":"TEST-OFFICE","from":"2026-12-09","through":"2026-12-08"}"#) == (.badRequest, "invalid_date_range"))
            #expect(try await writtenRows(fixture.app.database) == before)
            let id = try await fixture.client.execute(uri: "/api/v1/draws/requests", method: .get, headers: bearer(token)) { response in
                let text = String(buffer: response.body)
                #expect(response.status == .ok && text.contains(#""status":"waiting""#) && text.contains(#""timeOfDay":"morning""#))
                struct Listed: Decodable { let requests: [Request] }
                struct Request: Decodable { let id: Int }
                return try response.decoded(Listed.self).requests[0].id
            }
            // Another account cannot withdraw it; its owner can, once.
            let other = try await fixture.signUp(32)
            func withdraw(_ path: String, as token: String) async throws -> (HTTPResponse.Status, String?) {
                try await fixture.client.execute(uri: path, method: .post, headers: bearer(token)) { ($0.status, $0.errorCode) }
            }
            #expect(try await withdraw("/api/v1/draws/requests/\(id)/withdraw", as: other) == (.notFound, "not_found"))
            #expect(try await withdraw("/api/v1/draws/requests/nonsense/withdraw", as: token) == (.notFound, "not_found"))
            #expect(try await withdraw("/api/v1/draws/requests/\(id)/withdraw", as: token).0 == .noContent)
            #expect(try await withdraw("/api/v1/draws/requests/\(id)/withdraw", as: token) == (.notFound, "not_found"))
            try await fixture.client.execute(uri: "/api/v1/draws/requests", method: .get, headers: bearer(token)) { response in
                #expect(String(buffer: response.body).contains(#""status":"withdrawn""#))
            }
        }
    }
}
