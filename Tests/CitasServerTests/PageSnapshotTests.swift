import CitasDomain
import CitasPersistence
import CitasTestSupport
import Foundation
import Testing

@testable import CitasServer

/// Every page in both languages against its stored HTML (`Snapshots/<name>.html`). Tokens, salts and folios are
/// replaced by placeholders first. `CITAS_RECORD_SNAPSHOTS=1 swift test --filter PageSnapshotTests` rewrites them
/// after an intended change; review the diff before committing.
@Suite("Page snapshots")
struct PageSnapshotTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")

    static func normalised(_ html: String, folio: String?) throws -> String {
        var text = html
        for (pattern, placeholder) in [
            (#"name="csrf" value="[^"]*""#, #"name="csrf" value="CSRF""#), (#"data-pow-salt="[^"]*""#, #"data-pow-salt="SALT""#),
            (#"name="pow" value="[^"]*""#, #"name="pow" value="POW""#),
            (#"<span class="folio">\d{4} \d{4} \d{4} \d{4}</span>"#, #"<span class="folio">REFERENCE</span>"#),
            // The comprobante's QR code: signed with keys made for each test run.
            (#"<path d="M[^"]*""#, #"<path d="QR""#),
        ] {
            text = text.replacing(try Regex(pattern), with: placeholder)
        }
        if let folio { text = text.replacingOccurrences(of: folio, with: "FOLIO") }
        return text
    }

    static func check(_ name: String, _ html: String, folio: String? = nil) throws {
        let text = try normalised(html, folio: folio)
        let file = directory.appendingPathComponent("\(name).html")
        if ProcessInfo.processInfo.environment["CITAS_RECORD_SNAPSHOTS"] == "1" {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try text.write(to: file, atomically: true, encoding: .utf8)
            return
        }
        let stored = try? String(contentsOf: file, encoding: .utf8)
        #expect(stored != nil, "no snapshot \(name).html: record with CITAS_RECORD_SNAPSHOTS=1")
        #expect(stored == nil || stored == text, "\(name).html differs from the page")
    }

    @Test("Public pages, in Spanish and English")
    func publicPages() async throws {
        try await withServer(.sqlite) { fixture in
            let browser = PageClient(fixture.client)
            for language in ["es", "en"] {
                for (name, path) in [
                    ("home", ""), ("register", "/register"), ("register-sent", "/register/sent"), ("login", "/login"),
                    ("verify", "/verify?token=abc"), ("forgot", "/password/forgot"), ("reset", "/password/reset?token=abc"),
                    ("offices", "/offices"), ("offices-search", "/offices?q=prueba"), ("office", "/offices/TEST-OFFICE"),
                    ("office-day", "/offices/TEST-OFFICE/2026-12-02"), ("not-found", "/offices/NOPE"), ("privacy", "/privacy"),
                    ("help", "/help"), ("accessibility", "/accessibility"), ("report", "/report"),
                ] {
                    let page = try await browser.get("/\(language)\(path)")
                    try Self.check("\(name).\(language)", page.html)
                }
                let renderer = try WebRenderer()
                let limited = ErrorPages(renderer: renderer).render(
                    CitasError(.rateLimited, retryAfter: 42),
                    language: Language(rawValue: language)!,
                    path: "/\(language)"
                )
                try Self.check("too-many.\(language)", limited)
                let failed = ErrorPages(renderer: renderer).render(
                    CitasError(.internalError),
                    language: Language(rawValue: language)!,
                    path: "/\(language)"
                )
                try Self.check("server-error.\(language)", failed)
            }
        }
    }

    @Test("Signed-in pages and a wrong registration, in Spanish and English")
    func signedInPages() async throws {
        try await withServer(.sqlite) { fixture in
            for (n, language) in [(1, "es"), (2, "en")] {
                let wrong = PageClient(fixture.client)
                let form = try await registrationForm(wrong, curp: "GOMA500101MDFMZN05", language: language)
                let refused = try await wrong.submit(form, to: "/\(language)/register", ["email": "x", "curp": "ABC", "givenNames": "Ana"])
                try Self.check("register-errors.\(language)", refused.html)
                let browser = try await WebPagesTests.signedIn(fixture, n, language: language)
                try Self.check("account.\(language)", try await browser.get("/\(language)/account").html)
                try Self.check("appointment-none.\(language)", try await browser.get("/\(language)/appointment").html)
                try Self.check("family.\(language)", try await browser.get("/\(language)/family").html)
                let account = try await browser.get("/\(language)/account")
                _ = try await browser.submit(account, to: "/\(language)/account/procedure", ["procedure": "renewal", "validity": "10"])
                try Self.check("account-procedure.\(language)", try await browser.get("/\(language)/account").html)
                let payment = try await browser.get("/\(language)/account/payment")
                try Self.check("payment-empty.\(language)", payment.html)
                _ = try await browser.submit(payment, to: "/\(language)/account/payment", ["discount": "none"])
                try Self.check("payment.\(language)", try await browser.get("/\(language)/account/payment").html)
                let day = try await browser.get("/\(language)/offices/TEST-OFFICE/2026-12-03")
                try Self.check("office-day-signed-in.\(language)", day.html)
                _ = try await browser.submit(day, to: "/\(language)/offices/TEST-OFFICE/book", ["date": "2026-12-03", "time": "09:30"])
                let folio = try await fixture.app.appointments.current(curp: TestData.curp(n))?.folio
                #expect(folio != nil)
                try Self.check("appointment.\(language)", try await browser.get("/\(language)/appointment?done=booked").html, folio: folio)
                try Self.check("cancel.\(language)", try await browser.get("/\(language)/appointment/cancel").html, folio: folio)
            }
        }
    }

    @Test("Staff pages, in Spanish and English")
    func staffPages() async throws {
        try await withServer(.sqlite) { fixture in
            let app = fixture.app
            let booked = try await app.appointments.book(
                BookingRequest(
                    curp: TestData.curp(1),
                    officeCode: "TEST-OFFICE",
                    date: LocalDate(year: 2026, month: 12, day: 2),
                    time: try LocalTime("09:00"),
                    actor: "test"
                )
            )
            let hash = try await PasswordHasher(cost: 4).hash("Oficina#2026")
            try await app.staff.create(
                email: "admin@sre.example",
                name: "Admin",
                role: .admin,
                offices: [],
                passwordHash: hash,
                actor: "test",
                now: 0
            )
            for language in ["es", "en"] {
                let browser = PageClient(fixture.client)
                try Self.check("staff-login.\(language)", try await browser.get("/\(language)/staff/login").html)
                try await browser.staffSignIn("admin@sre.example", fixture, language: language)
                for (name, path) in [
                    ("staff-desk", "/staff"), ("staff-agenda", "/staff/offices/TEST-OFFICE/agenda?date=2026-12-02"),
                    ("staff-search", "/staff/search?q=\(booked.folio)"), ("staff-reports", "/staff/reports?month=2026-12"),
                    ("staff-review", "/staff/review"), ("staff-import", "/staff/payments/import"),
                    ("staff-settings", "/staff/offices/TEST-OFFICE/settings"), ("staff-phone", "/staff/phone"), ("staff-verify", "/staff/verify"),
                ] {
                    try Self.check("\(name).\(language)", try await browser.get("/\(language)\(path)").html, folio: booked.folio)
                }
            }
        }
    }

    @Test("Spanish citizen pages carry no English words and no raw codes")
    func noEnglishOnSpanishPages() throws {
        let english: Set<String> = [
            "the", "and", "your", "you", "with", "for", "of", "to", "is", "are", "free", "seats", "appointment", "office", "amount", "none",
            "booked", "cancelled", "attended", "draw", "slot", "status", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun", "null", "nil",
        ]
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.directory.path)
            .filter { $0.hasSuffix(".es.html") && !$0.hasPrefix("staff-") }
        #expect(files.count > 20)
        for file in files {
            var text = try String(contentsOf: Self.directory.appendingPathComponent(file), encoding: .utf8)
            text = text.replacing(try Regex(#"(?s)<head>.*?</head>|<[^>]+>"#), with: " ")
            let words = Set(text.split { !$0.isLetter }.map(String.init))
            #expect(words.isDisjoint(with: english), "\(file): \(words.intersection(english).sorted())")
            // A code in brackets, "(1)" or "(field_missing)", is a program's word, not a person's ("(amount)" is English above).
            #expect(text.firstMatch(of: try Regex(#"\(\d+\)|\([a-z]+_[a-z_]+\)"#)) == nil, "\(file)")
        }
    }
}
