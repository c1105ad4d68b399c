import CitasDomain
import CitasPersistence
import CitasTestSupport
import Foundation
import SQLKit
import Testing

@Suite("One allocation engine")
struct AllocationTests {
    /// Slots from Thursday Dec 4 on, released 3 days ahead at 09:00 office time: Dec 4 at 2026-12-01T15:00Z. Nothing
    /// is open at the start instant.
    static func setUp(_ database: any AppDatabase, counters: Int = 1) async throws -> Fixture {
        let office = TestData.office(counters: counters, releaseDaysAhead: 3)
        try await OfficeStore(database: database).seed([office])
        let fixture = Fixture(database: database, clock: ManualClock(TestData.start), office: office)
        try await fixture.slots.generate(for: office, from: Self.dec(4), days: 10)
        return fixture
    }

    static func dec(_ day: Int) -> LocalDate { LocalDate(year: 2026, month: 12, day: day) }

    /// Files a waiting request for person `n` (an account of their own) and returns its id.
    @discardableResult
    static func wait(_ n: Int, _ fixture: Fixture, preference: SeatPreference? = nil, moving folio: String? = nil) async throws -> Int {
        let account = try await SeededAccounts.register(n, email: "p\(n)@example.com", database: fixture.database)
        return try await fixture.requests.request(
            curp: TestData.curp(n),
            office: fixture.office.code,
            preference: try preference ?? SeatPreference(),
            moveFolio: try folio.map { try Folio(validating: $0) },
            origin: .account(account, channel: .web)
        ).id
    }

    static func advance(_ fixture: Fixture, toUTC text: String) {
        fixture.clock.set(ISO8601DateFormatter().date(from: text)!)
    }

    /// Runs the due allocations from several runners at once, as instances would; returns how many ran in all.
    static func runConcurrently(_ fixture: Fixture, runners: Int = 4) async throws -> Int {
        try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<runners { group.addTask { try await fixture.allocations.runDue() } }
            return try await group.reduce(0, +)
        }
    }

    static func statuses(_ database: any AppDatabase) async throws -> [Int: String] {
        try await database.read { sql in
            Dictionary(
                uniqueKeysWithValues: try await sql.raw("SELECT id, status FROM standing_requests").all().map {
                    (try $0.decode(column: "id", as: Int.self), try $0.decode(column: "status", as: String.self))
                }
            )
        }
    }

    static func ranAllocations(_ database: any AppDatabase) async throws -> [(id: Int, seed: UInt64, kind: String)] {
        try await database.read { sql in
            try await sql.raw("SELECT id, seed, kind FROM allocations WHERE ran_at IS NOT NULL ORDER BY id").all().map {
                (
                    try $0.decode(column: "id", as: Int.self), UInt64(try $0.decode(column: "seed", as: String.self))!,
                    try $0.decode(column: "kind", as: String.self)
                )
            }
        }
    }

    /// Every allocation that ran replays from its recorded seed to exactly what it recorded.
    static func everyAllocationReplays(_ fixture: Fixture) async throws -> Bool {
        for allocation in try await ranAllocations(fixture.database) {
            let replay = try await fixture.allocations.replay(allocation.id)
            guard replay.differences.isEmpty else { return false }
        }
        return true
    }

    @Test("The release draw is the first allocation: once across runners, replayable, one seat per person", arguments: TestDatabase.engines)
    func releaseDraw(engine: DatabaseEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let fixture = try await Self.setUp(database)
            #expect(await Fixture.code { try await fixture.appointments.book(fixture.request(TestData.curp(99), day: 4)) } == .slotNotReleased)
            var ids: [Int] = []
            for n in 0..<10 { ids.append(try await Self.wait(n, fixture)) }
            Self.advance(fixture, toUTC: "2026-12-01T15:05:00Z")
            // The batch the first request scheduled (no seat was open then) and the release draw of Dec 4, due together:
            // one run whichever runner claims them, or on PostgreSQL two when two runners claim one each at the same
            // instant (SKIP LOCKED leaves a locked one to its claimer); either way each runs exactly once.
            #expect((1...2).contains(try await Self.runConcurrently(fixture)))
            #expect(try await Self.ranAllocations(database).count == 2)
            let release = try #require(try await Self.ranAllocations(database).first { $0.kind == "release" })
            let statuses = try await Self.statuses(database)
            let winners = Array(Lottery.order(ids, seed: release.seed).prefix(5))
            #expect(Set(statuses.filter { $0.value == "allotted" }.keys) == Set(winners))
            #expect(statuses.filter { $0.value == "waiting" }.count == 5)
            let day = try await fixture.appointments.live(office: "TEST-OFFICE", on: Self.dec(4))
            #expect(day.map(\.time.description) == ["09:00", "09:30", "10:00", "11:00", "11:30"])
            #expect(Set(day.map(\.curp)).count == 5)
            #expect(try await Self.everyAllocationReplays(fixture))
            #expect(await Fixture.code { try await fixture.appointments.book(fixture.request(TestData.curp(99), day: 4)) } == .slotFull)
            #expect(await Fixture.code { try await fixture.appointments.book(fixture.request(TestData.curp(99), day: 7)) } == .slotNotReleased)
            #expect(try await FairnessRulesTests.capacityHolds(database))
        }
    }

    @Test("A cancelled seat is held for the people waiting, never first-come, and drawn by the next batch", arguments: TestDatabase.engines)
    func cancelledSeat(engine: DatabaseEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let fixture = try await Self.setUp(database)
            for n in 0..<8 { try await Self.wait(n, fixture) }
            Self.advance(fixture, toUTC: "2026-12-01T15:05:00Z")
            try await fixture.allocations.runDue()
            let holder = try #require(try await fixture.appointments.live(office: "TEST-OFFICE", on: Self.dec(4)).first)
            _ = try await fixture.appointments.cancel(folio: try Folio(validating: holder.folio), curp: Curp(stored: holder.curp), actor: "test")
            let freed = BookingRequest(curp: TestData.curp(99), officeCode: "TEST-OFFICE", date: Self.dec(4), time: holder.time, actor: "bot")
            #expect(await Fixture.code { try await fixture.appointments.book(freed) } == .seatHeldForLottery)
            // Its batch comes 5 to 20 minutes later, at an instant nobody can know.
            #expect(try await fixture.allocations.runDue() == 0)
            fixture.clock.advance(by: 21 * 60)
            #expect(try await Self.runConcurrently(fixture, runners: 8) == 1)
            let day = try await fixture.appointments.live(office: "TEST-OFFICE", on: Self.dec(4))
            #expect(day.count == 5 && !day.contains { $0.curp == holder.curp || $0.curp == TestData.curp(99).value })
            #expect(try await Self.statuses(database).values.filter { $0 == "waiting" }.count == 2)
            #expect(try await Self.everyAllocationReplays(fixture))
            #expect(try await FairnessRulesTests.capacityHolds(database))
        }
    }

    @Test("Added seats and leftovers go to the people waiting; only what nobody waits for opens", arguments: TestDatabase.engines)
    func addedSeatsAndLeftovers(engine: DatabaseEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let fixture = try await Self.setUp(database)
            for n in 0..<2 { try await Self.wait(n, fixture) }
            Self.advance(fixture, toUTC: "2026-12-01T15:05:00Z")
            try await fixture.allocations.runDue()
            // Three leftovers nobody waited for are open; a passer-by books one.
            let open = try await fixture.slots.slots(office: "TEST-OFFICE", on: Self.dec(4)).filter { $0.free > 0 }
            #expect(open.count == 3)
            _ = try await fixture.appointments.book(fixture.request(TestData.curp(90), day: 4, time: open[0].time.description))
            // Now people wait again: the other leftovers stop being first-come at once, and added seats are held.
            for n in 10..<13 { try await Self.wait(n, fixture) }
            let leftover = fixture.request(TestData.curp(91), day: 4, time: open[1].time.description)
            #expect(await Fixture.code { try await fixture.appointments.book(leftover) } == .seatHeldForLottery)
            try await fixture.slots.setCapacity(office: "TEST-OFFICE", date: Self.dec(4), capacity: 2, actor: "staff:1")
            #expect(try await fixture.slots.slots(office: "TEST-OFFICE", on: Self.dec(4)).map(\.free).reduce(0, +) == 2)
            #expect(await Fixture.code { try await fixture.appointments.book(fixture.request(TestData.curp(91), day: 4)) } == .seatHeldForLottery)
            fixture.clock.advance(by: 21 * 60)
            #expect(try await fixture.allocations.runDue() == 1)
            let statuses = try await Self.statuses(database)
            #expect(statuses.values.filter { $0 == "allotted" }.count == 5 && !statuses.values.contains("waiting"))
            // 10 seats: 2 + 3 allotted, 1 booked directly; the 4 left are wanted by nobody and open.
            let after = try await fixture.slots.slots(office: "TEST-OFFICE", on: Self.dec(4))
            #expect(after.map(\.free).reduce(0, +) == 4 && after.map(\.drawn).reduce(0, +) == 0)
            _ = try await fixture.appointments.book(fixture.request(TestData.curp(91), day: 4, time: after.first { $0.free > 0 }!.time.description))
            #expect(try await Self.everyAllocationReplays(fixture))
            #expect(try await FairnessRulesTests.capacityHolds(database))
        }
    }

    @Test("Seats given back to a closed day are drawn like added ones", arguments: TestDatabase.engines)
    func reopenedDay(engine: DatabaseEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let fixture = try await Self.setUp(database)
            Self.advance(fixture, toUTC: "2026-12-01T15:05:00Z")
            try await fixture.allocations.runDue()
            try await fixture.slots.closeDay(office: "TEST-OFFICE", date: Self.dec(4), reason: "obra", actor: "staff:1")
            try await Self.wait(1, fixture, preference: try SeatPreference(from: Self.dec(4), through: Self.dec(4)))
            try await fixture.slots.setCapacity(office: "TEST-OFFICE", date: Self.dec(4), capacity: 1, actor: "staff:1")
            #expect(await Fixture.code { try await fixture.appointments.book(fixture.request(TestData.curp(2), day: 4)) } == .seatHeldForLottery)
            fixture.clock.advance(by: 21 * 60)
            try await fixture.allocations.runDue()
            let day = try await fixture.appointments.live(office: "TEST-OFFICE", on: Self.dec(4))
            #expect(day.map(\.curp) == [TestData.curp(1).value] && day.first?.time.description == "09:00")
            #expect(try await Self.everyAllocationReplays(fixture))
        }
    }

    @Test(
        "A move into a contested day is a standing request: allotted by the draw, counted, its old seat drawn next",
        arguments: TestDatabase.engines
    )
    func moveRequest(engine: DatabaseEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let fixture = try await Self.setUp(database)
            let dec8 = try SeatPreference(from: Self.dec(8), through: Self.dec(8))
            for n in 0..<5 { try await Self.wait(n, fixture, preference: dec8) }
            Self.advance(fixture, toUTC: "2026-12-05T15:05:00Z")
            try await fixture.allocations.runDue()  // Tuesday Dec 8 goes to its five; Monday Dec 7 has nobody waiting and opens
            let mine = try await fixture.appointments.book(fixture.request(TestData.curp(7), day: 7))
            try await Self.wait(7, fixture, preference: dec8, moving: mine.folio)
            let giver = try #require(try await fixture.appointments.live(office: "TEST-OFFICE", on: Self.dec(8)).first)
            _ = try await fixture.appointments.cancel(folio: try Folio(validating: giver.folio), curp: Curp(stored: giver.curp), actor: "test")
            fixture.clock.advance(by: 21 * 60)
            #expect(try await fixture.allocations.runDue() == 1)
            let moved = try #require(try await fixture.appointments.current(curp: TestData.curp(7)))
            #expect(moved.folio == mine.folio && moved.date == Self.dec(8) && moved.time == giver.time && moved.reschedules == 1)
            // Its old seat is held and a batch is coming for it.
            let dec7 = try await fixture.slots.slots(office: "TEST-OFFICE", on: Self.dec(7))
            #expect(dec7.first { $0.time == mine.time }?.drawn == 1)
            #expect(try await Self.everyAllocationReplays(fixture))
            #expect(try await FairnessRulesTests.capacityHolds(database))
        }
    }

    @Test("One waiting request per CURP; a new one only without a live appointment", arguments: TestDatabase.engines)
    func requestRules(engine: DatabaseEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let fixture = try await Fixture.make(database)
            try await Self.wait(1, fixture, preference: try SeatPreference(from: Self.dec(10), through: Self.dec(10)))
            let again = try await SeededAccounts.register(41, email: "other@example.com", database: database)
            #expect(
                await Fixture.code {
                    try await fixture.requests.request(
                        curp: TestData.curp(1),
                        office: "TEST-OFFICE",
                        preference: SeatPreference(),
                        origin: .account(again, channel: .api)
                    )
                } == .drawRequestPending
            )
            _ = try await fixture.appointments.book(fixture.request(TestData.curp(2), day: 2))
            #expect(await Fixture.code { try await Self.wait(2, fixture) } == .curpHasLiveAppointment)
            // Booking directly closes the person's own waiting request.
            _ = try await fixture.appointments.book(fixture.request(TestData.curp(1), day: 3))
            #expect(try await Self.statuses(database).values.sorted() == ["withdrawn"])
        }
    }
}
