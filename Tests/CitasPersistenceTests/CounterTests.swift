import CitasDomain
import CitasPersistence
import CitasTestSupport
import Foundation
import SQLKit
import Testing

/// The counter: turn numbers at check-in, calls for the waiting-room screen, the day's counts, and a search that
/// finds people the way clerks type — on both engines, with clerks working at once.
@Suite("The counter")
struct CounterTests {
    static let dec2 = LocalDate(year: 2026, month: 12, day: 2)

    /// Ten people booked on Dec 2 at TEST-OFFICE (two seats per slot from 09:00), the clock at 08:50 office time.
    static func morning(_ database: any AppDatabase) async throws -> (Fixture, StaffMember, [Appointment]) {
        let (fixture, clerk) = try await BackOfficeTests.setUp(database)
        var booked: [Appointment] = []
        for n in 0..<10 {
            _ = try await SeededAccounts.register(n, email: SeededAccounts.distinctEmail(n), database: database)
            let time = ["09:00", "09:30", "10:00", "11:00", "11:30"][n / 2]
            booked.append(try await fixture.appointments.book(fixture.request(TestData.curp(n), day: 2, time: time)))
        }
        BackOfficeTests.at(fixture, "2026-12-02T14:50:00Z")
        return (fixture, clerk, booked)
    }

    @Test("Clerks checking ten people in at once hand out turns 1 to 10, each once; a refused check-in uses none", arguments: TestDatabase.engines)
    func turns(engine: DatabaseEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let (fixture, clerk, booked) = try await Self.morning(database)
            let agenda = AgendaStore(database: database, clock: fixture.clock)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for appointment in booked { group.addTask { try await agenda.checkIn(folio: appointment.folio, document: "INE", staff: clerk) } }
                try await group.waitForAll()
            }
            #expect(await Fixture.code { try await agenda.checkIn(folio: booked[0].folio, document: "INE", staff: clerk) } == .appointmentWrongState)
            let rows = try await agenda.day(office: "TEST-OFFICE", date: Self.dec2, staff: clerk).rows
            #expect(rows.compactMap(\.turn).sorted() == Array(1...10))
            #expect(rows.allSatisfy { $0.status == .checkedIn && !$0.called })
            #expect(Turn.label(rows[0].turn ?? 0).hasPrefix("A-0") && Turn.label(7) == "A-007" && Turn.label(1234) == "A-1234")
            // The screen: nothing called yet, ten waiting; then two calls, the newest first.
            #expect(try await agenda.nowServing(office: "TEST-OFFICE", date: Self.dec2) == NowServing(called: [], waiting: 10))
            let first = try #require(rows.first { $0.turn == 1 })
            let second = try #require(rows.first { $0.turn == 2 })
            try await agenda.call(folio: first.folio, staff: clerk)
            fixture.clock.advance(by: 60)
            try await agenda.call(folio: second.folio, staff: clerk)
            #expect(try await agenda.nowServing(office: "TEST-OFFICE", date: Self.dec2) == NowServing(called: [2, 1], waiting: 8))
            try await agenda.attend(folio: first.folio, staff: clerk)
            #expect(await Fixture.code { try await agenda.call(folio: first.folio, staff: clerk) } == .appointmentWrongState)
            let counts = try await agenda.counts(office: "TEST-OFFICE", date: Self.dec2, staff: clerk)
            #expect(counts[.checkedIn] == 9 && counts[.attended] == 1)
            let waiting = try await agenda.day(office: "TEST-OFFICE", date: Self.dec2, staff: clerk, status: .attended).rows
            #expect(waiting.map(\.folio) == [first.folio])
        }
    }

    @Test("The search box finds by folio start, any part of a CURP in lower case, and names without accents", arguments: TestDatabase.engines)
    func search(engine: DatabaseEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let (fixture, clerk, booked) = try await Self.morning(database)
            let agenda = AgendaStore(database: database, clock: fixture.clock)
            func find(_ text: String) async throws -> [String] {
                try await agenda.find(text, office: "TEST-OFFICE", date: Self.dec2, staff: clerk).map(\.folio)
            }
            #expect(try await find(String(booked[3].folio.prefix(5)).lowercased()) == [booked[3].folio])
            #expect(try await find(String(TestData.curp(4).value.dropFirst(2).prefix(8)).lowercased()).contains(booked[4].folio))
            let person = TestData.identity(5)
            let plain = AgendaQuery.fold(person.givenNames + " " + person.paternalSurname)
            #expect(try await find(plain).contains(booked[5].folio))
            #expect(try await find("").count == 10)
            #expect(try await find("zzzz qqqq").isEmpty)
            #expect(await Fixture.code { try await agenda.find("x", office: "OTHER-OFFICE", date: Self.dec2, staff: clerk) } == .staffForbidden)
        }
    }

    @Test("No-show from the counter only once the time has passed", arguments: TestDatabase.engines)
    func noShow(engine: DatabaseEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let (fixture, clerk, booked) = try await Self.morning(database)
            let agenda = AgendaStore(database: database, clock: fixture.clock)
            #expect(await Fixture.code { try await agenda.markNoShow(folio: booked[0].folio, staff: clerk) } == .appointmentWrongState)
            BackOfficeTests.at(fixture, "2026-12-02T15:20:00Z")
            try await agenda.markNoShow(folio: booked[0].folio, staff: clerk)
            #expect(try await agenda.counts(office: "TEST-OFFICE", date: Self.dec2, staff: clerk)[.noShow] == 1)
        }
    }
}
