import CitasDomain
import CitasPersistence
import CitasTestSupport
import Foundation
import SQLKit
import Testing

/// A household waiting together: one lottery turn, one ticket per member, consecutive seats of one day or none —
/// under the one allocation engine, replayable from its seed, on both engines.
@Suite("Households waiting together")
struct HouseholdWaitingTests {
    /// Account `n` with `children` children (numbered from `10 * n`); the people who wait, the holder first.
    static func household(
        _ n: Int,
        children: Int,
        _ fixture: Fixture
    ) async throws -> (holder: String, people: [StandingRequestStore.Waiter]) {
        let store = DependentStore(database: fixture.database, clock: fixture.clock)
        let holder = try await SeededAccounts.register(n, email: SeededAccounts.distinctEmail(n), database: fixture.database)
        var people = [StandingRequestStore.Waiter(curp: TestData.curp(n), household: nil)]
        for child in 0..<children {
            let member = try await store.add(HouseholdTests.child(10 * n + child), to: holder)
            people.append(StandingRequestStore.Waiter(curp: Curp(stored: member.curp), household: holder))
        }
        return (holder, people)
    }

    static func together(
        _ household: (holder: String, people: [StandingRequestStore.Waiter]),
        _ fixture: Fixture,
        office: String? = nil
    )
        async throws -> [StandingRequest]
    {
        try await fixture.requests.requestTogether(
            household.people,
            office: office ?? fixture.office.code,
            preference: try SeatPreference(),
            origin: .account(household.holder, channel: .web)
        )
    }

    /// The run allocation that recorded its lottery (a merged one records nothing of its own).
    static func recorded(_ database: any AppDatabase, office: String) async throws -> (seed: UInt64, entrants: [Int]) {
        try await database.read { sql in
            let row = try await sql.raw(
                "SELECT seed, entrants FROM allocations WHERE office_code = \(bind: office) AND entrants <> '' ORDER BY id DESC"
            ).first()!
            return (
                UInt64(try row.decode(column: "seed", as: String.self))!,
                try row.decode(column: "entrants", as: String.self).split(separator: ",").map { Int($0)! }
            )
        }
    }

    @Test("At a release draw the household is served at its turn, all three together, exactly as the seed says", arguments: TestDatabase.engines)
    func releaseDraw(engine: DatabaseEngine) async throws {
        try await TestDatabase.with(engine) { database in
            // Four offices, each with five seats on Dec 4 (09:00 09:30 10:00 11:00 11:30), a household of three and
            // four people alone: the household is seated iff at most two turns come before its own.
            let codes = ["OF-A", "OF-B", "OF-C", "OF-D"]
            let offices = codes.map { TestData.office(code: $0, counters: 1, releaseDaysAhead: 3) }
            try await OfficeStore(database: database).seed(offices)
            let fixture = Fixture(database: database, clock: ManualClock(TestData.start), office: offices[0])
            for office in offices { try await fixture.slots.generate(for: office, from: AllocationTests.dec(4), days: 3) }
            var groups: [String: [StandingRequest]] = [:]
            for (index, code) in codes.enumerated() {
                groups[code] = try await Self.together(try await Self.household(10 * index + 1, children: 2, fixture), fixture, office: code)
                for n in (10 * index + 2)..<(10 * index + 6) {
                    let account = try await SeededAccounts.register(n, email: SeededAccounts.distinctEmail(n), database: database)
                    _ = try await fixture.requests.request(
                        curp: TestData.curp(n),
                        office: code,
                        preference: try SeatPreference(),
                        origin: .account(account, channel: .web)
                    )
                }
            }
            AllocationTests.advance(fixture, toUTC: "2026-12-01T15:05:00Z")
            _ = try await AllocationTests.runConcurrently(fixture)
            let times = ["09:00", "09:30", "10:00", "11:00", "11:30"]
            for code in codes {
                let family = try #require(groups[code])
                let ids = Set(family.map(\.id))
                let lottery = try await Self.recorded(database, office: code)
                let turns = Lottery.turns(lottery.entrants, seed: lottery.seed, group: { ids.contains($0) ? 1 : nil })
                let position = try #require(turns.firstIndex { $0.count == 3 })
                let day = try await fixture.appointments.live(office: code, on: AllocationTests.dec(4))
                let seated = family.map { member in day.first { $0.curp == member.curp }?.time.description }
                if position <= 2 {
                    #expect(seated == Array(times[position..<(position + 3)]))
                } else {
                    #expect(seated == [nil, nil, nil])
                    let statuses = try await AllocationTests.statuses(database)
                    #expect(family.allSatisfy { statuses[$0.id] == "waiting" })
                }
                // Seated: three seats and two for the people alone; else the four alone and one seat opened.
                #expect(day.count == (position <= 2 ? 5 : 4))
            }
            #expect(try await AllocationTests.everyAllocationReplays(fixture))
            #expect(try await FairnessRulesTests.capacityHolds(database))
        }
    }

    @Test("Too few seats for all of them: nobody is seated, and the open seats stay bookable by others", arguments: TestDatabase.engines)
    func noneWithoutRoom(engine: DatabaseEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let fixture = try await AllocationTests.setUp(database)
            // Six people, five seats on Dec 4.
            let family = try await Self.together(try await Self.household(1, children: 5, fixture), fixture)
            #expect(Set(family.map(\.group)) == [family[0].id])
            AllocationTests.advance(fixture, toUTC: "2026-12-01T15:05:00Z")
            try await fixture.allocations.runDue()
            #expect(try await fixture.appointments.live(office: fixture.office.code, on: AllocationTests.dec(4)).isEmpty)
            #expect(try await AllocationTests.statuses(database).values.allSatisfy { $0 == "waiting" })
            // The seats nobody could take opened; the household waiting together does not hold them back.
            _ = try await SeededAccounts.register(90, email: "otra@example.com", database: database)
            _ = try await fixture.appointments.book(fixture.request(TestData.curp(90), day: 4))
            #expect(try await AllocationTests.everyAllocationReplays(fixture))
        }
    }

    @Test("A member who may not book any more is skipped; the others are seated together at the same turn", arguments: TestDatabase.engines)
    func ineligibleMember(engine: DatabaseEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let fixture = try await Fixture.make(database)
            let household = try await Self.household(1, children: 2, fixture)
            // The first child used up the year's bookings (four, each cancelled).
            for time in ["09:00", "09:30", "10:00", "11:00"] {
                var booking = fixture.request(household.people[1].curp, day: 3, time: time)
                booking.household = household.holder
                let made = try await fixture.appointments.book(booking)
                _ = try await fixture.appointments.cancel(folio: try Folio(validating: made.folio), curp: booking.curp, actor: "test")
            }
            let family = try await Self.together(household, fixture)
            fixture.clock.advance(by: 21 * 60)
            try await fixture.allocations.runDue()
            let statuses = try await AllocationTests.statuses(database)
            #expect(statuses[family[1].id] == "skipped")
            let holder = try #require(try await fixture.appointments.current(curp: household.people[0].curp))
            let sister = try #require(try await fixture.appointments.current(curp: household.people[2].curp))
            #expect(holder.date == sister.date && holder.time <= sister.time)
            #expect(try await AllocationTests.everyAllocationReplays(fixture))
            #expect(try await FairnessRulesTests.capacityHolds(database))
        }
    }

    @Test("Filing is all or none; withdrawing one withdraws the household; a removed member stops waiting", arguments: TestDatabase.engines)
    func filingAndWithdrawing(engine: DatabaseEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let fixture = try await AllocationTests.setUp(database)
            let household = try await Self.household(1, children: 2, fixture)
            let stranger = try await Self.household(2, children: 1, fixture)
            // A member of another household: refused, nothing filed.
            let mixed = household.people + [StandingRequestStore.Waiter(curp: stranger.people[1].curp, household: household.holder)]
            #expect(
                await Fixture.code {
                    try await fixture.requests.requestTogether(
                        mixed,
                        office: fixture.office.code,
                        preference: try SeatPreference(),
                        origin: .account(household.holder, channel: .web)
                    )
                } == .dependentNotFound
            )
            #expect(try await fixture.requests.requests(accountId: household.holder).isEmpty)
            var family = try await Self.together(household, fixture)
            try await fixture.requests.withdraw(id: family[2].id, accountId: household.holder)
            #expect(try await fixture.requests.requests(accountId: household.holder).allSatisfy { $0.status == .withdrawn })
            // Filed again, then a child leaves the household: their request goes, the others still wait together.
            family = try await Self.together(household, fixture)
            let members = try await DependentStore(database: database, clock: fixture.clock).list(accountId: household.holder)
            try await DependentStore(database: database, clock: fixture.clock).remove(id: members[0].id, from: household.holder)
            let now = try await fixture.requests.requests(accountId: household.holder).filter { $0.status == .waiting }
            #expect(now.map(\.id).sorted() == [family[0].id, family[2].id] && Set(now.map(\.group)) == [family[0].id])
            // A second household request for a person already waiting is refused as such.
            #expect(await Fixture.code { try await Self.together(household, fixture) } == .drawRequestPending)
        }
    }
}
