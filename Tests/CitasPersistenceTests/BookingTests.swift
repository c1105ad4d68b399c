import CitasDomain
import CitasPersistence
import CitasTestSupport
import Foundation
import SQLKit
import Testing

@Suite("Booking primitives")
struct BookingTests {
    @Test("200 concurrent bookings of a 5-seat slot: exactly 5 succeed", arguments: TestDatabase.engines)
    func noOverbooking(engine: DatabaseEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let fixture = try await Fixture.make(database, counters: 5)
            let outcomes = await withTaskGroup(of: ErrorCode?.self) { group in
                for n in 0..<200 {
                    group.addTask { await Fixture.code { try await fixture.appointments.book(fixture.request(TestData.curp(n))) } }
                }
                return await group.reduce(into: [ErrorCode?]()) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 == nil }.count == 5)
            #expect(outcomes.filter { $0 == .slotFull }.count == 195)
            let slot = try #require(try await fixture.slots.slots(office: fixture.office.code, on: .init(year: 2026, month: 12, day: 2)).first)
            #expect(slot.booked == 5 && slot.capacity == 5)
            #expect(try await liveCount(database) == 5)
        }
    }

    @Test("50 concurrent bookings with one CURP: exactly 1 succeeds", arguments: TestDatabase.engines)
    func oneLivePerCurp(engine: DatabaseEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let fixture = try await Fixture.make(database, counters: 3)
            let times = ["09:00", "09:30", "10:00", "11:00", "11:30"]
            let outcomes = await withTaskGroup(of: ErrorCode?.self) { group in
                for n in 0..<50 {
                    let request = fixture.request(TestData.curp(7), day: 2 + n / 5 % 3, time: times[n % 5])
                    group.addTask { await Fixture.code { try await fixture.appointments.book(request) } }
                }
                return await group.reduce(into: [ErrorCode?]()) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 == nil }.count == 1)
            #expect(outcomes.filter { $0 == .curpHasLiveAppointment }.count == 49)
            #expect(try await liveCount(database) == 1)
            #expect(try await bookedSeats(database) == 1)
        }
    }

    @Test(
        "Cancel keeps the seat out of reach until its release; rebooking elsewhere works; a second cancel is an error",
        arguments: TestDatabase.engines
    )
    func cancelAndRebook(engine: DatabaseEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let fixture = try await Fixture.make(database, counters: 1)
            let curp = TestData.curp(1)
            let first = try await fixture.appointments.book(fixture.request(curp))
            #expect(await Fixture.code { try await fixture.appointments.book(fixture.request(TestData.curp(2))) } == .slotFull)
            let folio = try Folio(validating: first.folio)
            let cancelled = try await fixture.appointments.cancel(folio: folio, curp: curp, actor: "test")
            #expect(cancelled.status == .cancelled)
            #expect(await Fixture.code { try await fixture.appointments.book(fixture.request(TestData.curp(2))) } == .seatHeldForLottery)
            #expect(
                await Fixture.code { try await fixture.appointments.cancel(folio: folio, curp: curp, actor: "test") } == .appointmentNotCancellable
            )
            #expect(
                await Fixture.code { try await fixture.appointments.cancel(folio: folio, curp: TestData.curp(2), actor: "test") }
                    == .appointmentNotFound
            )
            let again = try await fixture.appointments.book(fixture.request(curp, time: "09:30"))
            #expect(again.folio != first.folio)
            #expect(try await bookedSeats(database) == 1)
            #expect(try await FairnessRulesTests.capacityHolds(database))
            let audit = try await AuditLog.entries(about: "appointment:\(first.folio)", in: database)
            #expect(audit.map(\.action) == ["appointment.book", "appointment.cancel"])
        }
    }

    @Test("Slots that do not exist, are full or have started are refused with their own code", arguments: TestDatabase.engines)
    func refusals(engine: DatabaseEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let fixture = try await Fixture.make(database)
            let appointments = fixture.appointments
            #expect(await Fixture.code { try await appointments.book(fixture.request(TestData.curp(1), time: "10:30")) } == .slotNotFound)
            #expect(await Fixture.code { try await appointments.book(fixture.request(TestData.curp(1), day: 5)) } == .slotNotFound)
            fixture.clock.set(TestData.start.addingTimeInterval(3 * 86_400))
            #expect(await Fixture.code { try await appointments.book(fixture.request(TestData.curp(1))) } == .slotInPast)
            let ghost = BookingRequest(
                curp: TestData.curp(1),
                officeCode: "NOPE",
                date: .init(year: 2026, month: 12, day: 9),
                time: try LocalTime("09:00"),
                actor: "test"
            )
            #expect(await Fixture.code { try await appointments.book(ghost) } == .officeNotFound)
            #expect(try await liveCount(database) == 0)
        }
    }

    @Test("The audit log refuses updates and deletes", arguments: TestDatabase.engines)
    func auditIsAppendOnly(engine: DatabaseEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let fixture = try await Fixture.make(database)
            _ = try await fixture.appointments.book(fixture.request(TestData.curp(3)))
            await #expect(throws: (any Error).self) {
                try await database.write { sql in try await sql.raw("UPDATE audit_log SET actor = 'someone else'").run() }
            }
            await #expect(throws: (any Error).self) {
                try await database.write { sql in try await sql.raw("DELETE FROM audit_log").run() }
            }
        }
    }
}

func liveCount(_ database: any AppDatabase) async throws -> Int {
    try await database.read { sql in
        try await sql.raw("SELECT COUNT(*) AS n FROM appointments WHERE status IN ('booked', 'checked_in')").first()!.decode(
            column: "n",
            as: Int.self
        )
    }
}

func bookedSeats(_ database: any AppDatabase) async throws -> Int {
    try await database.read { sql in
        try await sql.raw("SELECT COALESCE(SUM(booked), 0) AS n FROM slots").first()!.decode(column: "n", as: Int.self)
    }
}
