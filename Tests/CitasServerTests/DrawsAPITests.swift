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
    @Test("Wait at an office once; bad input is refused with its own code and changes nothing", arguments: TestDatabase.engines)
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
            try await fixture.client.execute(uri: "/api/v1/draws/requests", method: .get, headers: bearer(token)) { response in
                let text = String(buffer: response.body)
                #expect(response.status == .ok && text.contains(#""status":"waiting""#) && text.contains(#""timeOfDay":"morning""#))
            }
        }
    }
}
