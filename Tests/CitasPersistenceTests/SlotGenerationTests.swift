import CitasDomain
import CitasPersistence
import CitasTestSupport
import Foundation
import SQLKit
import Testing

@Suite("Slot generation")
struct SlotGenerationTests {
    @Test("Idempotent; breaks respected; weekends empty", arguments: TestDatabase.engines)
    func idempotentWithBreaks(engine: DatabaseEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let office = TestData.office()
            try await OfficeStore(database: database).seed([office])
            let store = SlotStore(database: database, clock: ManualClock(TestData.start))
            let first = try await store.generate(for: office, from: LocalDate(year: 2026, month: 12, day: 1), days: 7)
            #expect(first == 5 * 5)
            #expect(try await store.generate(for: office, from: LocalDate(year: 2026, month: 12, day: 1), days: 7) == 0)
            #expect(try await store.slots(office: office.code, on: .init(year: 2026, month: 12, day: 2)).isEmpty)  // behind its launch draw
            try await Releases.open(office: office.code, database: database, clock: ManualClock(TestData.start))
            let times = try await store.slots(office: office.code, on: .init(year: 2026, month: 12, day: 2)).map(\.time.description)
            #expect(times == ["09:00", "09:30", "10:00", "11:00", "11:30"])
            #expect(try await store.slots(office: office.code, on: .init(year: 2026, month: 12, day: 5)).isEmpty)
        }
    }

    @Test("A horizon ending on a weekend or holiday goes on through the next open day, so a release draw waits", arguments: TestDatabase.engines)
    func horizonReachesAnOpenDay(engine: DatabaseEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let office = TestData.office()
            try await OfficeStore(database: database).seed([office])
            try await CalendarStore(database: database).seed(try OfficeCatalogue.holidays())
            let store = SlotStore(database: database, clock: ManualClock(TestData.start))
            // 2026-12-01 + 4 days ends on Saturday the 5th; 2026-12-21 + 5 ends on Friday the 25th (Christmas), then a
            // weekend: the next open days are Monday the 7th and Monday the 28th.
            for (from, days, next) in [(1, 5, 7), (21, 5, 28)] {
                try await store.generateHorizon(for: office, from: LocalDate(year: 2026, month: 12, day: from), days: days)
                let pending = try await database.read { sql in
                    try await sql.raw(
                        "SELECT MAX(local_date) AS last FROM allocations WHERE office_code = \(bind: office.code) AND kind = 'release'"
                    ).first()!.decode(column: "last", as: String.self)
                }
                #expect(pending == LocalDate(year: 2026, month: 12, day: next).description)
            }
            // Generating the same horizon again adds nothing.
            #expect(try await store.generateHorizon(for: office, from: LocalDate(year: 2026, month: 12, day: 1), days: 5) == 0)
        }
    }

    @Test("National holidays close offices in Mexico, not consulates", arguments: TestDatabase.engines)
    func holidays(engine: DatabaseEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let mexico = TestData.office(code: "MX-TEST")
            let consulate = TestData.office(code: "US-TEST", zone: "America/Chicago", country: "US")
            try await OfficeStore(database: database).seed([mexico, consulate])
            try await CalendarStore(database: database).seed(try OfficeCatalogue.holidays())
            let store = SlotStore(database: database, clock: ManualClock(TestData.start))
            let christmas = LocalDate(year: 2026, month: 12, day: 25)
            for office in [mexico, consulate] {
                try await store.generate(for: office, from: christmas, days: 1)
                try await Releases.open(office: office.code, database: database, clock: ManualClock(TestData.start))
            }
            #expect(try await store.slots(office: "MX-TEST", on: christmas).isEmpty)
            #expect(try await store.slots(office: "US-TEST", on: christmas).count == 5)
        }
    }

    @Test("Tijuana keeps 09:00 local across both DST switches", arguments: TestDatabase.engines)
    func tijuanaDST(engine: DatabaseEngine) async throws {
        try await TestDatabase.with(engine) { database in
            // Released long before the clock's instant: each day waits for a launch draw, run at once here.
            let office = TestData.office(code: "MX-BC-TIJUANA", zone: "America/Tijuana", releaseDaysAhead: 365)
            try await OfficeStore(database: database).seed([office])
            let store = SlotStore(database: database, clock: ManualClock(Date(timeIntervalSince1970: 1_790_000_000)))
            // 2026-11-01 and 2027-03-14 are the switches; compare the Friday before with the Monday after.
            let cases: [(LocalDate, Int)] = [
                (LocalDate(year: 2026, month: 10, day: 30), 16), (LocalDate(year: 2026, month: 11, day: 2), 17),
                (LocalDate(year: 2027, month: 3, day: 12), 17), (LocalDate(year: 2027, month: 3, day: 15), 16),
            ]
            for (date, utcHour) in cases {
                try await store.generate(for: office, from: date, days: 1)
                try await Releases.open(office: office.code, database: database, clock: ManualClock(Date(timeIntervalSince1970: 1_790_000_000)))
                let first = try #require(try await store.slots(office: office.code, on: date).first)
                #expect(first.time.description == "09:00")
                #expect(Calendar.gregorian(TimeZone(identifier: "UTC")!).component(.hour, from: first.startsAt) == utcHour, "\(date)")
            }
        }
    }

    @Test("Closing a day with bookings refuses, lists them and changes nothing", arguments: TestDatabase.engines)
    func closeDayWithBookings(engine: DatabaseEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let fixture = try await Fixture.make(database)
            let booked = try await fixture.appointments.book(fixture.request(TestData.curp(1), time: "11:00"))
            let day = LocalDate(year: 2026, month: 12, day: 2)
            do {
                try await fixture.slots.closeDay(office: fixture.office.code, date: day, reason: "obra", actor: "test")
                Issue.record("closing a booked day succeeded")
            } catch let error as CitasError {
                #expect(error.code == .dayHasBookings)
                #expect(error.detail == "11:00 \(booked.folio)")
            }
            #expect(try await fixture.slots.slots(office: fixture.office.code, on: day).allSatisfy { $0.capacity == 2 })
            #expect(
                await Fixture.code {
                    try await fixture.slots.setCapacity(office: fixture.office.code, date: day, capacity: 0, actor: "test")
                } == .capacityBelowBookings
            )
        }
    }

    @Test("Closing a free day empties it and generation does not reopen it", arguments: TestDatabase.engines)
    func closeFreeDay(engine: DatabaseEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let fixture = try await Fixture.make(database)
            let day = LocalDate(year: 2026, month: 12, day: 3)
            try await fixture.slots.closeDay(office: fixture.office.code, date: day, reason: "inventario", actor: "test")
            #expect(try await fixture.slots.slots(office: fixture.office.code, on: day).isEmpty)
            try await fixture.slots.generate(for: fixture.office, from: day, days: 1)
            #expect(try await fixture.slots.slots(office: fixture.office.code, on: day).isEmpty)
            #expect(await Fixture.code { try await fixture.appointments.book(fixture.request(TestData.curp(4), day: 3)) } == .slotNotFound)
        }
    }
}
