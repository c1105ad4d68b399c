import CitasDomain
import CitasPassport
import CitasPersistence
import CitasTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import SQLKit
import Testing

@testable import CitasServer

@Suite("Staff pages")
struct StaffPagesTests {
    /// Creates a member of staff and returns a browser signed in as them, on their desk.
    /// Person 1's payment sheet for a ten-year passport at 2026's fee.
    static func tenYearSheet(_ fixture: ServerFixture) async throws -> Payment {
        try await fixture.app.payments.issue(curp: TestData.curp(1).value, validityYears: 10, discount: .none, feeYear: 2026, due: 428_000, credit: 0)
    }

    static func signedIn(_ fixture: ServerFixture, role: StaffRole, offices: [String] = ["TEST-OFFICE"]) async throws -> (PageClient, PageClient.Page)
    {
        let hash = try await PasswordHasher(cost: 4).hash("Oficina#2026")
        try await fixture.app.staff.create(
            email: "\(role.rawValue)@sre.example",
            name: role.rawValue,
            role: role,
            offices: offices,
            passwordHash: hash,
            actor: "test",
            now: 0
        )
        let browser = PageClient(fixture.client)
        try await browser.staffSignIn("\(role.rawValue)@sre.example", fixture)
        return (browser, try await browser.get("/es/staff"))
    }

    @Test(
        "Closing a booked day lists the appointments first; on confirmation they are cancelled and their holders mailed",
        arguments: TestDatabase.engines
    )
    func closeDay(engine: DatabaseEngine) async throws {
        try await withServer(engine) { fixture in
            let citizen = try await WebPagesTests.signedIn(fixture, 1)
            let account = try await citizen.get("/es/account")
            _ = try await citizen.submit(account, to: "/es/account/procedure", ["procedure": "first", "validity": "10"])
            let day = try await citizen.get("/es/offices/TEST-OFFICE/2026-12-04")
            _ = try await citizen.submit(day, to: "/es/offices/TEST-OFFICE/book", ["date": "2026-12-04", "time": "09:00"])
            let folio = try #require(try await fixture.app.appointments.current(curp: TestData.curp(1))).folio
            // Somebody booked by phone, without an account: the office will have to call them.
            var called = BookingRequest(
                curp: TestData.curp(7),
                officeCode: "TEST-OFFICE",
                date: LocalDate(year: 2026, month: 12, day: 4),
                time: try LocalTime("09:30"),
                actor: "staff:agent",
                channel: .phone
            )
            called.caller = BookingRequest.Caller(name: "Rosa Pérez Luna", phone: "55 1234 5678")
            _ = try await fixture.app.appointments.book(called)
            let (manager, desk) = try await Self.signedIn(fixture, role: .manager)
            #expect(desk.html.contains("/es/staff/offices/TEST-OFFICE/settings"))
            let settings = try await manager.get("/es/staff/offices/TEST-OFFICE/settings")
            let asked = try await manager.submit(
                settings,
                to: "/es/staff/offices/TEST-OFFICE/settings/close",
                ["date": "2026-12-04", "reason": "Mantenimiento"]
            )
            #expect(asked.status == .ok && asked.html.contains(folio) && asked.html.contains(#"name="confirm" value="1""#))
            #expect(try await fixture.app.appointments.current(curp: TestData.curp(1)) != nil)
            let done = try await manager.submit(
                asked,
                to: "/es/staff/offices/TEST-OFFICE/settings/close",
                ["date": "2026-12-04", "reason": "Mantenimiento", "confirm": "1"]
            )
            #expect(done.status == .ok && done.html.contains("Día cerrado. Citas canceladas: 2."))
            #expect(done.html.contains(#"<a href="tel:5512345678">09:30 · Rosa Pérez Luna · 55 1234 5678 · "#))
            #expect(try await fixture.app.appointments.current(curp: TestData.curp(1)) == nil)
            let mail = try await fixture.app.database.read { sql in
                try await sql.raw("SELECT body FROM outbox WHERE kind = 'cancelled_by_office'").first()?.decode(column: "body", as: String.self)
            }
            #expect(mail?.contains(folio) == true && mail?.contains("/es/offices") == true)
        }
    }

    @Test("An admin's desk: offices grouped by state, found by a word typed without accents")
    func adminDesk() async throws {
        try await withServer(.sqlite) { fixture in
            let states = [
                ("JAL-1", "Jalisco", "Guadalajara"), ("JAL-2", "Jalisco", "Zapopan"), ("NL-1", "Nuevo León", "Monterrey"),
                ("YUC-1", "Yucatán", "Mérida"), ("OAX-1", "Oaxaca", "Oaxaca de Juárez"),
            ]
            try await fixture.app.offices.seed(
                states.map { code, state, city in
                    var office = TestData.office(code: code)
                    office.stateName = state
                    office.city = city
                    office.name = "Oficina \(city)"
                    return office
                }
            )
            let (admin, _) = try await Self.signedIn(fixture, role: .admin, offices: [])
            let desk = try await admin.get("/es/staff")
            #expect(desk.html.contains("<h3>Jalisco</h3>") && desk.html.contains("<h3>Nuevo León</h3>") && desk.html.contains(#"role="search""#))
            let found = try await admin.get("/es/staff?q=merida")
            #expect(found.html.contains("Oficina Mérida") && !found.html.contains("Oficina Zapopan") && found.html.contains("<h3>Yucatán</h3>"))
            // As a browser sends a GET form: spaces as "+", a typed "+" as %2B.
            let spaced = try await admin.get("/es/staff?q=nuevo+leon")
            #expect(spaced.html.contains("/es/staff/offices/NL-1/agenda") && spaced.html.contains(#"value="nuevo leon""#))
            #expect(try await admin.get("/es/staff?q=a%2Bb").html.contains(#"value="a+b""#))
            #expect(try await admin.get("/es/staff?q=%ZZ").status == .badRequest)
            #expect(try await admin.get("/es/staff?q=narnia").html.contains("Sin resultados."))
        }
    }

    @Test("A manager changes the opening plan; a plan that does not parse changes nothing", arguments: TestDatabase.engines)
    func openingPlan(engine: DatabaseEngine) async throws {
        try await withServer(engine) { fixture in
            let (manager, _) = try await Self.signedIn(fixture, role: .manager)
            let settings = try await manager.get("/es/staff/offices/TEST-OFFICE/settings")
            // A week in Spanish, one row a day, as the office opens now (Monday to Friday, 09:00 to 12:00).
            #expect(
                settings.html.contains("Miércoles")
                    && settings.html.contains(#"id="open3" name="open3" type="text" inputmode="numeric" value="09:00""#)
            )
            #expect(
                settings.html.contains(#"id="open6" name="open6" type="text" inputmode="numeric" value="""#) && !settings.html.contains("Mon-Fri")
            )
            for wrong in [["open1": "25:00", "close1": "12"], ["open1": "9", "close1": ""], [:]] {
                let bad = try await manager.submit(
                    settings,
                    to: "/es/staff/offices/TEST-OFFICE/settings/plan",
                    wrong.merging(["slotMinutes": "20", "counters": "3"]) { $1 }
                )
                #expect(bad.status == .conflict && bad.html.contains(##"href="#plan-title""##), "\(wrong)")
            }
            #expect(try await fixture.app.offices.require("TEST-OFFICE").plan.counters == 2)
            var week = ["slotMinutes": "20", "counters": "3", "breakFrom": "9:30", "breakTo": "9:40"]
            for day in 1...5 {
                week["open\(day)"] = "8"
                week["close\(day)"] = "10:00"
            }
            let saved = try await manager.submit(settings, to: "/es/staff/offices/TEST-OFFICE/settings/plan", week)
            #expect(saved.location == "/es/staff/offices/TEST-OFFICE/settings?done=1")
            let office = try await fixture.app.offices.require("TEST-OFFICE")
            #expect(office.plan.counters == 3 && office.plan.slotMinutes == 20 && office.plan.hours[3]?.description == "08:00-10:00")
            #expect(office.plan.hours[6] == nil && office.plan.breaks.map(\.description) == ["09:30-09:40"])
            #expect(try await AuditLog.entries(about: "office:TEST-OFFICE", in: fixture.app.database).map(\.action).contains("office.set_plan"))
        }
    }

    @Test("A manager sets the office's street address; the office page shows it, or says it is missing", arguments: TestDatabase.engines)
    func streetAddress(engine: DatabaseEngine) async throws {
        try await withServer(engine) { fixture in
            let (manager, _) = try await Self.signedIn(fixture, role: .manager)
            let settings = try await manager.get("/es/staff/offices/TEST-OFFICE/settings")
            #expect(settings.html.contains(#"name="address" type="text" value="Calle 1""#))
            let address = "Av. Juárez 20, Centro, 06010, Ciudad de México"
            let saved = try await manager.submit(settings, to: "/es/staff/offices/TEST-OFFICE/settings/address", ["address": "  \(address) "])
            #expect(saved.location == "/es/staff/offices/TEST-OFFICE/settings?done=1")
            #expect(try await fixture.app.offices.require("TEST-OFFICE").address == address)
            let page = try await PageClient(fixture.client).get("/es/offices/TEST-OFFICE")
            #expect(page.html.contains("Av. Juárez 20, Centro, 06010") && !page.html.contains("dirección por confirmar"))
            let long = try await manager.submit(
                settings,
                to: "/es/staff/offices/TEST-OFFICE/settings/address",
                ["address": String(repeating: "x", count: 201)]
            )
            #expect(long.status == .conflict && long.html.contains("(dirección)"))
            _ = try await manager.submit(settings, to: "/es/staff/offices/TEST-OFFICE/settings/address", ["address": ""])
            #expect(try await PageClient(fixture.client).get("/es/offices/TEST-OFFICE").html.contains("dirección por confirmar"))
            #expect(try await AuditLog.entries(about: "office:TEST-OFFICE", in: fixture.app.database).map(\.action).contains("office.set_address"))
        }
    }

    @Test("The counter: search as clerks type, a document must be chosen, turns, calls, and the waiting room's screen")
    func counter() async throws {
        try await withServer(.sqlite) { fixture in
            var folios: [String] = []
            for n in 1...3 {
                _ = try await SeededAccounts.register(n, email: SeededAccounts.distinctEmail(n), database: fixture.app.database)
                let booking = BookingRequest(
                    curp: TestData.curp(n),
                    officeCode: "TEST-OFFICE",
                    date: LocalDate(year: 2026, month: 12, day: 2),
                    time: try LocalTime(n == 3 ? "09:30" : "09:00"),
                    actor: "test"
                )
                folios.append(try await fixture.app.appointments.book(booking).folio)
            }
            fixture.clock.set(ISO8601DateFormatter().date(from: "2026-12-02T14:55:00Z")!)
            let (clerk, _) = try await Self.signedIn(fixture, role: .clerk)
            let day = "/es/staff/offices/TEST-OFFICE/agenda?date=2026-12-02"
            // Today by default, with the day in words, the counts, and no citizen menu.
            let counter = try await clerk.get("/es/staff/offices/TEST-OFFICE/agenda")
            #expect(counter.html.contains("miércoles, 2 de diciembre de 2026") && counter.html.contains("Día siguiente"))
            #expect(counter.html.contains(#"<span class="count">3</span> Esperadas"#) && !counter.html.contains("/es/register"))
            // A part of a CURP in lower case; a name without its accents.
            let partial = String(TestData.curp(2).value.prefix(10)).lowercased()
            let byCurp = try await clerk.get(day + "&q=\(partial)")
            #expect(byCurp.html.contains(folios[1]) && !byCurp.html.contains(folios[0]))
            let person = TestData.identity(3)
            let plain = AgendaQuery.fold("\(person.givenNames) \(person.paternalSurname)")
            let byName = try await clerk.get(day + "&q=" + plain.replacingOccurrences(of: " ", with: "+"))
            #expect(byName.html.contains(folios[2]) && byName.html.contains("Resultados para"))
            // No document chosen: the same row, the reason on it, nothing changed.
            let back = day + "#row-\(folios[0])"
            let refused = try await clerk.submit(counter, to: "/es/staff/appointments/\(folios[0])/check-in", ["document": "", "back": back])
            #expect(refused.location == day + "&refused=field_missing&on=\(folios[0])#row-\(folios[0])")
            let shown = try await clerk.get(try #require(refused.location))
            #expect(shown.html.contains("Falta un dato obligatorio."))
            #expect(try await fixture.app.appointments.find(folio: try Folio(validating: folios[0]), curp: TestData.curp(1))?.status == .booked)
            for folio in folios.prefix(2) {
                let checked = try await clerk.submit(counter, to: "/es/staff/appointments/\(folio)/check-in", ["document": "INE", "back": back])
                #expect(checked.location == back)
            }
            let waiting = try await clerk.get(day + "&state=checked_in")
            #expect(waiting.html.contains("A-001") && waiting.html.contains("A-002") && !waiting.html.contains(folios[2]))
            _ = try await clerk.submit(counter, to: "/es/staff/appointments/\(folios[1])/call", ["back": back])
            // The waiting room: the turn called, how many wait, and nobody's name or CURP; it reloads itself.
            let screen = try await PageClient(fixture.client).get("/es/offices/TEST-OFFICE/turns?display=1")
            #expect(screen.status == .ok && screen.html.contains(#"<p class="now-turn">A-002</p>"#))
            #expect(screen.html.contains(#"<meta http-equiv="refresh" content="15">"#) && screen.html.contains("<strong>1</strong>"))
            // Read on a phone it waits for the person to update it.
            let phone = try await PageClient(fixture.client).get("/es/offices/TEST-OFFICE/turns")
            #expect(!phone.html.contains("http-equiv") && phone.html.contains(">Actualizar</a>"))
            for n in 1...3 { #expect(!screen.html.contains(TestData.curp(n).value) && !screen.html.contains(TestData.identity(n).givenNames)) }
            // The third person's time passed without them: marked from the row (the clerk's session stays alive while
            // the counter is used).
            fixture.clock.set(ISO8601DateFormatter().date(from: "2026-12-02T15:14:00Z")!)
            #expect(!(try await clerk.get(day).html.contains("/es/staff/appointments/\(folios[2])/no-show")))
            fixture.clock.set(ISO8601DateFormatter().date(from: "2026-12-02T15:31:00Z")!)
            let later = try await clerk.get(day)
            #expect(later.html.contains("/es/staff/appointments/\(folios[2])/no-show"))
            _ = try await clerk.submit(later, to: "/es/staff/appointments/\(folios[2])/no-show", ["back": day])
            #expect(try await clerk.get(day).html.contains(#"<span class="count">1</span> No se presentaron"#))
        }
    }

    @Test("The bank file as an upload: every refused line said in words with its field, nothing imported; then all of it")
    func bankFileUpload() async throws {
        try await withServer(.sqlite) { fixture in
            let sheet = try await Self.tenYearSheet(fixture)
            let (clerk, _) = try await Self.signedIn(fixture, role: .clerk)
            let page = try await clerk.get("/es/staff/payments/import")
            #expect(page.html.contains(#"enctype="multipart/form-data""#) && page.html.contains(#"type="file""#))
            let bad = "reference,amount,paid_on,bank\n\(sheet.reference),cuatro mil,01/12/2026,BBVA\n1234,4280,2026-12-01,BBVA\n"
            let refused = try await clerk.upload(page, to: "/es/staff/payments/import", [:], file: ("file", "banco.csv", bad))
            #expect(refused.html.contains("Línea 2, importe: ") && refused.html.contains("Línea 3, referencia de pago: "))
            #expect(try await fixture.app.payments.find(sheet.reference)?.isPaid == false)
            let english = try await clerk.upload(page, to: "/en/staff/payments/import", [:], file: ("file", "bank.csv", bad))
            #expect(english.html.contains("Line 2, amount: "))
            let good = "reference,amount,paid_on,bank\n\(sheet.reference),\"$4,280.00\",01/12/2026,BBVA\n"
            let imported = try await clerk.upload(page, to: "/es/staff/payments/import", [:], file: ("file", "banco.csv", good))
            #expect(imported.status == .ok && imported.html.contains(": 1"))
            #expect(try await fixture.app.payments.find(sheet.reference)?.paidCentavos == 428_000)
            // Without the page's token, an upload is refused like any form.
            let forged = try await PageClient(fixture.client).upload(page, to: "/es/staff/payments/import", [:], file: ("file", "x.csv", good))
            #expect(forged.status != .ok)
        }
    }

    @Test("A clerk checks a person in and marks them attended from the agenda; a payment is recorded from the desk")
    func clerkDay() async throws {
        try await withServer(.sqlite) { fixture in
            let booked = try await fixture.app.appointments.book(
                BookingRequest(
                    curp: TestData.curp(1),
                    officeCode: "TEST-OFFICE",
                    date: LocalDate(year: 2026, month: 12, day: 2),
                    time: try LocalTime("09:00"),
                    actor: "test"
                )
            )
            let sheet = try await Self.tenYearSheet(fixture)
            fixture.clock.set(ISO8601DateFormatter().date(from: "2026-12-02T14:55:00Z")!)
            let (clerk, desk) = try await Self.signedIn(fixture, role: .clerk)
            let agenda = try await clerk.get("/es/staff/offices/TEST-OFFICE/agenda?date=2026-12-02")
            #expect(agenda.html.contains(booked.folio))
            // A page cursor from a later time skips it; a mangled one is a clear 400, not an empty day.
            let later = try await clerk.get("/es/staff/offices/TEST-OFFICE/agenda?date=2026-12-02&after=23:00_\(booked.folio)")
            #expect(later.status == .ok && !later.html.contains(booked.folio))
            #expect(try await clerk.get("/es/staff/offices/TEST-OFFICE/agenda?date=2026-12-02&after=nonsense").status == .badRequest)
            let back = "/es/staff/offices/TEST-OFFICE/agenda?date=2026-12-02"
            let checked = try await clerk.submit(agenda, to: "/es/staff/appointments/\(booked.folio)/check-in", ["document": "INE", "back": back])
            #expect(checked.location == back)
            _ = try await clerk.submit(agenda, to: "/es/staff/appointments/\(booked.folio)/attended", ["back": "//evil.example/"])
            #expect(try await fixture.app.appointments.find(folio: try Folio(validating: booked.folio), curp: TestData.curp(1))?.status == .attended)
            // Typed as printed and as people say it; a mistake keeps what was typed and names its field.
            let printed = stride(from: 0, to: 16, by: 4).map { String(Array(sheet.reference)[$0..<$0 + 4]) }.joined(separator: " ")
            let wrongDate = try await clerk.submit(
                desk,
                to: "/es/staff/payments",
                ["reference": printed, "amount": "$4,280.00", "bank": "BBVA", "paidOn": "31/11/2026"]
            )
            #expect(wrongDate.status == .badRequest && wrongDate.html.contains(#"value="$4,280.00""#))
            #expect(wrongDate.html.contains(##"href="#paidOn""##) && wrongDate.html.contains(#"value="\#(printed)""#))
            let short = try await clerk.submit(desk, to: "/es/staff/payments", ["reference": printed, "amount": "428", "paidOn": "01/12/2026"])
            #expect(short.html.contains(##"href="#amount""##) && short.html.contains("menor que el monto a pagar"))
            // Whose payment it is, before anything is saved.
            let fields = ["reference": printed, "amount": "$4,280.00", "bank": "BBVA", "paidOn": "01/12/2026"]
            let confirm = try await clerk.submit(desk, to: "/es/staff/payments", fields)
            #expect(confirm.html.contains("Confirme el pago") && confirm.html.contains(TestData.curp(1).value))
            #expect(confirm.html.contains("$4,280.00") && confirm.html.contains("1 de diciembre de 2026"))
            #expect(try await fixture.app.payments.find(sheet.reference)?.isPaid == false)
            let corrected = try await clerk.submit(confirm, to: "/es/staff/payments", fields.merging(["confirm": "edit"]) { $1 })
            #expect(corrected.html.contains(#"value="01/12/2026""#) && !corrected.html.contains("Confirme el pago"))
            let paid = try await clerk.submit(confirm, to: "/es/staff/payments", fields.merging(["confirm": "1"]) { $1 })
            #expect(paid.status == .ok && paid.html.contains("Pago registrado: ") && paid.html.contains("$4,280.00"))
            let again = try await clerk.submit(desk, to: "/es/staff/payments", fields.merging(["confirm": "1"]) { $1 })
            #expect(again.html.contains("Ese pago ya estaba registrado."))
            #expect(try await fixture.app.reports.monthly("2026-12").first { $0.officeCode == "TEST-OFFICE" }?.feesCentavos == 428_000)
        }
    }

    @Test(
        "A call-centre agent files a caller's standing request under the web's identity rules; the allocator seats them",
        arguments: TestDatabase.engines
    )
    func phoneRequest(engine: DatabaseEngine) async throws {
        try await withServer(engine) { fixture in
            let (agent, _) = try await Self.signedIn(fixture, role: .agent, offices: [])
            let form = try await agent.get("/es/staff/phone")
            let person = TestData.identity(4)
            let fields = [
                "curp": TestData.curp(4).value.lowercased(), "paternalSurname": person.paternalSurname, "maternalSurname": person.maternalSurname,
                "givenNames": person.givenNames, "birthDate": person.birthDate.description, "sex": person.sex.rawValue,
                "birthState": person.birthState, "office": "TEST-OFFICE", "timeOfDay": "any", "callerPhone": "55 1234 5678", "step": "wait",
            ]
            // A CURP that does not agree with the declared birth date is refused, field by field, and nothing is filed.
            let before = try await writtenRows(fixture.app.database)
            let wrong = try await agent.submit(form, to: "/es/staff/phone", fields.merging(["birthDate": "1999-01-01"]) { $1 })
            #expect(wrong.status == .unprocessableContent && wrong.html.contains("error-summary"))
            #expect(try await writtenRows(fixture.app.database) == before)
            let filed = try await agent.submit(form, to: "/es/staff/phone", fields)
            #expect(filed.status == .ok && !filed.html.contains("error-summary"))
            let row = try await fixture.app.database.read { sql in
                try await sql.raw("SELECT channel, agent, caller_name, status FROM standing_requests WHERE curp = \(bind: TestData.curp(4).value)")
                    .first()
            }
            #expect(try row?.decode(column: "channel", as: String.self) == "phone")
            #expect(try row?.decode(column: "agent", as: String.self).hasPrefix("staff:") == true)
            #expect(try row?.decode(column: "caller_name", as: String.self).contains(person.givenNames) == true)
            // No first-come path for agents: the allocator's next batch seats the caller.
            #expect(try await fixture.app.appointments.current(curp: TestData.curp(4)) == nil)
            let twice = try await agent.submit(form, to: "/es/staff/phone", fields)
            #expect(twice.status == .conflict && twice.html.contains("error-summary"))
            fixture.clock.advance(by: 21 * 60)
            try await fixture.app.allocations.runDue()
            #expect(try await fixture.app.appointments.current(curp: TestData.curp(4)) != nil)
            // The month's report counts it for the agent who entered it: filed on Nov 30 at 18:00 in Mexico City.
            let agents = try await fixture.app.reports.phoneAgents("2026-11")
            #expect(agents.map(\.filed) == [1] && agents.map(\.seated) == [1] && agents.first?.agent.hasPrefix("staff:") == true)
            #expect(try await fixture.app.reports.phoneAgents("2026-12").isEmpty)
        }
    }

    @Test("By phone: the office from a list, the day's free times, \"9:00\" typed, the folio read out in groups", arguments: TestDatabase.engines)
    func phoneBooking(engine: DatabaseEngine) async throws {
        try await withServer(engine) { fixture in
            let (agent, _) = try await Self.signedIn(fixture, role: .agent, offices: [])
            let form = try await agent.get("/es/staff/phone")
            #expect(form.html.contains(#"<optgroup label="Ciudad de México">"#) && form.html.contains("Elija la oficina"))
            let person = TestData.identity(5)
            var fields = [
                "curp": TestData.curp(5).value, "paternalSurname": person.paternalSurname, "maternalSurname": person.maternalSurname,
                "givenNames": person.givenNames, "birthDate": person.birthDate.description, "sex": person.sex.rawValue,
                "birthState": person.birthState, "callerPhone": "55-8765-4321", "office": "", "date": "02/12/2026", "step": "find",
            ]
            // No office chosen: said beside the office list, what was typed kept.
            let noOffice = try await agent.submit(form, to: "/es/staff/phone", fields)
            #expect(noOffice.status == .notFound && noOffice.html.contains(##"href="#office""##) && noOffice.html.contains(#"value="55-8765-4321""#))
            fields["office"] = "TEST-OFFICE"
            // A button the page does not have: refused, nothing filed or booked.
            let before = try await writtenRows(fixture.app.database)
            let forged = try await agent.submit(form, to: "/es/staff/phone", fields.merging(["step": "jump-the-queue"]) { $1 })
            let after = try await writtenRows(fixture.app.database)
            #expect(forged.status == .badRequest && after == before)
            let day = try await agent.submit(form, to: "/es/staff/phone", fields)
            #expect(day.html.contains("Horarios libres el miércoles, 2 de diciembre de 2026") && day.html.contains(#"value="09:00""#))
            // A time that is not one is refused on the times; "9:00" typed is 09:00.
            fields["step"] = "book"
            fields["typedTime"] = "nueve"
            let wrong = try await agent.submit(day, to: "/es/staff/phone", fields)
            #expect(wrong.status == .badRequest && wrong.html.contains(##"href="#time""##))
            fields["typedTime"] = "9:00"
            let booked = try await agent.submit(day, to: "/es/staff/phone", fields)
            let appointment = try #require(try await fixture.app.appointments.current(curp: TestData.curp(5)))
            #expect(appointment.time.description == "09:00" && appointment.date.description == "2026-12-02")
            #expect(booked.html.contains(try Folio(validating: appointment.folio).spoken) && booked.html.contains("Dicte el folio por grupos"))
            // The counter names the caller, who has no account.
            let (clerk, _) = try await Self.signedIn(fixture, role: .clerk)
            let agenda = try await clerk.get("/es/staff/offices/TEST-OFFICE/agenda?date=2026-12-02")
            #expect(agenda.html.contains(person.givenNames) && agenda.html.contains("por teléfono"))
        }
    }

    @Test(
        "A clerk issues the passport of an attended, paid appointment; its chip verifies against the CSCA; it counts in the report",
        arguments: TestDatabase.engines
    )
    func issuance(engine: DatabaseEngine) async throws {
        try await withServer(engine) { fixture in
            try await SeededAccounts.register(1, email: "ana@example.com", database: fixture.app.database)
            let booked = try await fixture.app.appointments.book(
                BookingRequest(
                    curp: TestData.curp(1),
                    officeCode: "TEST-OFFICE",
                    date: LocalDate(year: 2026, month: 12, day: 2),
                    time: try LocalTime("09:00"),
                    actor: "test"
                )
            )
            fixture.clock.set(ISO8601DateFormatter().date(from: "2026-12-02T14:55:00Z")!)
            let (clerk, desk) = try await Self.signedIn(fixture, role: .clerk)
            let agenda = try await clerk.get("/es/staff/offices/TEST-OFFICE/agenda?date=2026-12-02")
            _ = try await clerk.submit(agenda, to: "/es/staff/appointments/\(booked.folio)/check-in", ["document": "INE"])
            _ = try await clerk.submit(agenda, to: "/es/staff/appointments/\(booked.folio)/attended", [:])
            let issuePath = "/es/staff/appointments/\(booked.folio)/issue"
            // Unpaid: said when the page opens, before a photo is taken; a forged upload is refused the same way.
            let early = try await clerk.get(issuePath)
            #expect(early.status == .notFound && early.html.contains("hoja de pago"))
            let unpaid = try await clerk.upload(
                agenda,
                to: issuePath,
                [:],
                file: ("photo", "foto.jpg", try PassportChip.silhouette()),
                type: "image/jpeg"
            )
            #expect(unpaid.status == .notFound && unpaid.html.contains("hoja de pago"))
            let sheet = try await Self.tenYearSheet(fixture)
            _ = try await clerk.submit(
                desk,
                to: "/es/staff/payments",
                ["reference": sheet.reference, "amount": "4280", "bank": "BBVA", "paidOn": "2026-12-01", "confirm": "1"]
            )
            let form = try await clerk.get(issuePath)
            #expect(form.status == .ok && form.html.contains("type=\"file\"") && form.html.contains("enctype=\"multipart/form-data\""))
            #expect(form.html.contains(TestData.curp(1).value) && form.html.contains("10 años"), "whom and for how long, before the photo")
            // A photo that is not a JPEG, too large or landscape: a clear refusal on the same page, nothing issued.
            let refusals: [([UInt8], HTTPResponse.Status, String)] = [
                (Array("\u{89}PNG\r\n".utf8) + [UInt8](repeating: 0, count: 64), .unprocessableContent, "JPEG"),
                (try Self.photo(width: 480, height: 640) + [UInt8](repeating: 0, count: 170 * 1024), .contentTooLarge, "160 KB"),
                (try Self.photo(width: 640, height: 480), .unprocessableContent, "3 × 4"),
                (try Self.photo(width: 120, height: 160), .unprocessableContent, "3 × 4"),
            ]
            for (bytes, status, words) in refusals {
                let refused = try await clerk.upload(form, to: issuePath, [:], file: ("photo", "foto.jpg", bytes), type: "image/jpeg")
                #expect(refused.status == status && refused.html.contains(words) && refused.html.contains("aria-invalid=\"true\""), "\(words)")
            }
            #expect(try await fixture.app.reports.monthly("2026-12").first { $0.officeCode == "TEST-OFFICE" }?.issued ?? 0 == 0)
            let photo = try Self.photo(width: 480, height: 640)
            let issued = try await clerk.upload(form, to: issuePath, [:], file: ("photo", "foto.jpg", photo), type: "image/jpeg")
            let location = try #require(issued.location)
            #expect(location.hasPrefix("/es/staff/passports/A0"))
            let page = try await clerk.get(location)
            #expect(page.html.contains("PPMEXGOMEZ&lt;DIAZ&lt;&lt;ANA&lt;LUISA") && page.html.contains("2 de diciembre de 2036"))
            // The visual zone, read from the signed chip: names with their accents, birth, authority, issue date.
            for words in ["<dd>GÓMEZ DÍAZ</dd>", "<dd>ANA LUISA</dd>", "<dd>MEX</dd>", "<dd>F</dd>", "<dd>SECRETARÍA DE RELACIONES EXTERIORES</dd>"] {
                #expect(page.html.contains(words), "\(words)")
            }
            #expect(page.html.contains("Fecha de expedición") && page.html.contains("Lugar de nacimiento"))
            // DG2 holds the uploaded photo, not the silhouette.
            let number = String(location.split(separator: "/").last!)
            let passport = try #require(
                try await fixture.app.passports.find(number: number, staff: StaffMember(id: "x", email: "", name: "", role: .admin, offices: []))
            )
            #expect(try PassportIssuer.files(passport)["DG2"].flatMap { try DG2.jpeg(in: $0) } == photo)
            let zip = try await clerk.get(location + "/chip.zip")
            #expect(zip.headers[.contentType] == "application/zip")
            let checks = PassiveAuthentication.verify(
                files: PassportIssuer.files(passport),
                printedMRZ: passport.mrz,
                cscas: try fixture.pki.cscas(),
                crls: try fixture.pki.crls(),
                at: fixture.clock.now()
            )
            #expect(checks.allSatisfy { $0.outcome == .passed }, "\(checks.filter { $0.outcome != .passed })")
            let again = try await clerk.upload(form, to: issuePath, [:], file: ("photo", "foto.jpg", photo), type: "image/jpeg")
            #expect(again.status == .conflict)
            #expect(try await fixture.app.reports.monthly("2026-12").first { $0.officeCode == "TEST-OFFICE" }?.issued == 1)
            #expect(try await AuditLog.entries(about: "appointment:\(booked.folio)", in: fixture.app.database).last?.action == "passport.issue")
            // The holder's "Mi cita" keeps the visit and names the passport issued at it.
            let history = try await fixture.app.appointments.history(curp: TestData.curp(1))
            #expect(history.map(\.appointment.folio) == [booked.folio] && history.first?.passportNumber == number)
        }
    }

    @Test(
        "A child's passport: booked by the mother, attended, paid on the child's own sheet, issued in the child's name",
        arguments: TestDatabase.engines
    )
    func childIssuance(engine: DatabaseEngine) async throws {
        try await withServer(engine) { fixture in
            let mother = try await SeededAccounts.register(1, email: "ana@example.com", database: fixture.app.database)
            let child = try await fixture.app.dependents.add(
                NewDependent(
                    curp: TestData.curp(of: TestData.child(5)),
                    identity: TestData.child(5),
                    kind: .minor,
                    guardianshipReason: "",
                    secondParentName: "",
                    secondParentCurp: "",
                    documentNote: ""
                ),
                to: mother
            )
            var request = BookingRequest(
                curp: Curp(stored: child.curp),
                officeCode: "TEST-OFFICE",
                date: LocalDate(year: 2026, month: 12, day: 2),
                time: try LocalTime("09:00"),
                actor: "test"
            )
            request.household = mother
            let booked = try await fixture.app.appointments.book(request)
            fixture.clock.set(ISO8601DateFormatter().date(from: "2026-12-02T14:55:00Z")!)
            let (clerk, desk) = try await Self.signedIn(fixture, role: .clerk)
            let agenda = try await clerk.get("/es/staff/offices/TEST-OFFICE/agenda?date=2026-12-02")
            _ = try await clerk.submit(agenda, to: "/es/staff/appointments/\(booked.folio)/check-in", ["document": "INE"])
            _ = try await clerk.submit(agenda, to: "/es/staff/appointments/\(booked.folio)/attended", [:])
            let sheet = try await fixture.app.payments.issue(
                curp: child.curp,
                validityYears: 3,
                discount: .none,
                feeYear: 2026,
                due: 179_500,
                credit: 0
            )
            _ = try await clerk.submit(
                desk,
                to: "/es/staff/payments",
                ["reference": sheet.reference, "amount": "1795", "bank": "BBVA", "paidOn": "2026-12-01", "confirm": "1"]
            )
            let issuePath = "/es/staff/appointments/\(booked.folio)/issue"
            let form = try await clerk.get(issuePath)
            let photo = try PassportChip.silhouette()
            let issued = try await clerk.upload(form, to: issuePath, [:], file: ("photo", "foto.jpg", photo), type: "image/jpeg")
            let location = try #require(issued.location)
            let page = try await clerk.get(location)
            #expect(page.html.contains("PPMEXLOPEZ&lt;GOMEZ&lt;&lt;MATEO"))
            let report = try await fixture.app.reports.monthly("2026-12").first { $0.officeCode == "TEST-OFFICE" }
            #expect(report?.issued == 1 && report?.minorsIssued == 1 && report?.minorsBooked == 1)
        }
    }
}

@Suite("Passport verification API")
struct PassportAPITests {
    @Test("POST /api/v1/passports/verify: a chip signed under this deployment's CSCA passes; a changed byte fails; bad input is refused")
    func verify() async throws {
        try await withServer(.sqlite) { fixture in
            let holder = PassportHolder(
                documentCode: "PP",
                documentNumber: "A00000001",
                surname: "Gómez",
                givenNames: "Ana",
                nationality: "MEX",
                birthDate: "1950-01-02",
                sex: "F",
                expiryDate: "2036-12-02"
            )
            let chip = try PassportChip.issue(holder, photo: nil, signer: try fixture.pki.currentSigner())
            func body(_ files: [String: [UInt8]]) throws -> String {
                let encoded = files.mapValues { Data($0).base64EncodedString() }
                let object: [String: Any] = ["files": encoded, "printedMrz": chip.mrz]
                return String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
            }
            func verdict(_ text: String) async throws -> (HTTPResponse.Status, String?) {
                try await fixture.client.execute(uri: "/api/v1/passports/verify", method: .post, headers: jsonHeaders, body: json(text)) { response in
                    let object = try? JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any]
                    return (response.status, object?["verdict"] as? String)
                }
            }
            #expect(try await verdict(try body(chip.files)) == (.ok, "passed"))
            var changed = chip.files
            changed["DG1"]![10] ^= 1
            #expect(try await verdict(try body(changed)) == (.ok, "failed"))
            #expect(try await verdict(#"{"files":{"EF.SOD":"%%%"}}"#).0 == .badRequest)
            #expect(try await verdict(#"{"files":{},"crls":["AAAA"]}"#).0 == .badRequest)
            // Its DS revoked: the deployment's own CRL now fails the same chip; a CRL sent in the body is read too.
            // (A fresh deployment's PKI: DS 1 signs.)
            #expect(try fixture.pki.revokeDocumentSigner(1, reason: .keyCompromise) == 2)
            #expect(try await verdict(try body(chip.files)) == (.ok, "failed"))
            let sent = try fixture.pki.crls().map { Data($0.der).base64EncodedString() }
            let withCRL = try body(chip.files).dropLast() + ",\"crls\":[\"\(sent[0])\"]}"
            #expect(try await verdict(String(withCRL)) == (.ok, "failed"))
            // Nine good CRLs: refused for their number alone.
            let nine = Array(repeating: "\"\(sent[0])\"", count: 9).joined(separator: ",")
            #expect(try await verdict(#"{"files":{},"crls":["# + nine + "]}").0 == .badRequest)
            #expect(try await verdict(#"{"files":{},"crls":["# + nine.split(separator: ",").prefix(8).joined(separator: ",") + "]}").0 == .ok)
            #expect(try await verdict(#"{"files":{"../etc/passwd":"AA=="}}"#).0 == .badRequest)
        }
    }
}

extension StaffPagesTests {
    /// The silhouette JPEG with its frame declaring `width` × `height`: enough for the size checks, which read the
    /// start-of-frame header.
    static func photo(width: Int, height: Int) throws -> [UInt8] {
        var bytes = try PassportChip.silhouette()
        let sof = try #require((2..<bytes.count - 1).first { bytes[$0] == 0xFF && bytes[$0 + 1] == 0xC0 })
        bytes[sof + 5] = UInt8(height >> 8)
        bytes[sof + 6] = UInt8(height & 0xFF)
        bytes[sof + 7] = UInt8(width >> 8)
        bytes[sof + 8] = UInt8(width & 0xFF)
        return bytes
    }
}
