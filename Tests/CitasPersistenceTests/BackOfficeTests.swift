import CitasDomain
import CitasPersistence
import CitasTestSupport
import Foundation
import SQLKit
import Testing

@Suite("Back office: agenda, no-shows, payments, reports")
struct BackOfficeTests {
    /// TEST-OFFICE and OTHER-OFFICE with slots in December, and a clerk of TEST-OFFICE.
    static func setUp(_ database: any AppDatabase) async throws -> (Fixture, StaffMember) {
        let fixture = try await Fixture.make(database)
        let other = TestData.office(code: "OTHER-OFFICE")
        try await OfficeStore(database: database).seed([other])
        try await fixture.slots.generate(for: other, from: LocalDate(year: 2026, month: 12, day: 1), days: 14)
        try await Releases.open(office: other.code, database: database, clock: fixture.clock)
        let store = StaffStore(database: database, seal: TestData.totpSeal)
        let id = try await store.create(
            email: "clerk@sre.example",
            name: "Clerk",
            role: .clerk,
            offices: ["TEST-OFFICE"],
            passwordHash: "-",
            actor: "test",
            now: 0
        )
        return (fixture, try #require(try await store.member(id: id)))
    }

    static func at(_ fixture: Fixture, _ utc: String) {
        fixture.clock.set(ISO8601DateFormatter().date(from: utc)!)
    }

    @Test("A clerk works only on their office's appointments: check in, then attended, one audit row each", arguments: TestDatabase.engines)
    func clerkScope(engine: DatabaseEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let (fixture, clerk) = try await Self.setUp(database)
            let mine = try await fixture.appointments.book(fixture.request(TestData.curp(1), day: 2))
            var theirs = fixture.request(TestData.curp(2), day: 2)
            theirs = BookingRequest(curp: theirs.curp, officeCode: "OTHER-OFFICE", date: theirs.date, time: theirs.time, actor: "test")
            let other = try await fixture.appointments.book(theirs)
            let agenda = AgendaStore(database: database, clock: fixture.clock)
            Self.at(fixture, "2026-12-02T14:50:00Z")
            #expect(
                try await agenda.day(office: "TEST-OFFICE", date: LocalDate(year: 2026, month: 12, day: 2), staff: clerk).rows.map(\.folio)
                    == [mine.folio]
            )
            #expect(
                await Fixture.code { try await agenda.day(office: "OTHER-OFFICE", date: LocalDate(year: 2026, month: 12, day: 2), staff: clerk) }
                    == .staffForbidden
            )
            #expect(await Fixture.code { try await agenda.checkIn(folio: other.folio, document: "INE", staff: clerk) } == .appointmentNotFound)
            #expect(await Fixture.code { try await agenda.attend(folio: mine.folio, staff: clerk) } == .appointmentWrongState)
            try await agenda.checkIn(folio: mine.folio, document: "INE", staff: clerk)
            try await agenda.attend(folio: mine.folio, staff: clerk)
            #expect(try await agenda.search(TestData.curp(2).value, staff: clerk).isEmpty)
            let actions = try await AuditLog.entries(about: "appointment:\(mine.folio)", in: database).map(\.action)
            #expect(actions == ["appointment.book", "appointment.check_in", "appointment.attended"])
            #expect(try await AuditLog.entries(about: "appointment:\(other.folio)", in: database).count == 1)
        }
    }

    @Test("The agenda pages through a day in time order, each appointment once, cancelled ones in place", arguments: TestDatabase.engines)
    func agendaPages(engine: DatabaseEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let (fixture, clerk) = try await Self.setUp(database)
            var booked: [Appointment] = []
            for (n, time) in ["11:00", "09:00", "09:30", "09:00", "10:00", "09:30", "11:00"].enumerated() {
                booked.append(try await fixture.appointments.book(fixture.request(TestData.curp(n), day: 2, time: time)))
            }
            _ = try await fixture.appointments.cancel(folio: try Folio(validating: booked[2].folio), curp: TestData.curp(2), actor: "test")
            let agenda = AgendaStore(database: database, clock: fixture.clock)
            var seen: [AgendaRow] = []
            var cursor: AgendaCursor?
            repeat {
                let page = try await agenda.day(
                    office: "TEST-OFFICE",
                    date: LocalDate(year: 2026, month: 12, day: 2),
                    staff: clerk,
                    after: cursor,
                    limit: 3
                )
                #expect(page.rows.count <= 3)
                seen += page.rows
                cursor = page.next
            } while cursor != nil
            let expected = booked.sorted { ($0.time, $0.folio) < ($1.time, $1.folio) }.map(\.folio)
            #expect(seen.map(\.folio) == expected)
            #expect(seen.first { $0.folio == booked[2].folio }?.status == .cancelled)
        }
    }

    @Test("The end-of-day job marks each absentee once; running it again changes nothing", arguments: TestDatabase.engines)
    func noShows(engine: DatabaseEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let (fixture, _) = try await Self.setUp(database)
            let absent = try await fixture.appointments.book(fixture.request(TestData.curp(3), day: 2, time: "10:00"))
            let later = try await fixture.appointments.book(fixture.request(TestData.curp(4), day: 3))
            let agenda = AgendaStore(database: database, clock: fixture.clock)
            Self.at(fixture, "2026-12-03T06:00:00Z")
            let runs = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<4 { group.addTask { try await agenda.markNoShows() } }
                return try await group.reduce(0, +)
            }
            #expect(runs == 1)
            #expect(try await agenda.markNoShows() == 0)
            #expect(
                try await AuditLog.entries(about: "appointment:\(absent.folio)", in: database).map(\.action) == [
                    "appointment.book", "appointment.no_show",
                ]
            )
            #expect(try await fixture.appointments.find(folio: try Folio(validating: later.folio), curp: TestData.curp(4))?.status == .booked)
        }
    }

    @Test("A bank file with bad lines imports nothing and names each bad line; a payment is recorded once", arguments: TestDatabase.engines)
    func bankImport(engine: DatabaseEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let (fixture, _) = try await Self.setUp(database)
            let payments = PaymentStore(database: database, clock: fixture.clock)
            let first = try await payments.issue(
                curp: TestData.curp(1).value,
                validityYears: 6,
                discount: .none,
                feeYear: 2026,
                due: 244_000,
                credit: 0
            )
            let second = try await payments.issue(
                curp: TestData.curp(2).value,
                validityYears: 3,
                discount: .senior,
                feeYear: 2026,
                due: 90_000,
                credit: 0
            )
            var generator = SystemRandomNumberGenerator()
            let unknown = PaymentReference.make(using: &generator)
            let mistyped = String(first.reference.dropLast()) + (first.reference.last == "0" ? "1" : "0")
            let bad = """
                reference,amount,paid_on,bank
                \(first.reference),2440.00,2026-12-01,BBVA
                \(unknown),900.00,2026-12-01,Banorte
                \(second.reference),899.99,2026-12-01,Banorte
                \(mistyped),2440,2026-12-01,BBVA
                \(first.reference),dos mil,2026-12-01,BBVA
                \(first.reference),2440,31/02/2026,BBVA
                """
            do {
                _ = try await payments.importBankFile(bad, actor: "test")
                Issue.record("a file with bad lines was imported")
            } catch let refused as BankFileRefused {
                // Unreadable lines are reported first, all of them, each with its field; nothing is recorded.
                #expect(
                    refused.problems.map { "\($0.line) \($0.error.code.rawValue) \($0.error.detail ?? "")" } == [
                        "5 payment_reference_invalid reference", "6 amount_invalid amount", "7 invalid_date paid_on",
                    ]
                )
            }
            do {
                _ = try await payments.importBankFile(bad.split(separator: "\n").prefix(4).joined(separator: "\n"), actor: "test")
                Issue.record("a file with bad lines was imported")
            } catch let refused as BankFileRefused {
                #expect(refused.problems.map { "\($0.line) \($0.error.code.rawValue)" } == ["3 payment_not_found", "4 payment_amount_short"])
            }
            #expect(try await payments.find(first.reference)?.isPaid == false)
            // As people and banks write them: grouped references, "$" and thousands, day-first dates.
            let printed = first.reference.enumerated().map { $0.offset > 0 && $0.offset % 4 == 0 ? " \($0.element)" : "\($0.element)" }.joined()
            let good = "reference,amount,paid_on,bank\n\(printed),\"$2,440.00\",01/12/2026,BBVA\n\(second.reference),900,2026-12-02,Banorte\n"
            #expect(try await payments.importBankFile(good, actor: "test") == 2)
            #expect(try await payments.find(second.reference)?.paidCentavos == 90_000)
            let again = BankLine(reference: first.reference, centavos: 244_000, paidOn: LocalDate(year: 2026, month: 12, day: 3), bank: "BBVA")
            #expect(await Fixture.code { try await payments.record(again, office: "TEST-OFFICE", actor: "test") } == .paymentRecorded)
            #expect(try await payments.credit(curp: TestData.curp(1).value)?.reference == first.reference)
        }
    }

    @Test("Numbers past any real amount or capacity are refused and change nothing, never trap", arguments: TestDatabase.engines)
    func hugeNumbers(engine: DatabaseEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let (fixture, _) = try await Self.setUp(database)
            let payments = PaymentStore(database: database, clock: fixture.clock)
            let due = try await payments.issue(
                curp: TestData.curp(1).value,
                validityYears: 6,
                discount: .none,
                feeYear: 2026,
                due: 244_000,
                credit: 0
            )
            let file = """
                reference,amount,paid_on,bank
                \(due.reference),922337203685477581,2026-12-01,BBVA
                \(due.reference),92233720368547758.99,2026-12-01,BBVA
                """
            let before = try await writtenRows(database)
            let seats = try await Self.totalCapacity(database)
            do {
                _ = try await payments.importBankFile(file, actor: "test")
                Issue.record("absurd amounts were imported")
            } catch let refused as BankFileRefused {
                #expect(refused.problems.map(\.error.code) == [.amountInvalid, .amountInvalid])
            }
            let day = LocalDate(year: 2026, month: 12, day: 4)
            let slots = fixture.slots
            for capacity in [Int.max, 501, -1] {
                #expect(
                    await Fixture.code { try await slots.setCapacity(office: "TEST-OFFICE", date: day, capacity: capacity, actor: "t") }
                        == .capacityInvalid
                )
            }
            #expect(try await writtenRows(database) == before)
            #expect(try await Self.totalCapacity(database) == seats)
            #expect(try await payments.find(due.reference)?.isPaid == false)
        }
    }

    static func totalCapacity(_ database: any AppDatabase) async throws -> Int {
        try await database.read { sql in
            try await sql.raw("SELECT CAST(COALESCE(SUM(capacity), 0) AS BIGINT) AS n FROM slots").first()!.decode(column: "n", as: Int.self)
        }
    }

    @Test(
        "The monthly report counts what happened; summarized days add up to the same, and a late change to one counts at once",
        arguments: TestDatabase.engines
    )
    func reportTotals(engine: DatabaseEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let (fixture, clerk) = try await Self.setUp(database)
            let agenda = AgendaStore(database: database, clock: fixture.clock)
            let attended = try await fixture.appointments.book(fixture.request(TestData.curp(1), day: 2))
            _ = try await fixture.appointments.book(fixture.request(TestData.curp(2), day: 2, time: "10:00"))
            let cancelled = try await fixture.appointments.book(fixture.request(TestData.curp(3), day: 9))
            _ = try await fixture.appointments.cancel(folio: try Folio(validating: cancelled.folio), curp: TestData.curp(3), actor: "test")
            let payments = PaymentStore(database: database, clock: fixture.clock)
            let sheet = try await payments.issue(
                curp: TestData.curp(1).value,
                validityYears: 10,
                discount: .none,
                feeYear: 2026,
                due: 428_000,
                credit: 0
            )
            let paid = BankLine(reference: sheet.reference, centavos: 428_000, paidOn: LocalDate(year: 2026, month: 12, day: 1), bank: "BBVA")
            try await payments.record(paid, office: "TEST-OFFICE", actor: clerk.actor)
            Self.at(fixture, "2026-12-02T14:50:00Z")
            try await agenda.checkIn(folio: attended.folio, document: "INE", staff: clerk)
            try await agenda.attend(folio: attended.folio, staff: clerk)
            Self.at(fixture, "2026-12-03T06:00:00Z")
            try await agenda.markNoShows()
            let rows = try await ReportStore(database: database).monthly("2026-12")
            let mine = try #require(rows.first { $0.officeCode == "TEST-OFFICE" })
            #expect((mine.booked, mine.attended, mine.noShow, mine.cancelled, mine.feesCentavos) == (3, 1, 1, 1, 428_000))
            let offered = try await database.read { sql in
                try await sql.raw("SELECT SUM(capacity) AS n FROM slots WHERE local_date LIKE '2026-12-%'").first()!.decode(column: "n", as: Int.self)
            }
            #expect(rows.reduce(0) { $0 + $1.offered } == offered)
            let appointments = try await database.read { sql in
                try await sql.raw("SELECT COUNT(*) AS n FROM appointments").first()!.decode(column: "n", as: Int.self)
            }
            #expect(rows.reduce(0) { $0 + $1.booked } == appointments)
            #expect(try await ReportStore(database: database).monthly("2026-12", offices: ["OTHER-OFFICE"]).map(\.officeCode) == ["OTHER-OFFICE"])
            // Summarized, the month reads the same from the summaries.
            let reports = ReportStore(database: database)
            #expect(try await reports.summarize(through: LocalDate(year: 2026, month: 12, day: 31)) > 0)
            #expect(try await reports.summarize(through: LocalDate(year: 2026, month: 12, day: 31)) == 0)
            #expect(try await reports.monthly("2026-12") == rows)
            // A bank payment arriving late for a summarized day deletes that day's summary in its own transaction.
            let late = try await payments.issue(
                curp: TestData.curp(2).value,
                validityYears: 3,
                discount: .none,
                feeYear: 2026,
                due: 179_500,
                credit: 0
            )
            let latePaid = BankLine(reference: late.reference, centavos: 179_500, paidOn: LocalDate(year: 2026, month: 12, day: 1), bank: "BBVA")
            try await payments.record(latePaid, office: "TEST-OFFICE", actor: clerk.actor)
            let after = try #require(try await reports.monthly("2026-12").first { $0.officeCode == "TEST-OFFICE" })
            #expect(after.feesCentavos == 428_000 + 179_500)
            #expect(try await reports.summarize(through: LocalDate(year: 2026, month: 12, day: 31)) == 1)
            #expect(try await reports.monthly("2026-12").first { $0.officeCode == "TEST-OFFICE" } == after)
        }
    }
}

@Suite("Closing a day with bookings")
struct CloseDayTests {
    @Test(
        "Cancels and notifies its holders in one transaction, frees nothing on the closed day, and does not count against them",
        arguments: TestDatabase.engines
    )
    func closeWithBookings(engine: DatabaseEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let fixture = try await Fixture.make(database)
            for n in 1...2 { try await SeededAccounts.register(n, email: "holder\(n)@example.com", database: database) }
            // Person 1 has used three of four yearly bookings already; the office's cancellation must not use the fourth.
            for day in [7, 8] {
                let earlier = try await fixture.appointments.book(fixture.request(TestData.curp(1), day: day))
                _ = try await fixture.appointments.cancel(folio: try Folio(validating: earlier.folio), curp: TestData.curp(1), actor: "test")
            }
            let first = try await fixture.appointments.book(fixture.request(TestData.curp(1), day: 10))
            let second = try await fixture.appointments.book(fixture.request(TestData.curp(2), day: 10, time: "10:00"))
            // A caller booked by phone who has no account: nobody to mail, a number to call.
            var called = fixture.request(TestData.curp(7), day: 10, time: "11:30")
            called.caller = BookingRequest.Caller(name: "Rosa Pérez", phone: "55 1234 5678")
            let phoned = try await fixture.appointments.book(called)
            let freed = try await fixture.appointments.book(fixture.request(TestData.curp(3), day: 10, time: "11:00"))
            _ = try await fixture.appointments.cancel(folio: try Folio(validating: freed.folio), curp: TestData.curp(3), actor: "test")
            let day = LocalDate(year: 2026, month: 12, day: 10)
            #expect(
                await Fixture.code { try await fixture.slots.closeDay(office: "TEST-OFFICE", date: day, reason: "obra", actor: "test") }
                    == .dayHasBookings
            )
            let cancelled = try await fixture.slots.closeDay(office: "TEST-OFFICE", date: day, reason: "obra", actor: "staff:1") {
                recipient,
                _,
                folio in
                OutgoingMail(kind: "cancelled_by_office", recipient: recipient, subject: folio, body: "-")
            }
            #expect(cancelled.map(\.folio) == [first.folio, second.folio, phoned.folio])
            #expect(cancelled.map(\.mailed) == [true, true, false] && cancelled[2].callerPhone == "55 1234 5678")
            #expect(cancelled[2].callerName == "Rosa Pérez" && cancelled[2].time.description == "11:30")
            #expect(try await FairnessRulesTests.capacityHolds(database))
            #expect(try await fixture.slots.slots(office: "TEST-OFFICE", on: day).isEmpty)
            let mails = try await database.read { sql in
                try await sql.raw("SELECT recipient FROM outbox WHERE kind = 'cancelled_by_office' ORDER BY recipient").all()
                    .map { try $0.decode(column: "recipient", as: String.self) }
            }
            #expect(mails == ["holder1@example.com", "holder2@example.com"])
            #expect(
                try await AuditLog.entries(about: "appointment:\(first.folio)", in: database).map(\.action) == [
                    "appointment.book", "appointment.cancel_by_office",
                ]
            )
            _ = try await fixture.appointments.book(fixture.request(TestData.curp(1), day: 11))
        }
    }
}

@Suite("Refusal statistics")
struct RefusalCounterTests {
    @Test("Refusals are counted in memory and flushed once, adding up across flushes", arguments: TestDatabase.engines)
    func counts(engine: DatabaseEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let counter = RefusalCounter(database: database, clock: ManualClock(TestData.start))
            await withTaskGroup(of: Void.self) { group in
                for n in 0..<200 { group.addTask { counter.count(CitasError(n % 4 == 0 ? .powReplayed : .rateLimited)) } }
            }
            #expect(try await counter.flush() == 200)
            #expect(try await counter.flush() == 0)
            counter.count(CitasError(.rateLimited))
            #expect(try await counter.flush() == 1)
            let month = try await counter.monthly("2026-11")
            #expect(month.map(\.kind) == ["pow_replayed", "rate_limited"] && month.map(\.refusals) == [50, 151])
        }
    }
}

@Suite("Passport issuance in the database")
struct PassportIssuanceTests {
    @Test("Concurrent issuing: one passport per appointment and per payment, each office its own number prefix", arguments: TestDatabase.engines)
    func concurrent(engine: DatabaseEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let (fixture, _) = try await BackOfficeTests.setUp(database)
            let admin = StaffMember(id: "admin", email: "", name: "", role: .admin, offices: [])
            let payments = PaymentStore(database: database, clock: fixture.clock)
            var folios: [String] = []
            for (n, office) in [(1, "TEST-OFFICE"), (2, "OTHER-OFFICE")] {
                try await SeededAccounts.register(n, email: "p\(n)@example.com", database: database)
                let request = BookingRequest(
                    curp: TestData.curp(n),
                    officeCode: office,
                    date: LocalDate(year: 2026, month: 12, day: 2),
                    time: try LocalTime("09:00"),
                    actor: "t"
                )
                let booked = try await fixture.appointments.book(request)
                let sheet = try await payments.issue(
                    curp: TestData.curp(n).value,
                    validityYears: 10,
                    discount: .none,
                    feeYear: 2026,
                    due: 1,
                    credit: 0
                )
                try await payments.record(
                    BankLine(reference: sheet.reference, centavos: 1, paidOn: LocalDate(year: 2026, month: 12, day: 1), bank: "B"),
                    office: nil,
                    actor: "t"
                )
                folios.append(booked.folio)
            }
            BackOfficeTests.at(fixture, "2026-12-02T14:50:00Z")
            let agenda = AgendaStore(database: database, clock: fixture.clock)
            for folio in folios {
                try await agenda.checkIn(folio: folio, document: "INE", staff: admin)
                try await agenda.attend(folio: folio, staff: admin)
            }
            let store = PassportStore(database: database, clock: fixture.clock)
            let both = folios
            let outcomes = await withTaskGroup(of: String?.self) { group in
                for index in 0..<8 {
                    group.addTask {
                        do {
                            return try await store.issue(folio: both[index % 2], staff: admin) { request in
                                BuiltPassport(mrz: request.documentNumber, chip: "{}", expiryDate: LocalDate(year: 2036, month: 12, day: 2))
                            }.documentNumber
                        } catch {
                            // Losing the race for the same appointment (or its payment) is the only acceptable refusal.
                            #expect(
                                [ErrorCode.appointmentWrongState, .paymentNotFound].contains((error as? CitasError)?.code),
                                "\(String(reflecting: error))"
                            )
                            return nil
                        }
                    }
                }
                return await group.reduce(into: [String]()) { if let number = $1 { $0.append(number) } }
            }
            #expect(outcomes.count == 2)
            #expect(Set(outcomes.map { $0.prefix(2) }).count == 2)
            #expect(outcomes.allSatisfy { $0.count == 9 && $0.hasSuffix("0000001") })
        }
    }
}
