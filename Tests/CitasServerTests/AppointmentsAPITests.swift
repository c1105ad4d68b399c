import CitasDomain
import CitasPersistence
import CitasTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import SQLKit
import Testing

@testable import CitasServer

@Suite("Appointments API")
struct AppointmentsAPITests {
    struct Booked: Decodable {
        let folio: String
        let curp: String
        let status: String
        let date: String
        let time: String
        let timeZone: String
    }

    static func booking(date: String = "2026-12-02", time: String = "09:30", office: String = "TEST-OFFICE") -> ByteBuffer {
        json(#"{"office":"\#(office)","date":"\#(date)","time":"\#(time)"}"#)
    }

    @Test("Book as the signed-in person, read, cancel; the CURP is the account's", arguments: TestDatabase.engines)
    func lifecycle(engine: DatabaseEngine) async throws {
        try await withServer(engine) { fixture in
            let client = fixture.client
            let token = try await fixture.signUp(11)
            let booking = try await fixture.withProof(bearer(token), "book")
            let booked = try await client.execute(uri: "/api/v1/appointments", method: .post, headers: booking, body: Self.booking()) {
                #expect($0.status == .created)
                return try $0.decoded(Booked.self)
            }
            #expect(booked.status == "booked" && booked.time == "09:30" && booked.timeZone == "America/Mexico_City")
            #expect(booked.curp == TestData.curp(11).value)
            try await client.execute(uri: "/api/v1/appointments/\(booked.folio)", method: .get, headers: bearer(token)) { response in
                #expect(response.status == .ok)
            }
            let stranger = try await fixture.signUp(12)
            try await client.execute(uri: "/api/v1/appointments/\(booked.folio)", method: .get, headers: bearer(stranger)) {
                #expect($0.status == .notFound && $0.errorCode == "appointment_not_found")
            }
            try await client.execute(uri: "/api/v1/appointments/\(booked.folio)/cancel", method: .post, headers: bearer(stranger)) {
                #expect($0.status == .notFound)
            }
            try await client.execute(
                uri: "/api/v1/appointments/\(booked.folio)/reschedule",
                method: .post,
                headers: try await fixture.withProof(bearer(token), "book"),
                body: Self.booking(time: "11:00")
            ) { response in
                let moved = try response.decoded(Booked.self)
                #expect(response.status == .ok && moved.time == "11:00" && moved.folio == booked.folio)
            }
            // Booking and moving each mail the holder the appointment as it now stands, in their language; the move
            // also says the old time is void.
            let mails = try await fixture.app.database.read { sql in
                try await sql.raw(
                    """
                    SELECT o.body FROM outbox o JOIN accounts a ON a.email = o.recipient
                    WHERE a.curp = \(bind: TestData.curp(11).value) AND o.kind IN ('booked', 'moved') ORDER BY o.id
                    """
                ).all().map { try $0.decode(column: "body", as: String.self) }
            }
            #expect(mails.count == 2 && mails.allSatisfy { $0.contains("Folio: \(booked.folio)") })
            #expect(mails.first?.contains("a las 09:30") == true && mails.last?.contains("a las 11:00") == true)
            #expect(mails.last?.contains("a las 09:30) ya no es válida") == true)
            try await client.execute(uri: "/api/v1/appointments/\(booked.folio)/cancel", method: .post, headers: bearer(token)) { response in
                let cancelled = try response.decoded(Booked.self)
                #expect(response.status == .ok && cancelled.status == "cancelled")
            }
            try await client.execute(uri: "/api/v1/appointments/\(booked.folio)/cancel", method: .post, headers: bearer(token)) {
                #expect($0.status == .conflict && $0.errorCode == "appointment_not_cancellable")
            }
        }
    }

    @Test("A second live appointment for one CURP is refused in the person's language", arguments: TestDatabase.engines)
    func secondBookingRefused(engine: DatabaseEngine) async throws {
        try await withServer(engine) { fixture in
            let token = try await fixture.signUp(21)
            for (time, status) in [("09:00", HTTPResponse.Status.created), ("10:00", .conflict)] {
                var headers = try await fixture.withProof(bearer(token), "book")
                headers[.acceptLanguage] = "en-US,en;q=0.9,es;q=0.5"
                try await fixture.client.execute(
                    uri: "/api/v1/appointments",
                    method: .post,
                    headers: headers,
                    body: Self.booking(date: "2026-12-03", time: time)
                ) { response in
                    #expect(response.status == status)
                    if status == .conflict {
                        let error = try response.decoded(ErrorBody.self).error
                        #expect(error.code == "curp_has_live_appointment")
                        #expect(error.message.hasPrefix("This CURP already has"))
                    }
                }
            }
        }
    }

    @Test("A risk this instance has come to know raises what a proof fetched before must meet", arguments: TestDatabase.engines)
    func knownRiskApplies(engine: DatabaseEngine) async throws {
        try await withServer(engine) { fixture in
            let token = try await fixture.signUp(31)
            let easy = try await fixture.withProof(bearer(token), "book")
            try await fixture.app.database.write { sql in
                try await sql.raw("UPDATE accounts SET relay_email = 1 WHERE email = 'persona31@example.com'").run()
            }
            // The score is kept a minute; the next challenge assesses the account again, and is harder.
            fixture.clock.advance(by: 61)
            let hard = try await fixture.withProof(bearer(token), "book")
            try await fixture.client.execute(uri: "/api/v1/appointments", method: .post, headers: easy, body: Self.booking(date: "2026-12-03")) {
                let code = try $0.decoded(ErrorBody.self).error.code
                #expect(code == "pow_insufficient")
            }
            try await fixture.client.execute(uri: "/api/v1/appointments", method: .post, headers: hard, body: Self.booking(date: "2026-12-03")) {
                #expect($0.status == .created)
            }
        }
    }

    @Test("Booking needs a session", arguments: TestDatabase.engines)
    func needsSession(engine: DatabaseEngine) async throws {
        try await withServer(engine) { fixture in
            for headers in [jsonHeaders, bearer("not-a-token")] {
                try await fixture.client.execute(uri: "/api/v1/appointments", method: .post, headers: headers, body: Self.booking()) {
                    #expect($0.status == .unauthorized && $0.errorCode == "authentication_required")
                }
            }
            #expect(try await writtenRows(fixture.app.database) == 0)
        }
    }

    @Test(
        "Bad input gets a 4xx with a stable code and writes nothing",
        arguments: TestDatabase.engines.flatMap { engine in BadInput.all.map { (engine, $0) } }
    )
    func badInput(engine: DatabaseEngine, input: BadInput) async throws {
        try await withServer(engine) { fixture in
            let token = try await fixture.signUp(5)
            var headers = try await fixture.withProof(bearer(token), "book")
            headers[.contentType] = input.contentType
            let before = try await writtenRows(fixture.app.database)
            try await fixture.client.execute(uri: input.uri, method: .post, headers: headers, body: json(input.body)) { response in
                #expect(response.status.code == input.status, "\(input.name)")
                #expect(response.errorCode == input.code, "\(input.name)")
                #expect((try? response.decoded(ErrorBody.self).error.message.isEmpty) == false)
            }
            #expect(try await writtenRows(fixture.app.database) == before)
        }
    }
}

/// One malformed request and the answer it must get.
struct BadInput: Sendable, CustomTestStringConvertible {
    let name: String
    var uri = "/api/v1/appointments"
    var contentType = "application/json"
    let body: String
    let status: Int
    let code: String

    var testDescription: String { name }

    static func booking(office: String = "TEST-OFFICE", date: String = "2026-12-02", time: String = "09:00") -> String {
        #"{"office":"\#(office)","date":"\#(date)","time":"\#(time)"}"#
    }

    static let all: [BadInput] = [
        BadInput(name: "malformed JSON", body: #"{"office": "#, status: 400, code: "malformed_json"),
        BadInput(name: "JSON of the wrong shape", body: "[1, 2, 3]", status: 400, code: "malformed_json"),
        BadInput(name: "missing field", body: #"{"office":"TEST-OFFICE"}"#, status: 400, code: "field_missing"),
        BadInput(name: "wrong content type", contentType: "text/plain", body: booking(), status: 415, code: "unsupported_media_type"),
        BadInput(name: "unknown office", body: booking(office: "MX-XX-NOWHERE"), status: 404, code: "office_not_found"),
        BadInput(name: "date in the past", body: booking(date: "2026-11-29"), status: 422, code: "date_in_past"),
        BadInput(name: "impossible date", body: booking(date: "2026-02-30"), status: 400, code: "invalid_date"),
        BadInput(name: "bad time", body: booking(time: "9am"), status: 400, code: "invalid_time"),
        BadInput(name: "over-long string", body: booking(office: String(repeating: "A", count: 5000)), status: 400, code: "field_too_long"),
        BadInput(name: "huge body", body: booking(office: String(repeating: "A", count: 40000)), status: 413, code: "payload_too_large"),
        BadInput(name: "slot outside the plan", body: booking(time: "10:30"), status: 404, code: "slot_not_found"),
        BadInput(name: "cancel unknown folio", uri: "/api/v1/appointments/ABCDEFGHJK/cancel", body: "", status: 404, code: "appointment_not_found"),
        BadInput(name: "cancel malformed folio", uri: "/api/v1/appointments/abc/cancel", body: "", status: 400, code: "invalid_folio"),
    ]
}
