import CitasDomain
import CitasPersistence
import CitasTestSupport
import Foundation
import SQLKit
import Testing

@Suite("Booking policy")
struct FairnessRulesTests {
    /// Every slot counts exactly its live appointments as booked, and never opens more seats than it has free.
    static func capacityHolds(_ database: any AppDatabase) async throws -> Bool {
        try await database.read { sql in
            let drifted = try await sql.raw(
                """
                SELECT COUNT(*) AS n FROM slots s
                WHERE s.booked <> (SELECT COUNT(*) FROM appointments a WHERE a.office_code = s.office_code AND a.local_date = s.local_date
                        AND a.local_time = s.local_time AND a.status IN ('booked', 'checked_in'))
                    OR s.booked + s.direct > s.capacity
                """
            ).first()!
            return try drifted.decode(column: "n", as: Int.self) == 0
        }
    }

    @Test("A freed seat nobody waits for opens at the office's next batch, not at once", arguments: TestDatabase.engines)
    func freedSeatOpensAtBatch(engine: DatabaseEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let fixture = try await Fixture.make(database, counters: 1)
            let first = try await fixture.appointments.book(fixture.request(TestData.curp(1), day: 10))
            _ = try await fixture.appointments.cancel(folio: try Folio(validating: first.folio), curp: TestData.curp(1), actor: "test")
            #expect(try await Self.capacityHolds(database))
            #expect(await Fixture.code { try await fixture.appointments.book(fixture.request(TestData.curp(2), day: 10)) } == .seatHeldForLottery)
            fixture.clock.advance(by: 21 * 60)
            let ran = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<8 { group.addTask { try await fixture.allocations.runDue() } }
                return try await group.reduce(0, +)
            }
            #expect(ran == 1)
            _ = try await fixture.appointments.book(fixture.request(TestData.curp(2), day: 10))
            #expect(try await Self.capacityHolds(database))
        }
    }

    @Test(
        "Moves close 24 hours before, cancelling only when it starts; at most two reschedules; one audit row per change",
        arguments: TestDatabase.engines
    )
    func changeRules(engine: DatabaseEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let fixture = try await Fixture.make(database, counters: 2)
            let curp = TestData.curp(3)
            let booked = try await fixture.appointments.book(fixture.request(curp, day: 3))
            let folio = try Folio(validating: booked.folio)
            let moved = try await fixture.appointments.reschedule(folio: folio, to: fixture.request(curp, day: 4), actor: "test")
            #expect(moved.date == LocalDate(year: 2026, month: 12, day: 4) && moved.reschedules == 1)
            let last = try await fixture.appointments.reschedule(folio: folio, to: fixture.request(curp, day: 7), actor: "test")
            #expect(
                await Fixture.code { try await fixture.appointments.reschedule(folio: folio, to: fixture.request(curp, day: 8), actor: "test") }
                    == .rescheduleLimit
            )
            #expect(try await Self.capacityHolds(database))
            let audit = try await AuditLog.entries(about: "appointment:\(folio)", in: database).map(\.action)
            #expect(audit == ["appointment.book", "appointment.reschedule", "appointment.reschedule"])
            let neighbour = try await fixture.appointments.book(fixture.request(TestData.curp(5), day: 7))
            fixture.clock.set(last.startsAt.addingTimeInterval(-23 * 3600))
            #expect(
                await Fixture.code { try await fixture.appointments.reschedule(folio: folio, to: fixture.request(curp, day: 8), actor: "test") }
                    == .changeTooLate
            )
            // A person who cannot come can still say so, up to the start, instead of becoming a no-show.
            #expect(try await fixture.appointments.cancel(folio: folio, curp: curp, actor: "test").status == .cancelled)
            fixture.clock.set(neighbour.startsAt.addingTimeInterval(60))
            let started = try Folio(validating: neighbour.folio)
            #expect(
                await Fixture.code { try await fixture.appointments.cancel(folio: started, curp: TestData.curp(5), actor: "test") }
                    == .appointmentNotCancellable
            )
            #expect(try await Self.capacityHolds(database))
        }
    }

    @Test("A no-show blocks booking for 30 days", arguments: TestDatabase.engines)
    func noShowPenalty(engine: DatabaseEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let fixture = try await Fixture.make(database, counters: 2)
            let curp = TestData.curp(4)
            let missed = try await fixture.appointments.book(fixture.request(curp, day: 2))
            try await database.write { sql in
                try await sql.raw("UPDATE appointments SET status = 'no_show' WHERE folio = \(bind: missed.folio)").run()
            }
            #expect(await Fixture.code { try await fixture.appointments.book(fixture.request(curp, day: 9)) } == .noShowPenalty)
            #expect(try await liveCount(database) == 0)
        }
    }

    @Test("At most four appointments per CURP in a rolling year, cancelled ones included", arguments: TestDatabase.engines)
    func yearlyLimit(engine: DatabaseEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let fixture = try await Fixture.make(database, counters: 2)
            let curp = TestData.curp(5)
            for day in [2, 3, 4, 7] {
                let booked = try await fixture.appointments.book(fixture.request(curp, day: day))
                _ = try await fixture.appointments.cancel(folio: try Folio(validating: booked.folio), curp: curp, actor: "test")
            }
            #expect(await Fixture.code { try await fixture.appointments.book(fixture.request(curp, day: 8)) } == .yearlyLimit)
            #expect(try await Self.capacityHolds(database))
        }
    }
}
