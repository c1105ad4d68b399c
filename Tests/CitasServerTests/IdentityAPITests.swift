import CitasDomain
import CitasPersistence
import CitasTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Logging
import NIOCore
import SQLKit
import Testing

@testable import CitasServer

@Suite("Registration, verification, log-in and passwords")
struct IdentityAPITests {
    static func register(_ fixture: ServerFixture, _ body: String) async throws -> (HTTPResponse.Status, String?) {
        let headers = try await fixture.withProof(jsonHeaders, "register")
        return try await fixture.client.execute(uri: "/api/v1/accounts", method: .post, headers: headers, body: json(body)) {
            ($0.status, $0.errorCode)
        }
    }

    static func count(_ table: String, _ database: any AppDatabase) async throws -> Int {
        try await database.read { sql in
            try await sql.raw("SELECT COUNT(*) AS n FROM \(ident: table)").first()!.decode(column: "n", as: Int.self)
        }
    }

    @Test("Register, follow the link in the .eml file through the page, log in, book", arguments: TestDatabase.engines)
    func endToEnd(engine: DatabaseEngine) async throws {
        try await withServer(engine) { fixture in
            #expect(try await Self.register(fixture, registration(1, email: "Ana.Gomez@Example.com")).0 == .accepted)
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("citas-eml-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: directory) }
            let service = OutboxDeliveryService(
                outbox: fixture.app.outbox,
                transport: EmlFileTransport(directory: directory, from: "citas@example.com"),
                clock: fixture.clock,
                logger: .init(label: "test")
            )
            #expect(try await service.deliverNext())
            #expect(try await service.deliverNext() == false)
            let files = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            let eml = try String(contentsOf: directory.appendingPathComponent(try #require(files.first)), encoding: .utf8)
            #expect(eml.contains("To: <ana.gomez@example.com>") && eml.contains("Content-Type: text/plain; charset=utf-8"))
            let link = try #require(eml.split(separator: "\r\n").first { $0.hasPrefix("http") })
            let path = String(link.dropFirst("http://127.0.0.1:8080".count))
            let (cookie, csrf) = try await fixture.client.execute(uri: path, method: .get) { response in
                let cookie = try #require(response.headers[.setCookie]).split(separator: ";")[0]
                let page = String(buffer: response.body)
                let value = try #require(page.range(of: #"name="csrf" value=""#)).upperBound
                return (String(cookie), String(page[value...].prefix { $0 != "\"" }))
            }
            let token = String(path.split(separator: "=").last!)
            var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded", .cookie: cookie]
            try await fixture.client.execute(uri: "/es/verify", method: .post, headers: headers, body: json("token=\(token)&csrf=wrong")) {
                #expect($0.status == .forbidden)
            }
            headers[.cookie] = cookie
            try await fixture.client.execute(uri: "/es/verify", method: .post, headers: headers, body: json("token=\(token)&csrf=\(csrf)")) {
                #expect($0.status == .ok)
                #expect(String(buffer: $0.body).contains("Su cuenta está activa"))
            }
            let session = try await fixture.logIn("ana.gomez@example.com")
            try await fixture.client.execute(uri: "/api/v1/me", method: .get, headers: bearer(session)) { response in
                #expect(String(buffer: response.body).contains(TestData.curp(1).value))
            }
            try await fixture.client.execute(
                uri: "/api/v1/appointments",
                method: .post,
                headers: try await fixture.withProof(bearer(session), "book"),
                body: AppointmentsAPITests.booking()
            ) { #expect($0.status == .created) }
        }
    }

    @Test("Throw-away addresses are refused, counted by domain, and nothing else is written", arguments: TestDatabase.engines)
    func disposableRefused(engine: DatabaseEngine) async throws {
        try await withServer(engine) { fixture in
            for address in ["x@mailinator.com", "y@sub.mailinator.com"] {
                #expect(try await Self.register(fixture, registration(1, email: address)) == (.unprocessableContent, "email_disposable"))
            }
            #expect(try await writtenRows(fixture.app.database) == 0)
            let refusals = try await fixture.app.emailRules.refusals(from: TestData.today, through: TestData.today.adding(days: 2))
            #expect(refusals.map(\.domain) == ["mailinator.com", "sub.mailinator.com"])
            try await fixture.app.emailRules.set(.allow, for: ["mailinator.com"], source: "test", now: 0)
            #expect(try await Self.register(fixture, registration(1, email: "x@mailinator.com")).0 == .accepted)
        }
    }

    @Test(
        "Each bad registration field has its own code and writes nothing",
        arguments: [
            ("email", "ana.example.com", "email_syntax"), ("password", "pasaporte2026", "password_weak"), ("password", "P@ssw0rd", "password_common"),
            ("curp", "GOMA500101MDFMZN01", "curp_check_digit"), ("sex", "F", "sex_invalid"), ("birthState", "QO", "state_invalid"),
            ("birthDate", "1950-02-30", "invalid_date"), ("phone", "12ab", "phone_invalid"), ("givenNames", "  ", "given_names_missing"),
            ("paternalSurname", "G0mez", "name_invalid"), ("givenNames", "Rosa", "curp_mismatch_names"),
            ("birthDate", "1950-01-05", "curp_mismatch_birth_date"), ("sex", "H", "curp_mismatch_sex"),
        ]
    )
    func badFields(field: String, value: String, code: String) async throws {
        try await withServer(.sqlite) { fixture in
            let body = registration(1, email: "ana@example.com", overrides: [field: value])
            let (status, got) = try await Self.register(fixture, body)
            #expect(got == code)
            #expect((400..<500).contains(status.code))
            #expect(try await writtenRows(fixture.app.database) == 0)
            // Only a CURP that belongs to somebody else is remembered, as a farm signal against the address.
            #expect(try await Self.count("identity_refusals", fixture.app.database) == (code.hasPrefix("curp_mismatch") ? 1 : 0))
        }
    }

    @Test(
        "One account per CURP and per mailbox; a second registration of either looks like success and mails the owner",
        arguments: TestDatabase.engines
    )
    func duplicates(engine: DatabaseEngine) async throws {
        try await withServer(engine) { fixture in
            #expect(try await Self.register(fixture, registration(1, email: "ana.gomez+a@gmail.com")).0 == .accepted)
            #expect(try await Self.register(fixture, registration(1, email: "other@example.com")) == (.accepted, nil))
            #expect(try await Self.register(fixture, registration(2, email: "anagomez@googlemail.com")).0 == .accepted)
            #expect(try await Self.count("accounts", fixture.app.database) == 1)
            let mails = try await fixture.app.database.read { sql in
                try await sql.raw("SELECT kind, recipient FROM outbox ORDER BY id").all().map {
                    "\(try $0.decode(column: "kind", as: String.self)) \(try $0.decode(column: "recipient", as: String.self))"
                }
            }
            #expect(
                mails == ["verify_email ana.gomez+a@gmail.com", "curp_in_use ana.gomez+a@gmail.com", "already_registered anagomez@googlemail.com"]
            )
        }
    }

    @Test(
        "Log-in: same answer for unknown and wrong; unverified and suspended refused; an attacker's failures delay the attacker, never the owner",
        arguments: TestDatabase.engines
    )
    func logIn(engine: DatabaseEngine) async throws {
        try await withServer(engine) { fixture in
            #expect(try await Self.register(fixture, registration(3, email: "unverified@example.com")).0 == .accepted)
            _ = try await fixture.signUp(4, email: "ana@example.com")
            func attempt(_ email: String, _ password: String, from address: String? = nil) async throws -> (HTTPResponse.Status, String?, String?) {
                var headers = jsonHeaders
                if let address { headers[.xForwardedFor] = address }
                return try await fixture.client.execute(
                    uri: "/api/v1/sessions",
                    method: .post,
                    headers: headers,
                    body: json(#"{"email":"\#(email)","password":"\#(password)"}"#)
                ) { ($0.status, $0.errorCode, $0.headers[.retryAfter]) }
            }
            #expect(try await attempt("nobody@example.com", "Pasaporte#2026").1 == "invalid_credentials")
            #expect(try await attempt("unverified@example.com", "Pasaporte#2026").1 == "account_not_verified")
            let attacker = "198.51.100.66"
            for _ in 0..<5 { #expect(try await attempt("ana@example.com", "Wrong#2026", from: attacker).1 == "invalid_credentials") }
            // The attacker now waits, even with the right password; the owner, from an address that never failed, does not.
            let throttled = try await attempt("ana@example.com", "Pasaporte#2026", from: attacker)
            #expect(throttled.0 == .tooManyRequests && throttled.1 == "rate_limited" && throttled.2 == "60")
            #expect(try await attempt("ana@example.com", "Pasaporte#2026").0 == .created)
            // A new address gets one guess; after it, the delay has grown with the mailbox's failures.
            #expect(try await attempt("ana@example.com", "Wrong#2026", from: "198.51.100.67").1 == "invalid_credentials")
            #expect(try await attempt("ana@example.com", "Wrong#2026", from: "198.51.100.67").2 == "120")
            fixture.clock.advance(by: 121)
            #expect(try await attempt("ana@example.com", "Pasaporte#2026", from: attacker).0 == .created)
            let account = try #require(try await fixture.app.accounts.account(emailOrCurp: "ana@example.com"))
            _ = try await fixture.app.clawBack.suspend(accountId: account.id, reason: "test", actor: "test")
            #expect(try await attempt("ana@example.com", "Pasaporte#2026").0 == .forbidden)
            #expect(try await attempt("ana@example.com", "Pasaporte#2026").1 == "account_suspended")
        }
    }

    @Test("Verification tokens are single-use and expire", arguments: TestDatabase.engines)
    func tokens(engine: DatabaseEngine) async throws {
        try await withServer(engine) { fixture in
            #expect(try await Self.register(fixture, registration(5, email: "a@example.com")).0 == .accepted)
            #expect(try await Self.register(fixture, registration(6, email: "b@example.com")).0 == .accepted)
            let first = try await fixture.lastLinkToken(to: "a@example.com")
            let second = try await fixture.lastLinkToken(to: "b@example.com")
            func verify(_ token: String) async throws -> (HTTPResponse.Status, String?) {
                try await fixture.client.execute(
                    uri: "/api/v1/accounts/verify",
                    method: .post,
                    headers: jsonHeaders,
                    body: json(#"{"token":"\#(token)"}"#)
                ) {
                    ($0.status, $0.errorCode)
                }
            }
            #expect(try await verify(first).0 == .ok)
            #expect(try await verify(first) == (.conflict, "account_already_active"))
            fixture.clock.advance(by: 25 * 3600)
            #expect(try await verify(second) == (.gone, "token_invalid"))
        }
    }

    @Test("Password reset ends old sessions and every other reset link; the new password works", arguments: TestDatabase.engines)
    func passwordReset(engine: DatabaseEngine) async throws {
        try await withServer(engine) { fixture in
            let old = try await fixture.signUp(7, email: "ana@example.com")
            try await fixture.client.execute(
                uri: "/api/v1/password/forgot",
                method: .post,
                headers: jsonHeaders,
                body: json(#"{"email":"nobody@example.com"}"#)
            ) { #expect($0.status == .accepted) }
            try await fixture.client.execute(
                uri: "/api/v1/password/forgot",
                method: .post,
                headers: jsonHeaders,
                body: json(#"{"email":"ana@example.com"}"#)
            ) {
                #expect($0.status == .accepted)
            }
            let token = try await fixture.lastLinkToken(to: "ana@example.com")
            try await fixture.client.execute(
                uri: "/api/v1/password/forgot",
                method: .post,
                headers: jsonHeaders,
                body: json(#"{"email":"ana@example.com"}"#)
            ) { #expect($0.status == .accepted) }
            let laterLink = try await fixture.lastLinkToken(to: "ana@example.com")
            try await fixture.client.execute(
                uri: "/api/v1/password/reset",
                method: .post,
                headers: jsonHeaders,
                body: json(#"{"token":"\#(token)","password":"Nueva#Clave2027"}"#)
            ) { #expect($0.status == .ok) }
            try await fixture.client.execute(uri: "/api/v1/me", method: .get, headers: bearer(old)) { #expect($0.status == .unauthorized) }
            // The other link mailed before the reset no longer works.
            try await fixture.client.execute(
                uri: "/api/v1/password/reset",
                method: .post,
                headers: jsonHeaders,
                body: json(#"{"token":"\#(laterLink)","password":"Tercera#Clave2027"}"#)
            ) { #expect($0.status == .gone && $0.errorCode == "token_invalid") }
            let new = try await fixture.logIn("ana@example.com", password: "Nueva#Clave2027")
            try await fixture.client.execute(
                uri: "/api/v1/password/change",
                method: .post,
                headers: bearer(new),
                body: json(#"{"currentPassword":"Nueva#Clave2027","newPassword":"Otra#Clave2028"}"#)
            ) { #expect($0.status == .ok) }
            try await fixture.client.execute(uri: "/api/v1/me", method: .get, headers: bearer(new)) { #expect($0.status == .ok) }
        }
    }
}
