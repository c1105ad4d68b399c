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

@Suite("Staff sign-in: second factor, throttling, management")
struct StaffSecurityTests {
    @discardableResult
    static func create(_ fixture: ServerFixture, _ role: StaffRole, email: String? = nil) async throws -> String {
        try await fixture.app.staff.create(
            email: email ?? "\(role.rawValue)@sre.example",
            name: role.rawValue,
            role: role,
            offices: role.isNational ? [] : ["TEST-OFFICE"],
            passwordHash: try await PasswordHasher(cost: 4).hash("Oficina#2026"),
            actor: "test",
            now: 0
        )
    }

    @Test("A clerk sets up TOTP at the first sign-in; until then no staff page opens; the key is sealed at rest", arguments: TestDatabase.engines)
    func enrolment(engine: DatabaseEngine) async throws {
        try await withServer(engine) { fixture in
            try await Self.create(fixture, .clerk)
            let browser = PageClient(fixture.client)
            let login = try await browser.get("/es/staff/login")
            let answer = try await browser.submit(login, to: "/es/staff/login", ["email": "clerk@sre.example", "password": "Oficina#2026"])
            #expect(answer.location == "/es/staff/second-factor")
            #expect(try await browser.get("/es/staff").location == "/es/staff/login")
            #expect(try await browser.get("/es/staff/login").location == "/es/staff/second-factor")
            let page = try await browser.get("/es/staff/second-factor")
            #expect(page.status == .ok && page.html.contains("otpauth://totp/") && page.html.contains(#"autocomplete="one-time-code""#))
            #expect(try await browser.submit(page, to: "/es/staff/second-factor", ["code": "000000"]).status == .unprocessableContent)
            let stored = try await fixture.app.database.read { sql in
                try await sql.raw("SELECT totp_secret FROM staff").first()?.decode(column: "totp_secret", as: String.self)
            }
            let key = PageClient.base32Decode(String(page.html[page.html.range(of: #"<code class="key">"#)!.upperBound...].prefix { $0 != "<" }))
            #expect(stored?.hasPrefix("sealed:") == true && stored?.contains(TOTP(secret: key).base32) == false)
            let done = try await browser.submit(
                page,
                to: "/es/staff/second-factor",
                ["code": TOTP(secret: key).code(counter: UInt64(fixture.clock.now().epoch / TOTP.step))]
            )
            #expect(done.status == .ok && done.html.components(separatedBy: "<li><code>").count == 11)
            #expect(try await browser.get("/es/staff").status == .ok)
            let actions = try await AuditLog.entries(
                about: "staff:\(try #require(try await fixture.app.staff.id(email: "clerk@sre.example")))",
                in: fixture.app.database
            )
            .map(\.action)
            #expect(actions.contains("staff.totp_enrolled"))
        }
    }

    @Test(
        "After enrolment a sign-in needs the code: missing, wrong and replayed codes fail; a recovery code works once",
        arguments: TestDatabase.engines
    )
    func codes(engine: DatabaseEngine) async throws {
        try await withServer(engine) { fixture in
            try await Self.create(fixture, .admin)
            let first = PageClient(fixture.client)
            let recovery = try await first.staffSignIn("admin@sre.example", fixture)
            let recoveryCode = String(recovery.html[recovery.html.range(of: "<li><code>")!.upperBound...].prefix { $0 != "<" })
            let member = try #require(try await fixture.app.staff.credentials(email: "admin@sre.example"))
            let key = try #require(try await fixture.app.staff.confirmedTOTPKey(staffId: member.id))
            func attempt(_ code: String?) async throws -> PageClient.Page {
                let browser = PageClient(fixture.client)
                let login = try await browser.get("/en/staff/login")
                var fields = ["email": "admin@sre.example", "password": "Oficina#2026"]
                fields["code"] = code
                return try await browser.submit(login, to: "/en/staff/login", fields)
            }
            let missing = try await attempt(nil)
            #expect(missing.status == .unauthorized && missing.html.contains("Enter the code your authenticator app shows."))
            #expect(missing.html.contains(#"value="admin@sre.example""#))
            #expect(try await attempt("123456").html.contains("The code is wrong or was already used."))
            fixture.clock.advance(by: TimeInterval(TOTP.step))
            let code = TOTP(secret: key).code(counter: UInt64(fixture.clock.now().epoch / TOTP.step))
            #expect(try await attempt(code).location == "/en/staff")
            #expect(try await attempt(code).html.contains("The code is wrong or was already used."))
            #expect(try await attempt(recoveryCode.uppercased()).location == "/en/staff")
            #expect(try await attempt(recoveryCode).html.contains("The code is wrong or was already used."))
        }
    }

    @Test("Wrong staff passwords delay that address on that member; the member signs in from another address", arguments: TestDatabase.engines)
    func throttling(engine: DatabaseEngine) async throws {
        try await withServer(engine) { fixture in
            try await Self.create(fixture, .auditor)
            func attempt(_ password: String, from address: String) async throws -> HTTPResponse.Status {
                let browser = PageClient(fixture.client)
                let login = try await browser.get("/es/staff/login")
                var fields = ["email": "auditor@sre.example", "password": password, "csrf": login.input("csrf") ?? ""]
                fields["code"] = ""
                let body = fields.sorted { $0.key < $1.key }.map { "\($0.key)=\(PercentEncoding.query($0.value))" }.joined(separator: "&")
                var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded", .xForwardedFor: address]
                headers[.cookie] = browser.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
                return try await fixture.client.execute(uri: "/es/staff/login", method: .post, headers: headers, body: ByteBuffer(string: body)) {
                    $0.status
                }
            }
            for _ in 0..<5 { #expect(try await attempt("Equivocada#1", from: "198.51.100.9") == .unauthorized) }
            #expect(try await attempt("Oficina#2026", from: "198.51.100.9") == .tooManyRequests)
            #expect(try await attempt("Oficina#2026", from: "203.0.113.4") == .seeOther)
        }
    }

    @Test(
        "An admin lists staff, disables one (their session ends) and resets another (temporary password, new enrolment)",
        arguments: TestDatabase.engines
    )
    func management(engine: DatabaseEngine) async throws {
        try await withServer(engine) { fixture in
            try await Self.create(fixture, .admin)
            try await Self.create(fixture, .clerk)
            try await Self.create(fixture, .manager)
            let clerk = PageClient(fixture.client)
            try await clerk.staffSignIn("clerk@sre.example", fixture)
            let admin = PageClient(fixture.client)
            try await admin.staffSignIn("admin@sre.example", fixture)
            let list = try await admin.get("/es/staff/members")
            #expect(
                list.status == .ok && list.html.contains("Ventanilla") && list.html.contains("Gerencia de oficina") && list.html.contains("Pendiente")
            )
            let clerkId = try #require(try await fixture.app.staff.id(email: "clerk@sre.example"))
            let managerId = try #require(try await fixture.app.staff.id(email: "manager@sre.example"))
            let adminId = try #require(try await fixture.app.staff.id(email: "admin@sre.example"))
            #expect(try await admin.submit(list, to: "/es/staff/members/\(adminId)/disable", [:]).status == .forbidden)
            let disabled = try await admin.submit(list, to: "/es/staff/members/\(clerkId)/disable", [:])
            #expect(disabled.html.contains("La cuenta quedó desactivada"))
            #expect(try await clerk.get("/es/staff").location == "/es/staff/login")
            let reset = try await admin.submit(list, to: "/es/staff/members/\(managerId)/reset", [:])
            let marker = "segundo factor):"
            let temporary = String(
                reset.html[reset.html.range(of: marker)!.upperBound...].drop { $0 == " " }.prefix { !$0.isWhitespace && $0 != "<" }
            )
            let manager = PageClient(fixture.client)
            let answer = try await manager.staffSignIn("manager@sre.example", fixture, password: temporary)
            #expect(answer.status == .ok && answer.html.contains("<li><code>"))
            let actions = try await AuditLog.entries(about: "staff:\(managerId)", in: fixture.app.database).map(\.action)
            #expect(actions.contains("staff.reset") && actions.filter { $0 == "staff.totp_enrolled" }.count == 1)
            // The disabled clerk stays in the list, marked so.
            #expect(try await admin.get("/es/staff/members").html.contains("Desactivado"))
            // Only admins manage staff.
            #expect(try await manager.get("/es/staff/members").status == .forbidden)
        }
    }

    @Test("Changing one's own password ends one's other sessions", arguments: TestDatabase.engines)
    func ownPassword(engine: DatabaseEngine) async throws {
        try await withServer(engine) { fixture in
            try await Self.create(fixture, .agent)
            let (here, there) = (PageClient(fixture.client), PageClient(fixture.client))
            try await here.staffSignIn("agent@sre.example", fixture)
            try await there.staffSignIn("agent@sre.example", fixture)
            let page = try await here.get("/es/staff/password")
            let weak = try await here.submit(page, to: "/es/staff/password", ["current": "Oficina#2026", "new": "corta"])
            #expect(weak.status == .unprocessableContent)
            let wrong = try await here.submit(page, to: "/es/staff/password", ["current": "Otra#2026x", "new": "Nueva#Oficina2027"])
            #expect(wrong.status == .unprocessableContent)
            let done = try await here.submit(page, to: "/es/staff/password", ["current": "Oficina#2026", "new": "Nueva#Oficina2027"])
            #expect(done.status == .ok && done.html.contains("Su contraseña cambió"))
            #expect(try await here.get("/es/staff").status == .ok)
            #expect(try await there.get("/es/staff").location == "/es/staff/login")
        }
    }
}
