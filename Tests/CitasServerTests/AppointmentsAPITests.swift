import CitasDomain
import CitasPersistence
import CitasTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@testable import CitasServer

@Suite("Appointments API")
struct AppointmentsAPITests {
    struct Booked: Decodable {
        let folio: String
        let status: String
        let date: String
        let time: String
        let timeZone: String
    }

    @Test("Book, read with the CURP header, cancel", arguments: TestDatabase.engines)
    func lifecycle(engine: DatabaseEngine) async throws {
        try await withServer(engine) { client, _ in
            let curp = TestData.curp(11).value
            let body = #"{"curp":" \#(curp.lowercased()) ","office":"TEST-OFFICE","date":"2026-12-02","time":"09:30"}"#
            let booked = try await client.execute(uri: "/api/v1/appointments", method: .post, headers: jsonHeaders, body: json(body)) {
                #expect($0.status == .created)
                return try $0.decoded(Booked.self)
            }
            #expect(booked.status == "booked" && booked.time == "09:30" && booked.timeZone == "America/Mexico_City")
            try await client.execute(uri: "/api/v1/appointments/\(booked.folio)", method: .get, headers: [.init("X-Citas-CURP")!: curp]) { response in
                #expect(response.status == .ok)
                let read = try response.decoded(Booked.self)
                #expect(read.folio == booked.folio)
            }
            try await client.execute(
                uri: "/api/v1/appointments/\(booked.folio)",
                method: .get,
                headers: [.init("X-Citas-CURP")!: TestData.curp(12).value]
            ) {
                #expect($0.status == .notFound && $0.errorCode == "appointment_not_found")
            }
            let cancel = json(#"{"curp":"\#(curp)"}"#)
            try await client.execute(uri: "/api/v1/appointments/\(booked.folio)/cancel", method: .post, headers: jsonHeaders, body: cancel) {
                response in
                #expect(response.status == .ok)
                let cancelled = try response.decoded(Booked.self)
                #expect(cancelled.status == "cancelled")
            }
            try await client.execute(uri: "/api/v1/appointments/\(booked.folio)/cancel", method: .post, headers: jsonHeaders, body: cancel) {
                #expect($0.status == .conflict && $0.errorCode == "appointment_not_cancellable")
            }
        }
    }

    @Test("A second live appointment for one CURP is refused in the person's language", arguments: TestDatabase.engines)
    func secondBookingRefused(engine: DatabaseEngine) async throws {
        try await withServer(engine) { client, _ in
            let curp = TestData.curp(21).value
            for (time, status) in [("09:00", HTTPResponse.Status.created), ("10:00", .conflict)] {
                let body = json(#"{"curp":"\#(curp)","office":"TEST-OFFICE","date":"2026-12-03","time":"\#(time)"}"#)
                var headers = jsonHeaders
                headers[.acceptLanguage] = "en-US,en;q=0.9,es;q=0.5"
                try await client.execute(uri: "/api/v1/appointments", method: .post, headers: headers, body: body) { response in
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

    @Test(
        "Bad input gets a 4xx with a stable code and writes nothing",
        arguments: TestDatabase.engines.flatMap { engine in BadInput.all.map { (engine, $0) } }
    )
    func badInput(engine: DatabaseEngine, input: BadInput) async throws {
        try await withServer(engine) { client, context in
            var headers = jsonHeaders
            headers[.contentType] = input.contentType
            try await client.execute(uri: input.uri, method: .post, headers: headers, body: json(input.body)) { response in
                #expect(response.status.code == input.status, "\(input.name)")
                #expect(response.errorCode == input.code, "\(input.name)")
                #expect((try? response.decoded(ErrorBody.self).error.message.isEmpty) == false)
            }
            #expect(try await writtenRows(context.database) == 0)
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

    static func booking(
        curp: String = TestData.curp(5).value,
        office: String = "TEST-OFFICE",
        date: String = "2026-12-02",
        time: String = "09:00"
    )
        -> String
    {
        #"{"curp":"\#(curp)","office":"\#(office)","date":"\#(date)","time":"\#(time)"}"#
    }

    static let all: [BadInput] = [
        BadInput(name: "malformed JSON", body: #"{"curp": "#, status: 400, code: "malformed_json"),
        BadInput(name: "JSON of the wrong shape", body: "[1, 2, 3]", status: 400, code: "malformed_json"),
        BadInput(name: "missing field", body: #"{"curp":"X"}"#, status: 400, code: "field_missing"),
        BadInput(name: "wrong content type", contentType: "text/plain", body: booking(), status: 415, code: "unsupported_media_type"),
        BadInput(name: "unknown office", body: booking(office: "MX-XX-NOWHERE"), status: 404, code: "office_not_found"),
        BadInput(name: "date in the past", body: booking(date: "2026-11-29"), status: 422, code: "date_in_past"),
        BadInput(name: "impossible date", body: booking(date: "2026-02-30"), status: 400, code: "invalid_date"),
        BadInput(name: "bad time", body: booking(time: "9am"), status: 400, code: "invalid_time"),
        BadInput(name: "over-long string", body: booking(office: String(repeating: "A", count: 5000)), status: 400, code: "field_too_long"),
        BadInput(name: "huge body", body: booking(office: String(repeating: "A", count: 40000)), status: 413, code: "payload_too_large"),
        BadInput(name: "short CURP", body: booking(curp: "GOMA500101"), status: 400, code: "curp_length"),
        BadInput(
            name: "CURP with a bad check digit",
            body: booking(curp: String(TestData.curp(5).value.dropLast()) + "X"),
            status: 400,
            code: "curp_format"
        ),
        BadInput(name: "slot outside the plan", body: booking(time: "10:30"), status: 404, code: "slot_not_found"),
        BadInput(
            name: "cancel unknown folio",
            uri: "/api/v1/appointments/ABCDEFGHJK/cancel",
            body: #"{"curp":"\#(TestData.curp(5).value)"}"#,
            status: 404,
            code: "appointment_not_found"
        ),
        BadInput(
            name: "cancel malformed folio",
            uri: "/api/v1/appointments/abc/cancel",
            body: #"{"curp":"\#(TestData.curp(5).value)"}"#,
            status: 400,
            code: "invalid_folio"
        ),
    ]
}
