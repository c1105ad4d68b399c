import CitasDomain
import CitasPersistence
import CitasTestSupport
import Foundation
import Logging
import Testing

@testable import CitasServer

/// The proof of an appointment on "Mi cita" and in the confirmation e-mail, and the code it carries.
@Suite("Comprobante")
struct ComprobanteTests {
    /// Person `n` signed in with an appointment on 2 December at 09:00, booked through the pages.
    static func booked(_ fixture: ServerFixture, _ n: Int) async throws -> PageClient {
        let browser = try await WebPagesTests.readyToBook(fixture, n)
        let times = try await browser.get("/es/offices/TEST-OFFICE/2026-12-02")
        _ = try await browser.submit(times, to: "/es/offices/TEST-OFFICE/book", ["date": "2026-12-02", "time": "09:00"])
        return browser
    }

    @Test("Mi cita shows who attends, for what, what to bring, the fee and a code that checks", arguments: TestDatabase.engines)
    func page(engine: DatabaseEngine) async throws {
        try await withServer(engine) { fixture in
            let browser = try await Self.booked(fixture, 3)
            let mine = try await browser.get("/es/appointment")
            let account = try #require(try await fixture.app.accounts.account(emailOrCurp: TestData.curp(3).value))
            for text in [
                account.identity.fullName, TestData.curp(3).value, "Pasaporte por primera vez", "Acta de nacimiento original.",
                "miércoles, 2 de diciembre de 2026, 09:00", "Llegue 15 minutos antes", "Aún no tiene hoja de pago.", #"<figure class="qr">"#,
                #"href="/es/account/payment""#,
            ] {
                #expect(mine.html.contains(text), "\(text)")
            }
            // With a payment sheet: its reference, amount and status instead of the link.
            let sheet = try await browser.get("/es/account/payment")
            _ = try await browser.submit(sheet, to: "/es/account/payment", ["discount": "none"])
            let paying = try await browser.get("/es/appointment")
            let reference = try #require(try await fixture.app.payments.latest(curp: TestData.curp(3).value)).reference
            #expect(paying.html.contains(Formats(language: .es).reference(reference)) && paying.html.contains("2,440.00 MXN"))
            #expect(paying.html.contains("Pendiente: páguelo en el banco") && !paying.html.contains("Aún no tiene hoja de pago."))
            // The code signs exactly this appointment; the English page says the same in English.
            let (proof, appointment, _) = try #require(try await Comprobante.load(for: account, app: fixture.app, language: .en))
            let verdict = AppointmentProof.verify(proof.code, publicKeys: try AppointmentProofSigner(secrets: fixture.app.secrets).publicKeys)
            #expect(
                verdict
                    == .valid(
                        AppointmentProof(
                            folio: appointment.folio,
                            curp: TestData.curp(3).value,
                            office: "TEST-OFFICE",
                            date: appointment.date,
                            time: appointment.time
                        )
                    )
            )
            let english = try await browser.get("/en/appointment")
            #expect(english.html.contains("Arrive 15 minutes before") && english.html.contains("Wednesday, December 2, 2026, 9:00 AM"))
        }
    }

    @Test("The confirmation e-mail carries the comprobante, a manage link, the QR code and an .ics with an alarm", arguments: TestDatabase.engines)
    func mail(engine: DatabaseEngine) async throws {
        try await withServer(engine) { fixture in
            _ = try await Self.booked(fixture, 4)
            let folio = try #require(try await fixture.app.appointments.current(curp: TestData.curp(4))).folio
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("citas-eml-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: directory) }
            var service = OutboxDeliveryService(
                outbox: fixture.app.outbox,
                transport: EmlFileTransport(directory: directory, from: "citas@example.com"),
                clock: fixture.clock,
                logger: .init(label: "test")
            )
            service.composer = AppointmentMailComposer(app: fixture.app, publicURL: "https://citas.example.gob.mx")
            while try await service.deliverNext() {}
            let files = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            let eml = try String(
                contentsOf: directory.appendingPathComponent(try #require(files.first { $0.hasSuffix("-booked.eml") })),
                encoding: .utf8
            )
            #expect(eml.contains("Content-Type: multipart/mixed; boundary="))
            for text in [
                "Persona que acude:", "CURP: \(TestData.curp(4).value)", "miércoles, 2 de diciembre de 2026, 09:00", "Llegue 15 minutos antes",
                "https://citas.example.gob.mx/es/appointment", #"Content-Type: image/png; name="cita-\#(folio).png""#,
                #"Content-Disposition: attachment; filename="cita-\#(folio).ics""#,
            ] {
                #expect(eml.contains(text), "\(text)")
            }
            let parts = eml.components(separatedBy: "Content-Transfer-Encoding: base64\r\n\r\n").dropFirst().map {
                Data(base64Encoded: $0.components(separatedBy: "\r\n--").first!.replacingOccurrences(of: "\r\n", with: ""))
            }
            #expect(parts.count == 2)
            let png = try #require(parts.first ?? nil)
            #expect(png.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
            let ics = String(decoding: try #require(parts.last ?? nil), as: UTF8.self)
            #expect(ics.contains("UID:\(folio)@citas") && ics.contains("BEGIN:VALARM") && ics.contains("TRIGGER:-P1D"))
        }
    }

    @Test("A confirmation still queued when the appointment is cancelled goes as written, without a proof")
    func cancelledBeforeSending() async throws {
        try await withServer(.sqlite) { fixture in
            let browser = try await Self.booked(fixture, 5)
            let ask = try await browser.get("/es/appointment/cancel")
            _ = try await browser.submit(ask, to: "/es/appointment/cancel", [:])
            let composer = AppointmentMailComposer(app: fixture.app, publicURL: "https://citas.example.gob.mx")
            var sent: [OutboxMessage] = []
            while let message = try await fixture.app.outbox.claimNext(now: fixture.clock.now().epoch, lease: 60) {
                sent.append(try await composer.compose(message))
                try await fixture.app.outbox.markSent(id: message.id, now: fixture.clock.now().epoch)
            }
            let booked = try #require(sent.first { $0.mail.kind == "booked" })
            #expect(booked.mail.attachments.isEmpty && !booked.mail.body.contains("Persona que acude"))
        }
    }

    @Test("A clerk checks the code at the desk: genuine and current, altered, cancelled, another office's", arguments: TestDatabase.engines)
    func desk(engine: DatabaseEngine) async throws {
        try await withServer(engine) { fixture in
            let citizen = try await Self.booked(fixture, 6)
            let account = try #require(try await fixture.app.accounts.account(emailOrCurp: TestData.curp(6).value))
            let code = try #require(try await Comprobante.load(for: account, app: fixture.app, language: .es)).0.code
            let (clerk, desk) = try await StaffPagesTests.signedIn(fixture, role: .clerk)
            #expect(desk.html.contains(#"href="/es/staff/verify""#))
            let form = try await clerk.get("/es/staff/verify")
            let current = try await clerk.submit(form, to: "/es/staff/verify", ["code": code.lowercased()])
            #expect(current.html.contains("Auténtico y vigente") && current.html.contains(TestData.curp(6).value))
            #expect(current.html.contains("/check-in"), "the row to check the person in from")
            let altered = code.replacingOccurrences(of: ":TEST-OFFICE:", with: ":MX-CDMX-ALVARO-OBREGON:")
            #expect(try await clerk.submit(form, to: "/es/staff/verify", ["code": altered]).html.contains("No es válido"))
            #expect(try await clerk.submit(form, to: "/es/staff/verify", ["code": "hola"]).html.contains("No es un código de cita"))
            // A clerk of another office sees that it is genuine, nothing of the agenda.
            _ = try await fixture.app.offices.seed([TestData.office(code: "OTHER-OFFICE")])
            let hash = try await PasswordHasher(cost: 4).hash("Oficina#2026")
            try await fixture.app.staff.create(
                email: "otra@sre.example",
                name: "Otra",
                role: .clerk,
                offices: ["OTHER-OFFICE"],
                passwordHash: hash,
                actor: "test",
                now: 0
            )
            let other = PageClient(fixture.client)
            try await other.staffSignIn("otra@sre.example", fixture)
            let elsewhere = try await other.submit(try await other.get("/es/staff/verify"), to: "/es/staff/verify", ["code": code])
            #expect(elsewhere.html.contains("no está vigente aquí") && !elsewhere.html.contains("/check-in"))
            // Cancelled: genuine, not current.
            _ = try await citizen.submit(try await citizen.get("/es/appointment/cancel"), to: "/es/appointment/cancel", [:])
            let cancelled = try await clerk.submit(form, to: "/es/staff/verify", ["code": code])
            #expect(cancelled.html.contains("no está vigente aquí"))
            let english = try await clerk.submit(try await clerk.get("/en/staff/verify"), to: "/en/staff/verify", ["code": code])
            #expect(english.html.contains("Genuine, but the appointment is not current here"))
        }
    }
}
