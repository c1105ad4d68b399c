import CitasDomain
import CitasPersistence
import CitasTestSupport
import Foundation
import HTTPTypes
import SQLKit
import Testing

@testable import CitasServer

/// The form fields of person `n`'s registration.
func registrationFields(_ n: Int, email: String) -> [String: String] {
    let person = TestData.identity(n)
    return [
        "email": email, "password": "Pasaporte#2026", "curp": TestData.curp(n).value, "paternalSurname": person.paternalSurname,
        "maternalSurname": person.maternalSurname, "givenNames": person.givenNames, "birthDate": person.birthDate.description,
        "sex": person.sex.rawValue, "birthState": person.birthState,
    ]
}

/// The whole registration form, reached as a person does: the CURP first, then the form it fills in.
func registrationForm(_ browser: PageClient, curp: String, language: String = "es") async throws -> PageClient.Page {
    let start = try await browser.get("/\(language)/register")
    return try await browser.submit(start, to: "/\(language)/register", ["step": "curp", "curp": curp])
}

@Suite("Citizen pages")
struct WebPagesTests {
    /// Registers person `n` through the pages, opens the e-mailed link, logs in; returns the signed-in browser.
    static func signedIn(_ fixture: ServerFixture, _ n: Int, language: String = "es") async throws -> PageClient {
        let browser = PageClient(fixture.client)
        let email = "persona\(n)@example.com"
        let form = try await registrationForm(browser, curp: TestData.curp(n).value, language: language)
        let sent = try await browser.submit(form, to: "/\(language)/register", registrationFields(n, email: email))
        #expect(sent.status == .seeOther && sent.location == "/\(language)/register/sent")
        let token = try await fixture.lastLinkToken(to: email)
        let verify = try await browser.get("/\(language)/verify?token=\(token)")
        #expect(verify.status == .ok)
        let verified = try await browser.submit(verify, to: "/\(language)/verify", ["token": token])
        #expect(verified.status == .ok)
        let login = try await browser.get("/\(language)/login")
        let session = try await browser.submit(login, to: "/\(language)/login", ["email": email, "password": "Pasaporte#2026"])
        #expect(session.location == "/\(language)/account")
        return browser
    }

    @Test("Register, confirm, log in, choose the procedure, book, add to calendar and cancel, all in the pages", arguments: TestDatabase.engines)
    func journey(engine: DatabaseEngine) async throws {
        try await withServer(engine) { fixture in
            let browser = try await Self.signedIn(fixture, 1)
            let account = try await browser.get("/es/account")
            #expect(account.html.contains(TestData.curp(1).value))
            let day = try await browser.get("/es/offices/TEST-OFFICE/2026-12-02")
            #expect(day.html.contains("Antes elija su trámite"))
            let saved = try await browser.submit(account, to: "/es/account/procedure", ["procedure": "first", "validity": "6"])
            #expect(saved.location == "/es/account")
            let withFee = try await browser.get("/es/account")
            #expect(withFee.html.contains("2,440.00 MXN") && withFee.html.contains("Acta de nacimiento original."))
            let times = try await browser.get("/es/offices/TEST-OFFICE/2026-12-02")
            #expect(times.html.contains(#"value="09:00""#))
            let booked = try await browser.submit(times, to: "/es/offices/TEST-OFFICE/book", ["date": "2026-12-02", "time": "09:00"])
            #expect(booked.location == "/es/appointment?done=booked")
            let folio = try #require(try await fixture.app.appointments.current(curp: TestData.curp(1))).folio
            let mine = try await browser.get("/es/appointment?done=booked")
            #expect(mine.html.contains(folio) && mine.html.contains("Su cita quedó reservada."))
            let ics = try await browser.get("/es/appointment.ics")
            #expect(ics.headers[.contentType]?.hasPrefix("text/calendar") == true)
            // 09:00 in Mexico City on 2 December is 15:00 UTC.
            #expect(ics.html.contains("UID:\(folio)@citas") && ics.html.contains("DTSTART:20261202T150000Z"))
            let ask = try await browser.get("/es/appointment/cancel")
            #expect(ask.html.contains("¿Seguro que quiere cancelar su cita del") && !ask.html.contains("Faltan menos de 24 horas"))
            let cancelled = try await browser.submit(ask, to: "/es/appointment/cancel", [:])
            #expect(cancelled.location == "/es/appointment?done=cancelled")
            #expect(try await fixture.app.appointments.current(curp: TestData.curp(1)) == nil)
            let actions = try await AuditLog.entries(about: "appointment:\(folio)", in: fixture.app.database).map(\.action)
            #expect(actions == ["appointment.book", "appointment.cancel"])
            // "Mi cita" keeps the history: the cancelled one, and one attended earlier.
            try await fixture.app.database.write { sql in
                try await sql.raw("UPDATE appointments SET status = 'attended' WHERE folio = \(bind: folio)").run()
            }
            let history = try await browser.get("/es/appointment")
            #expect(history.html.contains("Citas anteriores") && history.html.contains(folio) && history.html.contains("Atendida"))
        }
    }

    /// Person `n` signed in with a procedure chosen, ready to book.
    static func readyToBook(_ fixture: ServerFixture, _ n: Int) async throws -> PageClient {
        let browser = try await signedIn(fixture, n)
        let account = try await browser.get("/es/account")
        _ = try await browser.submit(account, to: "/es/account/procedure", ["procedure": "first", "validity": "6"])
        return browser
    }

    /// The kinds and bodies of the mail queued for `recipient`, oldest first.
    static func mail(to recipient: String, _ fixture: ServerFixture) async throws -> [(kind: String, body: String)] {
        try await fixture.app.database.read { sql in
            try await sql.raw("SELECT kind, body FROM outbox WHERE recipient = \(bind: recipient) ORDER BY id").all().map {
                (try $0.decode(column: "kind", as: String.self), try $0.decode(column: "body", as: String.self))
            }
        }
    }

    @Test(
        "A booking form sent again answers with what it made; another time on it never moves; cancelling asks, then mails",
        arguments: TestDatabase.engines
    )
    func repeatAndCancel(engine: DatabaseEngine) async throws {
        try await withServer(engine) { fixture in
            let browser = try await Self.readyToBook(fixture, 2)
            let book = "/es/offices/TEST-OFFICE/book"
            // 1 December at 09:00 is 15 hours after the fixture's clock: inside the 24 hours in which it can no longer be
            // moved, which the day page says before booking.
            let times = try await browser.get("/es/offices/TEST-OFFICE/2026-12-01")
            #expect(!times.html.contains(#"name="from""#) && times.html.contains("Reservar"))
            #expect(times.html.contains("09:00 · 2 lugares libres · en menos de 24 h") && times.html.contains("ya no cambiarlos de horario"))
            let booked = try await browser.submit(times, to: book, ["date": "2026-12-01", "time": "09:00"])
            #expect(booked.location == "/es/appointment?done=booked")
            // The Back button, then the same form again: the appointment it made, nothing written twice.
            let again = try await browser.submit(times, to: book, ["date": "2026-12-01", "time": "09:00"])
            #expect(again.location == "/es/appointment?done=booked")
            // The same old form with another time: refused, never a silent move.
            let other = try await browser.submit(times, to: book, ["date": "2026-12-01", "time": "09:30"])
            #expect(other.status == .conflict && other.html.contains("Esta CURP ya tiene una cita vigente."))
            let current = try #require(try await fixture.app.appointments.current(curp: TestData.curp(2)))
            #expect(current.time.description == "09:00")
            #expect(try await AuditLog.entries(about: "appointment:\(current.folio)", in: fixture.app.database).map(\.action) == ["appointment.book"])
            // Cancelling asks first, in words, and the appointment stays until the person confirms; inside 24 hours
            // it can still be cancelled, and the page says the time cannot be had back.
            let mine = try await browser.get("/es/appointment")
            #expect(mine.html.contains(#"href="/es/appointment/cancel""#))
            let late = try await browser.get("/es/appointment/cancel")
            #expect(late.html.contains("¿Seguro que quiere cancelar su cita del martes, 1 de diciembre de 2026, 09:00 en"))
            #expect(late.html.contains("Faltan menos de 24 horas") && late.html.contains(#"href="/es/appointment""#))
            #expect(try await fixture.app.appointments.current(curp: TestData.curp(2)) != nil)
            let done = try await browser.submit(late, to: "/es/appointment/cancel", [:])
            #expect(done.location == "/es/appointment?done=cancelled")
            #expect(try await fixture.app.appointments.current(curp: TestData.curp(2)) == nil)
            let mails = try await Self.mail(to: "persona2@example.com", fixture)
            #expect(mails.map(\.kind).suffix(2) == ["booked", "cancelled"])
            #expect(mails.last?.body.contains("Su cita \(current.folio)") == true && mails.last?.body.contains("quedó cancelada") == true)
        }
    }

    @Test(
        "A move says the old time is void in the page and the mail; the move sent again or from a stale page changes nothing",
        arguments: TestDatabase.engines
    )
    func moveSaysOldTimeIsVoid(engine: DatabaseEngine) async throws {
        try await withServer(engine) { fixture in
            let browser = try await Self.readyToBook(fixture, 3)
            let book = "/es/offices/TEST-OFFICE/book"
            let first = try await browser.get("/es/offices/TEST-OFFICE/2026-12-03")
            _ = try await browser.submit(first, to: book, ["date": "2026-12-03", "time": "09:00"])
            let folio = try #require(try await fixture.app.appointments.current(curp: TestData.curp(3))).folio
            let day = try await browser.get("/es/offices/TEST-OFFICE/2026-12-04")
            #expect(day.html.contains(#"name="from" value="\#(folio)""#) && day.html.contains("Cambiar mi cita a este horario"))
            let fields = ["date": "2026-12-04", "time": "09:00", "from": folio]
            let moved = try await browser.submit(day, to: book, fields)
            #expect(moved.location == "/es/appointment?done=moved&was=2026-12-03T09:00")
            let page = try await browser.get(moved.location ?? "")
            #expect(page.html.contains("La cita anterior (jueves, 3 de diciembre de 2026, 09:00) ya no es válida"))
            let mail = try #require(try await Self.mail(to: "persona3@example.com", fixture).last)
            #expect(mail.kind == "moved" && mail.body.contains("ya no es válida") && mail.body.contains("2026-12-04"))
            // Back, then the same move again: the appointment it made, no second move counted.
            let again = try await browser.submit(day, to: book, fields)
            #expect(again.location == "/es/appointment?done=same")
            // A move form for an appointment that is no longer the current one changes nothing.
            let stale = try await browser.submit(day, to: book, ["date": "2026-12-04", "time": "09:30", "from": "2222222222"])
            #expect(stale.status == .conflict && stale.html.contains("Su cita cambió desde que abrió esta página"))
            let current = try #require(try await fixture.app.appointments.current(curp: TestData.curp(3)))
            #expect(current.date.description == "2026-12-04" && current.time.description == "09:00" && current.reschedules == 1)
        }
    }

    @Test(
        "The next draw is said in words on home, list, office and account; joining shows in the account; booking closes the request",
        arguments: TestDatabase.engines
    )
    func joinDraw(engine: DatabaseEngine) async throws {
        try await withServer(engine) { fixture in
            let office = try await fixture.app.offices.require("TEST-OFFICE")
            try await fixture.app.offices.setRelease(office: office.code, to: try ReleaseSchedule(daysAhead: 3), actor: "test", now: 0)
            try await fixture.app.slots.generate(
                for: try await fixture.app.offices.require(office.code),
                from: LocalDate(year: 2026, month: 12, day: 15),
                days: 5
            )
            let browser = try await Self.signedIn(fixture, 2, language: "en")
            let account = try await browser.get("/en/account")
            _ = try await browser.submit(account, to: "/en/account/procedure", ["procedure": "renewal", "validity": "10"])
            let page = try await browser.get("/en/offices/TEST-OFFICE")
            #expect(page.html.contains("Wait for a seat at this office") && page.html.contains("data-pow-salt"))
            let sentence =
                "Next draw: Saturday, December 12, 2026, 9:00 AM (Central Mexico time), for the appointments of Tuesday, December 15, 2026."
            #expect(page.html.contains(sentence))
            #expect(try await browser.get("/en/offices").html.contains(sentence))
            #expect(try await browser.get("/en").html.contains(sentence))
            let joined = try await browser.submit(page, to: "/en/offices/TEST-OFFICE/draw", ["timeOfDay": "morning", "from": "2026-12-16"])
            #expect(joined.location == "/en/account?done=joined")
            let listed = try await browser.get("/en/account?done=joined")
            #expect(listed.html.contains("You are waiting.") && listed.html.contains("Waiting: in every draw of the office"))
            #expect(listed.html.contains(sentence))
            let again = try await browser.get("/en/offices/TEST-OFFICE")
            let refused = try await browser.submit(again, to: "/en/offices/TEST-OFFICE/draw", ["timeOfDay": "any"])
            #expect(refused.status == .conflict && refused.html.contains("error-summary"))
            let withdraw = try #require(listed.html.firstMatch(of: /action="(\/en\/account\/requests\/\d+\/withdraw)"/)?.1)
            #expect(try await browser.submit(listed, to: String(withdraw), [:], csrf: false).status == .forbidden)
            let withdrawn = try await browser.submit(listed, to: String(withdraw), [:])
            #expect(withdrawn.location == "/en/account?done=withdrawn")
            let after = try await browser.get("/en/account?done=withdrawn")
            #expect(after.html.contains("Your request is withdrawn.") && !after.html.contains(String(withdraw)))
            // Waiting again, then booking a seat directly: the request closes and says why.
            let office2 = try await browser.get("/en/offices/TEST-OFFICE")
            _ = try await browser.submit(office2, to: "/en/offices/TEST-OFFICE/draw", ["timeOfDay": "any"])
            let day = try await browser.get("/en/offices/TEST-OFFICE/2026-12-02")
            let booked = try await browser.submit(day, to: "/en/offices/TEST-OFFICE/book", ["date": "2026-12-02", "time": "09:00"])
            #expect(booked.location == "/en/appointment?done=booked")
            let folio = try #require(try await fixture.app.appointments.current(curp: TestData.curp(2))).folio
            let closed = try await browser.get("/en/account")
            #expect(closed.html.contains("Withdrawn: you booked an appointment directly (folio \(folio))"))
        }
    }

    @Test(
        "Registration starts with the CURP, fills in what it encodes and asks to confirm; a throw-away domain is said in the first answer",
        arguments: TestDatabase.engines
    )
    func curpFirst(engine: DatabaseEngine) async throws {
        try await withServer(engine) { fixture in
            let browser = PageClient(fixture.client)
            let start = try await browser.get("/es/register")
            #expect(start.html.contains(#"name="curp""#) && !start.html.contains(#"name="email""#) && !start.html.contains("data-pow-salt"))
            let wrong = try await browser.submit(start, to: "/es/register", ["step": "curp", "curp": "GOMA500101MDFMZN01"])
            #expect(wrong.status == .unprocessableContent && wrong.html.contains(#"id="curp-error""#) && !wrong.html.contains(#"name="email""#))
            // Typed in lower case with spaces around it, as people do.
            let form = try await browser.submit(start, to: "/es/register", ["step": "curp", "curp": " goma500101mdfmzn05 "])
            #expect(form.status == .ok && form.html.contains("¿Son correctos?") && form.html.contains("data-pow-salt"))
            #expect(form.html.contains(#"name="birthDay" type="text" inputmode="numeric" value="1""#))
            #expect(form.html.contains(#"name="birthMonth" type="text" inputmode="numeric" value="1""#))
            #expect(form.html.contains(#"name="birthYear" type="text" inputmode="numeric" value="1950""#))
            #expect(form.html.contains(#"<option value="M" selected>"#) && form.html.contains(#"<option value="DF" selected>"#))
            #expect(form.html.contains(#"value="GOMA500101MDFMZN05""#))
            // A throw-away address is refused with the other mistakes, before any proof-of-work is spent.
            let refused = try await browser.submit(
                form,
                to: "/es/register",
                [
                    "curp": "GOMA500101MDFMZN05", "email": "ana@mailinator.com", "password": "x", "givenNames": "Ana", "birthDay": "1",
                    "birthMonth": "1", "birthYear": "1950", "sex": "M", "birthState": "DF",
                ]
            )
            #expect(refused.status == .unprocessableContent)
            #expect(refused.html.contains(##"<a href="#email">"##) && refused.html.contains(##"<a href="#password">"##))
            #expect(try await writtenRows(fixture.app.database) == 0)
        }
    }

    @Test(
        "'Check your e-mail' names the address and sends the link again (limited); a used link says the account is active",
        arguments: TestDatabase.engines
    )
    func sentPageAndResend(engine: DatabaseEngine) async throws {
        try await withServer(engine) { fixture in
            let browser = PageClient(fixture.client)
            let email = "persona9@example.com"
            let form = try await registrationForm(browser, curp: TestData.curp(9).value)
            let sent = try await browser.submit(form, to: "/es/register", registrationFields(9, email: email))
            let page = try await browser.get(try #require(sent.location))
            #expect(page.html.contains("Le enviamos un enlace a persona9@example.com") && page.html.contains("Enviar el enlace de nuevo"))
            let verificationMails = {
                try await Self.mail(to: email, fixture).filter { $0.kind == "verify_email" }.count
            }
            #expect(try await verificationMails() == 1)
            let again = try await browser.submit(page, to: "/es/register/resend", [:])
            #expect(again.status == .ok && again.html.contains("le enviamos un enlace nuevo"))
            #expect(try await verificationMails() == 2)
            let token = try await fixture.lastLinkToken(to: email)
            let verify = try await browser.get("/es/verify?token=\(token)")
            #expect(try await browser.submit(verify, to: "/es/verify", ["token": token]).html.contains("Su cuenta está activa"))
            // The same link once more (another device, a second click): the account is active, not "invalid".
            let twice = try await browser.submit(verify, to: "/es/verify", ["token": token])
            #expect(twice.html.contains("Su cuenta ya está activa") && twice.html.contains(#"href="/es/login""#))
            // An active account gets no more links, whoever asks; and asking is limited per mailbox.
            _ = try await browser.submit(page, to: "/es/register/resend", [:])
            #expect(try await verificationMails() == 2)
            _ = try await browser.submit(page, to: "/es/register/resend", [:])
            #expect(try await browser.submit(page, to: "/es/register/resend", [:]).status == .tooManyRequests)
        }
    }

    @Test("Forms carry where to renew their proof-of-work; a renewed one is bound like the page's and accepted", arguments: TestDatabase.engines)
    func powRenewal(engine: DatabaseEngine) async throws {
        try await withServer(engine) { fixture in
            let browser = PageClient(fixture.client)
            let form = try await registrationForm(browser, curp: TestData.curp(8).value)
            #expect(form.html.contains(#"data-pow-refresh="/es/pow?scope=register""#))
            let fresh = try await browser.get("/es/pow?scope=register")
            #expect(fresh.status == .ok && fresh.headers[.cacheControl] == "no-store")
            let prefix = try #require(fresh.html.firstMatch(of: /"prefix":"([^"]+)"/)?.1)
            #expect(prefix.hasPrefix("register."))
            #expect(try await browser.get("/es/pow?scope=book&office=TEST-OFFICE").status == .unauthorized)
            #expect(try await browser.get("/es/pow?scope=anything").status == .badRequest)
            // The renewed challenge solved in place of the page's: the registration goes through.
            let salt = try #require(fresh.html.firstMatch(of: /"salt":"([^"]+)"/)?.1)
            let digits = try #require(fresh.html.firstMatch(of: /"difficulty":(\d+)/)?.1)
            let difficulty = try #require(Int(digits))
            var nonce = 0
            while ProofOfWorkHash.zeroBits(salt: String(salt), nonce: String(nonce)) < difficulty { nonce += 1 }
            var fields = registrationFields(8, email: "persona8@example.com")
            fields["csrf"] = form.input("csrf") ?? ""
            fields["pow"] = String(prefix) + String(nonce)
            let body = fields.map { "\(PercentEncoding.query($0.key))=\(PercentEncoding.query($0.value))" }.joined(separator: "&")
            let sent = try await browser.post("/es/register", raw: body)
            #expect(sent.status == .seeOther && sent.location == "/es/register/sent")
        }
    }

    @Test("A wrong registration marks every wrong field at once, keeps what was typed but the password, writes nothing")
    func registrationErrors() async throws {
        try await withServer(.sqlite) { fixture in
            let browser = PageClient(fixture.client)
            let form = try await registrationForm(browser, curp: "GOMA500101MDFMZN05", language: "en")
            let fields = [
                "email": "ana.example.com", "password": "Xy1", "curp": "GOMA500101MDFMZN01", "paternalSurname": "G0mez", "givenNames": "Ana",
                "birthDate": "1950-02-30", "sex": "F", "birthState": "QO",
            ]
            let page = try await browser.submit(form, to: "/en/register", fields)
            #expect(page.status == .unprocessableContent && page.html.contains("<title>Error: "))
            for field in ["email", "password", "curp", "paternalSurname", "birthDate", "sex", "birthState"] {
                #expect(page.html.contains(##"<a href="#\##(field)">"##), "\(field) not in the summary")
                #expect(page.html.contains(#"id="\#(field)-error""#), "\(field) has no message")
            }
            #expect(page.html.contains(#"value="ana.example.com""#) && page.html.contains(#"value="G0mez""#))
            // Every link of the summary lands on an element of the page.
            for anchor in page.html.matches(of: /<a href="#([A-Za-z-]+)">/).map({ String($0.1) }) {
                #expect(page.html.contains(#"id="\#(anchor)""#), "the summary links to a missing #\(anchor)")
            }
            #expect(!page.html.contains(#"value="Xy1""#))
            #expect(try await writtenRows(fixture.app.database) == 0)
        }
    }

    @Test("Forms without their CSRF token and pages without a session change nothing")
    func guards() async throws {
        try await withServer(.sqlite) { fixture in
            let browser = PageClient(fixture.client)
            let form = try await browser.get("/es/login")
            let forged = try await browser.submit(form, to: "/es/login", ["email": "a@example.com", "password": "x"], csrf: false)
            #expect(forged.status == .forbidden && forged.html.contains("<h1>"))
            for path in ["/es/account", "/es/appointment", "/en/appointment.ics"] {
                let page = try await browser.get(path)
                #expect(page.status == .seeOther && page.location?.hasSuffix("/login") == true)
            }
            let missing = try await browser.get("/en/offices/NOPE")
            #expect(missing.status == .notFound && missing.html.contains(#"<html lang="en">"#))
            #expect(try await writtenRows(fixture.app.database) == 0)
        }
    }

    @Test("A payment sheet: the amount for the chosen validity, a refused discount (agricultural, 10 years) changes nothing, a reference that checks")
    func paymentSheet() async throws {
        try await withServer(.sqlite) { fixture in
            let browser = try await Self.signedIn(fixture, 3)
            let account = try await browser.get("/es/account")
            _ = try await browser.submit(account, to: "/es/account/procedure", ["procedure": "renewal", "validity": "10"])
            let empty = try await browser.get("/es/account/payment")
            let refused = try await browser.submit(empty, to: "/es/account/payment", ["discount": "agricultural"])
            #expect(refused.status == .unprocessableContent && refused.html.contains("error-summary"))
            #expect(try await fixture.app.payments.latest(curp: TestData.curp(3).value) == nil)
            let issued = try await browser.submit(empty, to: "/es/account/payment", ["discount": "none"])
            #expect(issued.location == "/es/account/payment")
            let sheet = try #require(try await fixture.app.payments.latest(curp: TestData.curp(3).value))
            #expect(PaymentReference.isValid(sheet.reference) && sheet.dueCentavos == 428_000)
            let page = try await browser.get("/es/account/payment")
            #expect(page.html.contains("$4,280.00 MXN") && page.html.contains(String(sheet.reference.prefix(4))))
        }
    }
}
