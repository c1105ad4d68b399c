import CitasDomain
import CitasPersistence
import CitasTestSupport
import Foundation
import SQLKit
import Testing

@Suite("Booking policy and late re-release")
struct FairnessRulesTests {
    /// Capacity = live appointments + free seats + seats waiting for release, for every slot together.
    static func capacityHolds(_ database: any AppDatabase) async throws -> Bool {
        try await database.read { sql in
            let totals = try await sql.raw("SELECT SUM(capacity) AS capacity, SUM(booked) AS booked FROM slots").first()!
            let live = try await sql.raw("SELECT COUNT(*) AS n FROM appointments WHERE status IN ('booked', 'checked_in')").first()!
            let waiting = try await sql.raw("SELECT COUNT(*) AS n FROM seat_releases WHERE released_at IS NULL").first()!
            let capacity = try totals.decode(column: "capacity", as: Int.self)
            let booked = try totals.decode(column: "booked", as: Int.self)
            return booked == (try live.decode(column: "n", as: Int.self)) + (try waiting.decode(column: "n", as: Int.self)) && booked <= capacity
        }
    }

    @Test("A freed seat is not bookable before its random release instant, then exactly once", arguments: TestDatabase.engines)
    func lateRelease(engine: DatabaseEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let fixture = try await Fixture.make(database, counters: 1)
            let releases = SeatReleases(database: database)
            let first = try await fixture.appointments.book(fixture.request(TestData.curp(1), day: 10))
            _ = try await fixture.appointments.cancel(folio: try Folio(validating: first.folio), curp: TestData.curp(1), actor: "test")
            #expect(try await Self.capacityHolds(database))
            fixture.clock.advance(by: 3600)
            #expect(try await releases.releaseDue(now: Int(fixture.clock.now().timeIntervalSince1970)) == 0)
            #expect(await Fixture.code { try await fixture.appointments.book(fixture.request(TestData.curp(2), day: 10)) } == .slotFull)
            fixture.clock.advance(by: 48 * 3600)
            let now = Int(fixture.clock.now().timeIntervalSince1970)
            let released = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<8 { group.addTask { try await releases.releaseDue(now: now) } }
                return try await group.reduce(0, +)
            }
            #expect(released == 1)
            #expect(try await Self.capacityHolds(database))
            _ = try await fixture.appointments.book(fixture.request(TestData.curp(2), day: 10))
            #expect(try await Self.capacityHolds(database))
        }
    }

    @Test("Changes close 24 hours before; at most two reschedules; one audit row per change", arguments: TestDatabase.engines)
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
            fixture.clock.set(last.startsAt.addingTimeInterval(-23 * 3600))
            #expect(await Fixture.code { try await fixture.appointments.cancel(folio: folio, curp: curp, actor: "test") } == .changeTooLate)
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
