import CitasDomain
import CitasPersistence
import CitasTestSupport
import Foundation
import HTTPTypes
import Testing

@testable import CitasServer

/// The pages that say who runs the service and how to reach them, and the report of a reseller into the review queue.
@Suite("Trust pages")
struct TrustPagesTests {
    @Test("Every page names the authority and links privacy, help, accessibility, reports and the help line")
    func frame() async throws {
        try await withServer(.sqlite) { fixture in
            let browser = PageClient(fixture.client)
            for (language, words) in [
                ("es", ["Secretaría de Relaciones Exteriores", "Aviso de privacidad", "Atención telefónica gratuita: 800 801 0773"]),
                ("en", ["Privacy notice", "Free help line"]),
            ] {
                let home = try await browser.get("/\(language)")
                for word in words { #expect(home.html.contains(word), "\(word)") }
                for path in ["privacy", "help", "accessibility", "report"] {
                    #expect(home.html.contains(#"href="/\#(language)/\#(path)""#))
                    #expect(try await browser.get("/\(language)/\(path)").status == .ok)
                }
                #expect(home.html.contains(#"href="tel:8008010773""#))
            }
            let privacy = try await browser.get("/es/privacy")
            #expect(privacy.html.contains("CURP") && privacy.html.contains("RENAPO") && privacy.html.contains("ARCO"))
            let help = try await browser.get("/en/help")
            #expect(help.html.contains(#"<a class="phone" href="tel:8008010773">800 801 0773</a>"#))
        }
    }

    @Test("A report reaches the review queue once; a reviewer closes it once, audited", arguments: TestDatabase.engines)
    func report(engine: DatabaseEngine) async throws {
        try await withServer(engine) { fixture in
            let citizen = PageClient(fixture.client)
            let form = try await citizen.get("/es/report")
            // Nothing described: the form comes back with what was typed and the field named.
            let empty = try await citizen.submit(form, to: "/es/report", ["description": "  ", "subject": "55 1234 5678"])
            #expect(empty.status == .badRequest && empty.html.contains("Error:") && empty.html.contains(#"value="55 1234 5678""#))
            let long = try await citizen.submit(form, to: "/es/report", ["description": String(repeating: "a", count: 2_001)])
            #expect(long.status == .badRequest && long.html.contains("</textarea>"))
            let curp = TestData.curp(9).value
            let sent = try await citizen.submit(
                form,
                to: "/es/report",
                ["description": "Me ofrecieron una cita por $1,500\nen la puerta.", "subject": curp.lowercased(), "location": "Oficina de prueba"]
            )
            #expect(sent.status == .ok && sent.html.contains("Su denuncia número"))
            let (admin, _) = try await StaffPagesTests.signedIn(fixture, role: .admin, offices: [])
            let queue = try await admin.get("/es/staff/review")
            #expect(queue.html.contains("Denuncias de ciudadanos") && queue.html.contains("Me ofrecieron una cita por $1,500"))
            #expect(queue.html.contains("/es/staff/search?q=\(curp)"))
            let id = try #require(try await fixture.app.resellerReports.open().first).id
            // Two reviewers at once: one closes it, the other is told it is gone.
            let reports = fixture.app.resellerReports
            let closes = await withTaskGroup(of: Bool.self) { group in
                for (outcome, actor) in [(ResellerReports.Outcome.dismissed, "staff:a"), (.acted, "staff:b")] {
                    group.addTask { (try? await reports.close(id: id, outcome: outcome, actor: actor)) != nil }
                }
                return await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(closes.filter { $0 }.count == 1)
            #expect(try await fixture.app.resellerReports.open().isEmpty)
            let actions = try await AuditLog.entries(about: "reseller_report:\(id)", in: fixture.app.database).map(\.action)
            #expect(actions.count == 2 && actions[0] == "reseller_report.submit")
            let closed = try await admin.submit(queue, to: "/es/staff/review/reports/\(id)/dismissed", [:])
            #expect(closed.status == .notFound)
        }
    }

    @Test("The review queue says its evidence in the reviewer's language, never as codes", arguments: TestDatabase.engines)
    func evidenceInWords(engine: DatabaseEngine) async throws {
        try await withServer(engine) { fixture in
            // Five accounts from one address: two more than a household needs.
            for n in 20..<25 {
                _ = try await SeededAccounts.register(n, email: SeededAccounts.distinctEmail(n), from: "10.9.0.7", database: fixture.app.database)
            }
            let (admin, _) = try await StaffPagesTests.signedIn(fixture, role: .admin, offices: [])
            let spanish = try await admin.get("/es/staff/review")
            #expect(spanish.html.contains("+2 puntos: 5 cuentas registradas desde la misma dirección de red (10.9.0.7)."))
            #expect(!spanish.html.contains("shared_address"))
            let english = try await admin.get("/en/staff/review")
            #expect(english.html.contains("+2 points: 5 accounts registered from the same network address (10.9.0.7)."))
            // Beside "suspend": the account's history, and "dismiss" — which holds until new evidence comes.
            let first = try #require(try await fixture.app.risk.queue().first?.accountId)
            let history = try await admin.get("/es/staff/accounts/\(first)")
            #expect(history.status == .ok && history.html.contains("Se registró") && history.html.contains("10.9.0.7"))
            #expect(spanish.html.contains("/es/staff/accounts/\(first)") && spanish.html.contains("Descartar: no hay abuso"))
            let dismissed = try await admin.submit(spanish, to: "/es/staff/review/\(first)/dismiss", [:])
            #expect(dismissed.html.contains("La cuenta salió de la cola") && !dismissed.html.contains("/es/staff/accounts/\(first)"))
            _ = try await SeededAccounts.register(25, email: SeededAccounts.distinctEmail(25), from: "10.9.0.7", database: fixture.app.database)
            #expect(try await fixture.app.risk.queue().contains { $0.accountId == first })
            #expect(try await admin.get("/es/staff/accounts/nobody").status == .notFound)
        }
    }

    @Test("Reports are limited per address", arguments: TestDatabase.engines)
    func reportLimit(engine: DatabaseEngine) async throws {
        try await withServer(engine) { fixture in
            let citizen = PageClient(fixture.client)
            let form = try await citizen.get("/en/report")
            for _ in 0..<5 { #expect(try await citizen.submit(form, to: "/en/report", ["description": "A reseller"]).status == .ok) }
            #expect(try await citizen.submit(form, to: "/en/report", ["description": "A reseller"]).status == .tooManyRequests)
            #expect(try await fixture.app.resellerReports.open().count == 5)
        }
    }
}
