import CitasDomain
import CitasPersistence
import CitasTestSupport
import Foundation
import HTTPTypes
import Testing

@testable import CitasServer

@Suite("Staff roles and office scopes")
struct StaffAccessTests {
    enum Outcome: Equatable {
        case allowed
        case forbidden
        /// The route exists for the role, but the other office's appointment is invisible to it: nothing changes.
        case invisible
    }

    /// Each role × each route (own office TEST-OFFICE, other office OTHER-OFFICE): what must happen.
    static let table: [(route: String, admin: Outcome, manager: Outcome, clerk: Outcome, agent: Outcome, auditor: Outcome)] = [
        ("agenda-own", .allowed, .allowed, .allowed, .forbidden, .forbidden),
        ("agenda-other", .allowed, .forbidden, .forbidden, .forbidden, .forbidden),
        ("note-own", .allowed, .forbidden, .allowed, .forbidden, .forbidden),
        ("note-other", .allowed, .forbidden, .invisible, .forbidden, .forbidden),
        ("search", .allowed, .allowed, .allowed, .forbidden, .forbidden),
        ("reports", .allowed, .allowed, .forbidden, .forbidden, .allowed),
        ("reports-csv", .allowed, .allowed, .forbidden, .forbidden, .allowed),
        ("review", .allowed, .forbidden, .forbidden, .forbidden, .allowed),
        ("suspend", .allowed, .forbidden, .forbidden, .forbidden, .forbidden),
        ("dismiss", .allowed, .forbidden, .forbidden, .forbidden, .forbidden),
        ("history", .allowed, .forbidden, .forbidden, .forbidden, .allowed),
        ("import", .allowed, .forbidden, .allowed, .forbidden, .forbidden),
        ("settings-own", .allowed, .allowed, .forbidden, .forbidden, .forbidden),
        ("settings-other", .allowed, .forbidden, .forbidden, .forbidden, .forbidden),
        ("release-other", .allowed, .forbidden, .forbidden, .forbidden, .forbidden),
        ("phone", .allowed, .forbidden, .forbidden, .allowed, .forbidden),
    ]

    @Test("Every role on every staff route, own office and other office", arguments: TestDatabase.engines)
    func scoping(engine: DatabaseEngine) async throws {
        try await withServer(engine) { fixture in
            let app = fixture.app
            let other = TestData.office(code: "OTHER-OFFICE")
            try await app.offices.seed([other])
            try await app.slots.generate(for: other, from: LocalDate(year: 2026, month: 12, day: 1), days: 5)
            try await Releases.open(office: other.code, database: app.database, clock: app.clock)
            let own = try await app.appointments.book(
                BookingRequest(
                    curp: TestData.curp(1),
                    officeCode: "TEST-OFFICE",
                    date: LocalDate(year: 2026, month: 12, day: 2),
                    time: try LocalTime("09:00"),
                    actor: "test"
                )
            )
            let theirs = try await app.appointments.book(
                BookingRequest(
                    curp: TestData.curp(2),
                    officeCode: "OTHER-OFFICE",
                    date: LocalDate(year: 2026, month: 12, day: 2),
                    time: try LocalTime("09:00"),
                    actor: "test"
                )
            )
            let suspect = try await SeededAccounts.register(3, email: "suspect@example.com", database: app.database)
            let hash = try await PasswordHasher(cost: 4).hash("Oficina#2026")
            let offices: [StaffRole: [String]] = [.manager: ["TEST-OFFICE"], .clerk: ["TEST-OFFICE"]]
            for role in StaffRole.allCases {
                try await app.staff.create(
                    email: "\(role.rawValue)@sre.example",
                    name: role.rawValue,
                    role: role,
                    offices: offices[role] ?? [],
                    passwordHash: hash,
                    actor: "test",
                    now: 0
                )
            }
            for (index, role) in StaffRole.allCases.enumerated() {
                let browser = PageClient(fixture.client)
                try await browser.staffSignIn("\(role.rawValue)@sre.example", fixture)
                let page = try await browser.get("/es/staff")
                #expect(page.status == .ok, "\(role) could not sign in")
                for row in Self.table {
                    let expected = [row.admin, row.manager, row.clerk, row.agent, row.auditor][index]
                    let status = try await Self.visit(row.route, browser, page, own: own.folio, theirs: theirs.folio, suspect: suspect)
                    switch expected {
                    case .allowed:
                        #expect(
                            status == .ok || status == .seeOther || status == .notFound && row.route == "suspend",
                            "\(role) \(row.route): \(status)"
                        )
                    case .forbidden: #expect(status == .forbidden, "\(role) \(row.route): \(status)")
                    case .invisible: #expect(status == .notFound, "\(role) \(row.route): \(status)")
                    }
                }
            }
            let untouched = try await app.agenda.search(theirs.folio, staff: StaffMember(id: "x", email: "", name: "", role: .admin, offices: []))
            #expect(untouched.first?.notes == "admin", "only the admin's note may reach the other office")
            #expect(
                try await AuditLog.entries(about: "appointment:\(theirs.folio)", in: app.database).map(\.actor).filter { $0.hasPrefix("staff:") }
                    .count == 1
            )
        }
    }

    /// Opens or submits one route as the signed-in member; returns the status.
    static func visit(
        _ route: String,
        _ browser: PageClient,
        _ page: PageClient.Page,
        own: String,
        theirs: String,
        suspect: String
    ) async throws -> HTTPResponse.Status {
        switch route {
        case "agenda-own": return try await browser.get("/es/staff/offices/TEST-OFFICE/agenda?date=2026-12-02").status
        case "agenda-other": return try await browser.get("/es/staff/offices/OTHER-OFFICE/agenda?date=2026-12-02").status
        case "note-own": return try await browser.submit(page, to: "/es/staff/appointments/\(own)/note", ["note": "ok"]).status
        case "note-other":
            let who = try await browser.get("/es/staff").html.contains("· Administración") ? "admin" : "intruder"
            return try await browser.submit(page, to: "/es/staff/appointments/\(theirs)/note", ["note": who]).status
        case "search": return try await browser.get("/es/staff/search?q=\(own)").status
        case "reports": return try await browser.get("/es/staff/reports?month=2026-12").status
        case "reports-csv": return try await browser.get("/es/staff/reports.csv?month=2026-12").status
        case "review": return try await browser.get("/es/staff/review").status
        case "suspend": return try await browser.submit(page, to: "/es/staff/review/nobody/suspend", ["reason": "test"]).status
        case "dismiss": return try await browser.submit(page, to: "/es/staff/review/\(suspect)/dismiss", [:]).status
        case "history": return try await browser.get("/es/staff/accounts/\(suspect)").status
        case "phone": return try await browser.get("/es/staff/phone").status
        case "settings-own": return try await browser.get("/es/staff/offices/TEST-OFFICE/settings").status
        case "settings-other": return try await browser.get("/es/staff/offices/OTHER-OFFICE/settings").status
        case "release-other":
            return try await browser.submit(page, to: "/es/staff/offices/OTHER-OFFICE/settings/release", ["time": "10:00", "daysAhead": "30"]).status
        default: return try await browser.get("/es/staff/payments/import").status
        }
    }

    @Test("Without a staff session every staff page sends to the staff log-in; a citizen's session does not count")
    func anonymous() async throws {
        try await withServer(.sqlite) { fixture in
            let browser = try await WebPagesTests.signedIn(fixture, 1)
            for path in ["/es/staff", "/es/staff/offices/TEST-OFFICE/agenda", "/es/staff/reports", "/es/staff/review", "/en/staff/search"] {
                let page = try await browser.get(path)
                #expect(page.status == .seeOther && page.location?.hasSuffix("/staff/login") == true, "\(path)")
            }
        }
    }
}
