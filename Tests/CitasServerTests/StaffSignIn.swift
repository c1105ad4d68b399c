import CitasDomain
import CitasPersistence
import Foundation

@testable import CitasServer

/// Signs a member of staff in through the pages the way a person would: the password, then, when the role needs a
/// second factor, either setting it up (reading the key off the page, as an authenticator app would) or typing the
/// code of the next 30-second step (the app's key read back from the store, where the test's "phone" keeps it).
extension PageClient {
    @discardableResult
    func staffSignIn(_ email: String, _ fixture: ServerFixture, password: String = "Oficina#2026", language: String = "es") async throws -> Page {
        let login = try await get("/\(language)/staff/login")
        var fields = ["email": email, "password": password]
        if let member = try await fixture.app.staff.credentials(email: email), member.enrolled,
            let key = try await fixture.app.staff.confirmedTOTPKey(staffId: member.id)
        {
            fixture.clock.advance(by: TimeInterval(TOTP.step))
            fields["code"] = TOTP(secret: key).code(counter: UInt64(fixture.clock.now().epoch / TOTP.step))
        }
        let answer = try await submit(login, to: "/\(language)/staff/login", fields)
        guard answer.location == "/\(language)/staff/second-factor" else { return answer }
        let enrolment = try await get("/\(language)/staff/second-factor")
        guard let range = enrolment.html.range(of: #"<code class="key">"#) else { return enrolment }
        let key = Self.base32Decode(String(enrolment.html[range.upperBound...].prefix { $0 != "<" }))
        let code = TOTP(secret: key).code(counter: UInt64(fixture.clock.now().epoch / TOTP.step))
        return try await submit(enrolment, to: "/\(language)/staff/second-factor", ["code": code])
    }

    static func base32Decode(_ text: String) -> [UInt8] {
        Base32.decode(Substring(text.filter { $0 != " " })) ?? []
    }
}
