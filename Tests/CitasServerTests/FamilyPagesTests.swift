import CitasDomain
import CitasPersistence
import CitasTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import SQLKit
import Testing

@testable import CitasServer

/// "Mi familia" in the pages: adding a child checked against their CURP, booking for them, their comprobante, and the
/// rules on removal.
@Suite("Family pages")
struct FamilyPagesTests {
    static let child = TestData.child(5)
    static let childCurp = TestData.curp(of: child).value

    static func addChild(_ browser: PageClient, _ overrides: [String: String] = [:]) async throws -> PageClient.Page {
        let family = try await browser.get("/es/family")
        var fields = ["curp": childCurp.lowercased(), "paternalSurname": "López", "maternalSurname": "Gómez", "givenNames": "Mateo", "kind": "minor"]
        for (key, value) in overrides { fields[key] = value }
        return try await browser.submit(family, to: "/es/family", fields)
    }

    @Test("A mother adds her child, books for him, sees his comprobante, cannot remove him while it stands", arguments: TestDatabase.engines)
    func bookForAChild(engine: DatabaseEngine) async throws {
        try await withServer(engine) { fixture in
            let mother = try await WebPagesTests.readyToBook(fixture, 1)
            // Names that do not match the CURP are refused like a registration's, keeping what was typed.
            let wrong = try await Self.addChild(mother, ["givenNames": "Pedro"])
            #expect(wrong.status == .unprocessableContent && wrong.html.contains(#"value="Pedro""#))
            let added = try await Self.addChild(mother)
            #expect(added.location == "/es/family?done=added")
            let family = try await mother.get("/es/family?done=added")
            #expect(family.html.contains("Mateo López Gómez") && family.html.contains("Menor de edad · 6 años"))
            #expect(try await Self.addChild(mother).status == .conflict, "the same child twice")
            let holder = try #require(try await fixture.app.accounts.account(emailOrCurp: TestData.curp(1).value))
            let member = try #require(try await fixture.app.dependents.list(accountId: holder.id).first)
            // The day page asks for whom; booking for the child leaves the mother free to book for herself.
            let day = try await mother.get("/es/offices/TEST-OFFICE/2026-12-02")
            #expect(day.html.contains("¿Para quién es la cita?") && day.html.contains("Para mí (Ana Luisa Gómez Díaz)"))
            // Ticking nobody is a mistake, said in words.
            let nobody = try await mother.submit(
                day,
                to: "/es/offices/TEST-OFFICE/book",
                ["date": "2026-12-02", "time": "09:00", "hasHousehold": "1"]
            )
            #expect(nobody.status == .badRequest && nobody.html.contains("Marque al menos a una persona"))
            let booked = try await mother.submit(
                day,
                to: "/es/offices/TEST-OFFICE/book",
                ["date": "2026-12-02", "time": "09:00", "hasHousehold": "1", "member1": "\(member.id)"]
            )
            #expect(booked.location == "/es/family?done=booked")
            let again = try await mother.submit(
                day,
                to: "/es/offices/TEST-OFFICE/book",
                ["date": "2026-12-02", "time": "09:00", "hasHousehold": "1", "member1": "\(member.id)"]
            )
            #expect(again.location == "/es/family?done=booked", "the same form again answers with what it made")
            let appointment = try #require(try await fixture.app.appointments.current(curp: Curp(stored: Self.childCurp)))
            #expect(try await fixture.app.appointments.current(curp: TestData.curp(1)) == nil)
            let comprobante = try await mother.get("/es/family/\(member.id)")
            #expect(comprobante.html.contains("Mateo López Gómez") && comprobante.html.contains(Self.childCurp))
            #expect(comprobante.html.contains("formato OP-7") && comprobante.html.contains(appointment.folio))
            let mail = try await fixture.app.database.read { sql in
                try await sql.raw("SELECT recipient FROM outbox WHERE folio = \(bind: appointment.folio)").first()?.decode(
                    column: "recipient",
                    as: String.self
                )
            }
            #expect(mail == "persona1@example.com")
            // The counter sees who must come with the child.
            let (clerk, _) = try await StaffPagesTests.signedIn(fixture, role: .clerk)
            let agenda = try await clerk.get("/es/staff/offices/TEST-OFFICE/agenda?date=2026-12-02")
            #expect(
                agenda.html.contains("Mateo López")
                    && agenda.html.contains("Menor de edad (OP-7): deben acudir Ana Luisa Gómez Díaz (\(TestData.curp(1).value))")
            )
            #expect(agenda.html.contains("el otro padre, madre o tutor"))
            let refused = try await mother.submit(family, to: "/es/family/\(member.id)/remove", [:])
            #expect(refused.status == .conflict && refused.html.contains("tiene una cita vigente"))
            let ask = try await mother.get("/es/family/\(member.id)/cancel")
            #expect(ask.html.contains("¿Seguro que quiere cancelar su cita del"))
            #expect(try await mother.submit(ask, to: "/es/family/\(member.id)/cancel", [:]).location == "/es/family?done=cancelled")
            #expect(try await fixture.app.appointments.current(curp: Curp(stored: Self.childCurp)) == nil)
            #expect(try await mother.submit(family, to: "/es/family/\(member.id)/remove", [:]).location == "/es/family?done=removed")
            // Somebody else's member is nobody's business here.
            let stranger = try await WebPagesTests.signedIn(fixture, 2)
            #expect(try await stranger.get("/es/family/\(member.id)").status == .notFound)
        }
    }

    @Test("A mother books herself and her two children together: consecutive seats, one confirmation each", arguments: TestDatabase.engines)
    func bookTogether(engine: DatabaseEngine) async throws {
        try await withServer(engine) { fixture in
            let mother = try await WebPagesTests.readyToBook(fixture, 1)
            _ = try await Self.addChild(mother)
            let second = TestData.child(9)
            _ = try await Self.addChild(mother, ["curp": TestData.curp(of: second).value])
            let holder = try #require(try await fixture.app.accounts.account(emailOrCurp: TestData.curp(1).value))
            let members = try await fixture.app.dependents.list(accountId: holder.id)
            let day = try await mother.get("/es/offices/TEST-OFFICE/2026-12-02")
            let fields = [
                "date": "2026-12-02", "time": "09:00", "hasHousehold": "1", "member0": "self", "member1": "\(members[0].id)",
                "member2": "\(members[1].id)",
            ]
            #expect(try await mother.submit(day, to: "/es/offices/TEST-OFFICE/book", fields).location == "/es/family?done=booked")
            #expect(try await mother.submit(day, to: "/es/offices/TEST-OFFICE/book", fields).location == "/es/family?done=booked")
            var times: [String] = []
            for curp in [TestData.curp(1)] + members.map({ Curp(stored: $0.curp) }) {
                times.append(try #require(try await fixture.app.appointments.current(curp: curp)).time.description)
            }
            // Two seats per slot in the test office: two at 09:00, the third at 09:30.
            #expect(times == ["09:00", "09:00", "09:30"])
        }
    }

    @Test("A mother waits with her two children: one request of three, shown together, withdrawn together", arguments: TestDatabase.engines)
    func waitTogether(engine: DatabaseEngine) async throws {
        try await withServer(engine) { fixture in
            try await fixture.app.offices.setRelease(office: "TEST-OFFICE", to: try ReleaseSchedule(daysAhead: 3), actor: "test", now: 0)
            try await fixture.app.slots.generate(
                for: try await fixture.app.offices.require("TEST-OFFICE"),
                from: LocalDate(year: 2026, month: 12, day: 15),
                days: 5
            )
            let mother = try await WebPagesTests.readyToBook(fixture, 1)
            _ = try await Self.addChild(mother)
            _ = try await Self.addChild(mother, ["curp": TestData.curp(of: TestData.child(9)).value])
            let holder = try #require(try await fixture.app.accounts.account(emailOrCurp: TestData.curp(1).value))
            let members = try await fixture.app.dependents.list(accountId: holder.id)
            let office = try await mother.get("/es/offices/TEST-OFFICE")
            #expect(office.html.contains("esperan juntas") && office.html.contains(#"name="member2""#))
            // Ticking nobody is a mistake to fix, not a request for the holder.
            let nobody = try await mother.submit(office, to: "/es/offices/TEST-OFFICE/draw", ["timeOfDay": "any", "hasHousehold": "1"])
            #expect(nobody.status == .badRequest && nobody.html.contains("Marque al menos a una persona") && nobody.html.contains("#member"))
            let fields = [
                "timeOfDay": "any", "hasHousehold": "1", "member0": "self", "member1": "\(members[0].id)", "member2": "\(members[1].id)",
            ]
            #expect(try await mother.submit(office, to: "/es/offices/TEST-OFFICE/draw", fields).location == "/es/account?done=joined")
            let requests = try await fixture.app.requests.requests(accountId: holder.id)
            #expect(requests.count == 3 && Set(requests.map(\.group)).count == 1 && requests.allSatisfy { $0.status == .waiting })
            let account = try await mother.get("/es/account?done=joined")
            #expect(account.html.contains("Juntas: Ana Luisa Gómez Díaz, Mateo López Gómez"))
            let withdraw = try #require(account.html.firstMatch(of: /action="(\/es\/account\/requests\/\d+\/withdraw)"/)?.1)
            #expect(account.html.matches(of: /\/withdraw"/).count == 1)
            #expect(try await mother.submit(account, to: String(withdraw), [:]).location == "/es/account?done=withdrawn")
            #expect(try await fixture.app.requests.requests(accountId: holder.id).allSatisfy { $0.status == .withdrawn })
        }
    }

    @Test(
        "A child's CURP parked in a stranger's household: an admin takes it out, audited; then the parent adds the child",
        arguments: TestDatabase.engines
    )
    func staffRelease(engine: DatabaseEngine) async throws {
        try await withServer(engine) { fixture in
            let squatter = try await WebPagesTests.readyToBook(fixture, 2)
            #expect(try await Self.addChild(squatter).location == "/es/family?done=added")
            let parent = try await WebPagesTests.readyToBook(fixture, 1)
            #expect(try await Self.addChild(parent).status == .conflict)
            let (clerk, _) = try await StaffPagesTests.signedIn(fixture, role: .clerk)
            let seen = try await clerk.get("/es/staff/search?q=\(Self.childCurp.lowercased())")
            #expect(seen.html.contains("Esta CURP está en la familia de la cuenta persona2@example.com") && !seen.html.contains("/release"))
            let (admin, _) = try await StaffPagesTests.signedIn(fixture, role: .admin, offices: [])
            let search = try await admin.get("/es/staff/search?q=\(Self.childCurp)")
            #expect(search.html.contains("/es/staff/households/\(Self.childCurp)/release"))
            let released = try await admin.submit(search, to: "/es/staff/households/\(Self.childCurp)/release", ["reason": "Reclamo de la madre"])
            #expect(released.status == .ok && released.html.contains("La CURP ya no está en ninguna familia"))
            #expect(try await Self.addChild(parent).location == "/es/family?done=added")
            let member = try #require(try await fixture.app.dependents.member(curp: Self.childCurp))
            let holder = try #require(try await fixture.app.accounts.account(emailOrCurp: TestData.curp(1).value))
            #expect(member.accountId == holder.id)
            let audit = try await fixture.app.database.read { sql in
                try await sql.raw("SELECT actor, detail FROM audit_log WHERE action = 'dependent.release'").all().map {
                    (try $0.decode(column: "actor", as: String.self), try $0.decode(column: "detail", as: String.self))
                }
            }
            #expect(audit.count == 1 && audit[0].0.hasPrefix("staff:") && audit[0].1 == "Reclamo de la madre")
        }
    }

    @Test("A member's own payment sheet: their validity chosen on it, their age deciding what is allowed", arguments: TestDatabase.engines)
    func memberPaymentSheet(engine: DatabaseEngine) async throws {
        try await withServer(engine) { fixture in
            let mother = try await WebPagesTests.readyToBook(fixture, 1)
            _ = try await Self.addChild(mother)
            let holder = try #require(try await fixture.app.accounts.account(emailOrCurp: TestData.curp(1).value))
            let member = try #require(try await fixture.app.dependents.list(accountId: holder.id).first)
            let family = try await mother.get("/es/family")
            #expect(family.html.contains("/es/account/payment?for=\(member.id)"))
            let sheet = try await mother.get("/es/account/payment?for=\(member.id)")
            #expect(sheet.html.contains("Mateo López Gómez") && sheet.html.contains(#"name="validity""#))
            // One year is only for children under three; Mateo is six.
            let refused = try await mother.submit(sheet, to: "/es/account/payment", ["member": "\(member.id)", "validity": "1", "discount": "none"])
            #expect(refused.location == nil && refused.html.contains("Error:") && refused.html.contains("1 año solo para menores de 3"))
            let issued = try await mother.submit(sheet, to: "/es/account/payment", ["member": "\(member.id)", "validity": "3", "discount": "none"])
            #expect(issued.location == "/es/account/payment?for=\(member.id)")
            let payment = try #require(try await fixture.app.payments.latest(curp: Self.childCurp))
            #expect(payment.validityYears == 3 && payment.dueCentavos == 179_500)
            #expect(try await fixture.app.payments.latest(curp: TestData.curp(1).value) == nil, "the mother's own sheet is untouched")
            let stranger = try await WebPagesTests.signedIn(fixture, 2)
            #expect(try await stranger.get("/es/account/payment?for=\(member.id)").status == .notFound)
        }
    }

    @Test("Household rules in the page: an adult is no minor; a child must share a surname", arguments: TestDatabase.engines)
    func rules(engine: DatabaseEngine) async throws {
        try await withServer(engine) { fixture in
            let mother = try await WebPagesTests.readyToBook(fixture, 1)
            let stranger = TestData.child(7, paternal: "Pérez", maternal: "Ruiz")
            let mismatch = try await Self.addChild(
                mother,
                ["curp": TestData.curp(of: stranger).value, "paternalSurname": "Pérez", "maternalSurname": "Ruiz"]
            )
            #expect(mismatch.status == .unprocessableContent && mismatch.html.contains("debe compartir un apellido"))
            let withFather = try await Self.addChild(
                mother,
                [
                    "curp": TestData.curp(of: stranger).value, "paternalSurname": "Pérez", "maternalSurname": "Ruiz",
                    "secondParentName": "Luis Pérez Soto",
                ]
            )
            #expect(withFather.location == "/es/family?done=added")
            let adult = try await Self.addChild(
                mother,
                ["curp": TestData.curp(2).value, "paternalSurname": "Gómez", "maternalSurname": "Díaz", "givenNames": "Ana Luisa"]
            )
            #expect(adult.status == .unprocessableContent && adult.html.contains("ya es mayor de edad"))
            // Refusals wrote nothing: only the child with the declared father is in the household.
            let holder = try #require(try await fixture.app.accounts.account(emailOrCurp: TestData.curp(1).value))
            #expect(try await fixture.app.dependents.list(accountId: holder.id).map(\.curp) == [TestData.curp(of: stranger).value])
        }
    }
}

/// The household over the JSON API: the same rules as the pages.
@Suite("Household API")
struct HouseholdAPITests {
    struct Member: Decodable {
        let id: Int
        let curp: String
        let kind: String
    }

    struct Members: Decodable {
        let dependents: [Member]
    }

    struct Booked: Decodable {
        let folio: String
        let curp: String
    }

    @Test("Add, list, book for a member, read and cancel it, remove", arguments: TestDatabase.engines)
    func household(engine: DatabaseEngine) async throws {
        try await withServer(engine) { fixture in
            let token = try await fixture.signUp(1)
            let body = """
                {"curp": "\(FamilyPagesTests.childCurp)", "paternalSurname": "López", "maternalSurname": "Gómez", "givenNames": "Mateo"}
                """
            let added = try await fixture.client.execute(uri: "/api/v1/me/dependents", method: .post, headers: bearer(token), body: json(body)) {
                #expect($0.status == .created)
                return try $0.decoded(Member.self)
            }
            #expect(added.kind == "minor" && added.curp == FamilyPagesTests.childCurp)
            try await fixture.client.execute(uri: "/api/v1/me/dependents", method: .post, headers: bearer(token), body: json(body)) {
                #expect($0.status == .conflict && $0.errorCode == "curp_registered")
            }
            let listed = try await fixture.client.execute(uri: "/api/v1/me/dependents", method: .get, headers: bearer(token)) {
                try $0.decoded(Members.self)
            }
            #expect(listed.dependents.map(\.id) == [added.id])
            let booking = #"{"office": "TEST-OFFICE", "date": "2026-12-02", "time": "09:00", "member": \#(added.id)}"#
            let booked = try await fixture.client.execute(
                uri: "/api/v1/appointments",
                method: .post,
                headers: try await fixture.withProof(bearer(token), "book"),
                body: json(booking)
            ) {
                #expect($0.status == .created)
                return try $0.decoded(Booked.self)
            }
            #expect(booked.curp == FamilyPagesTests.childCurp)
            try await fixture.client.execute(uri: "/api/v1/me/dependents/\(added.id)", method: .delete, headers: bearer(token)) {
                #expect($0.status == .conflict && $0.errorCode == "dependent_has_live_appointment")
            }
            let stranger = try await fixture.signUp(2)
            try await fixture.client.execute(uri: "/api/v1/appointments/\(booked.folio)", method: .get, headers: bearer(stranger)) {
                #expect($0.status == .notFound)
            }
            try await fixture.client.execute(uri: "/api/v1/appointments/\(booked.folio)", method: .get, headers: bearer(token)) {
                #expect($0.status == .ok)
            }
            try await fixture.client.execute(uri: "/api/v1/appointments/\(booked.folio)/cancel", method: .post, headers: bearer(token)) {
                #expect($0.status == .ok)
            }
            try await fixture.client.execute(uri: "/api/v1/me/dependents/\(added.id)", method: .delete, headers: bearer(token)) {
                #expect($0.status == .noContent)
            }
        }
    }

    struct Waiting: Decodable {
        let id: Int
        let curp: String
        let group: Int?
    }

    @Test("Two children wait together over the API, without the holder; a member of nobody's household is refused", arguments: TestDatabase.engines)
    func waitTogether(engine: DatabaseEngine) async throws {
        try await withServer(engine) { fixture in
            let token = try await fixture.signUp(1)
            var ids: [Int] = []
            for child in [TestData.child(0), TestData.child(9)] {
                let body = """
                    {"curp": "\(TestData.curp(of: child).value)", "paternalSurname": "López", "maternalSurname": "Gómez", "givenNames": "Mateo"}
                    """
                ids.append(
                    try await fixture.client.execute(uri: "/api/v1/me/dependents", method: .post, headers: bearer(token), body: json(body)) {
                        try $0.decoded(Member.self).id
                    }
                )
            }
            let refused = #"{"office": "TEST-OFFICE", "members": [\#(ids[0]), 999999], "holder": false}"#
            try await fixture.client.execute(
                uri: "/api/v1/draws/requests",
                method: .post,
                headers: try await fixture.withProof(bearer(token), "draw"),
                body: json(refused)
            ) {
                #expect($0.status == .notFound && $0.errorCode == "dependent_not_found")
            }
            let body = #"{"office": "TEST-OFFICE", "members": [\#(ids[1]), \#(ids[0])], "holder": false}"#
            let first = try await fixture.client.execute(
                uri: "/api/v1/draws/requests",
                method: .post,
                headers: try await fixture.withProof(bearer(token), "draw"),
                body: json(body)
            ) {
                #expect($0.status == .created)
                return try $0.decoded(Waiting.self)
            }
            struct Listed: Decodable { let requests: [Waiting] }
            let listed = try await fixture.client.execute(uri: "/api/v1/draws/requests", method: .get, headers: bearer(token)) {
                try $0.decoded(Listed.self)
            }
            #expect(listed.requests.count == 2 && listed.requests.allSatisfy { $0.group == first.id })
            #expect(Set(listed.requests.map(\.curp)) == Set([TestData.child(0), TestData.child(9)].map { TestData.curp(of: $0).value }))
        }
    }
}
