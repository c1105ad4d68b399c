import CitasDomain
import CitasPersistence
import CitasTestSupport
import Foundation
import SQLKit
import Testing

@Suite("Release draws")
struct DrawTests {
    /// Slots of Dec 1–14 with releases 3 days ahead: from the start instant, Dec 4 onwards wait for their draws.
    static func setUp(_ database: any AppDatabase, counters: Int = 1) async throws -> (Fixture, DrawStore) {
        let office = TestData.office(counters: counters, releaseDaysAhead: 3)
        try await OfficeStore(database: database).seed([office])
        let clock = ManualClock(TestData.start)
        try await SlotStore(database: database, clock: clock).generate(
            for: office,
            from: LocalDate(year: 2026, month: 12, day: 1),
            days: 14
        )
        return (Fixture(database: database, clock: clock, office: office), DrawStore(database: database, clock: clock))
    }

    /// An account for person `n`; returns its id.
    static func account(_ n: Int, _ database: any AppDatabase) async throws -> String {
        try await SeededAccounts.register(n, email: "p\(n)@example.com", database: database)
    }

    static func advance(_ fixture: Fixture, toUTC text: String) {
        fixture.clock.set(ISO8601DateFormatter().date(from: text)!)
    }

    @Test(
        "A draw is replayable from its seed; one seat per requester, one requester per seat; the day opens after it",
        arguments: TestDatabase.engines
    )
    func reproducible(engine: DatabaseEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let (fixture, draws) = try await Self.setUp(database)
            #expect(await Fixture.code { try await fixture.appointments.book(fixture.request(TestData.curp(99), day: 4)) } == .slotNotReleased)
            var requestIds: [Int] = []
            for n in 0..<10 {
                let id = try await Self.account(n, database)
                requestIds.append(
                    try await draws.request(accountId: id, curp: TestData.curp(n), office: "TEST-OFFICE", timeOfDay: .any, rollOver: n >= 5).id
                )
            }
            Self.advance(fixture, toUTC: "2026-12-01T15:05:00Z")
            let ran = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<4 { group.addTask { try await draws.runDue() } }
                return try await group.reduce(0, +)
            }
            #expect(ran == 1)
            let rows = try await database.read { sql in
                try await sql.raw("SELECT id, folio, status FROM draw_requests ORDER BY id").all().map {
                    (
                        try $0.decode(column: "id", as: Int.self), try $0.decode(column: "folio", as: String?.self),
                        try $0.decode(column: "status", as: String.self)
                    )
                }
            }
            let seedText = try await database.read { sql in
                try await sql.raw("SELECT seed FROM draws WHERE local_date = '2026-12-04'").first()!.decode(column: "seed", as: String.self)
            }
            let seed = try #require(UInt64(seedText))
            let winners = Array(Lottery.order(requestIds, seed: seed).prefix(5))
            #expect(Set(rows.filter { $0.2 == "allotted" }.map(\.0)) == Set(winners))
            #expect(Set(rows.compactMap(\.1)).count == 5)
            let losers = rows.filter { $0.2 != "allotted" }
            #expect(losers.allSatisfy { ($0.0 >= requestIds[5]) == ($0.2 == "pending") })
            let times = try await fixture.appointments.live(office: "TEST-OFFICE", on: LocalDate(year: 2026, month: 12, day: 4))
            #expect(times.map(\.time.description) == ["09:00", "09:30", "10:00", "11:00", "11:30"])
            #expect(Set(times.map(\.curp)).count == 5)
            #expect(await Fixture.code { try await fixture.appointments.book(fixture.request(TestData.curp(99), day: 4)) } == .slotFull)
            #expect(await Fixture.code { try await fixture.appointments.book(fixture.request(TestData.curp(99), day: 7)) } == .slotNotReleased)
        }
    }

    @Test("A freed seat goes into the next draw, not back to whoever polls fastest", arguments: TestDatabase.engines)
    func freedSeatIntoNextDraw(engine: DatabaseEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let (fixture, draws) = try await Self.setUp(database)
            let held = try await fixture.appointments.book(fixture.request(TestData.curp(50), day: 3))
            _ = try await fixture.appointments.cancel(folio: try Folio(validating: held.folio), curp: TestData.curp(50), actor: "test")
            Self.advance(fixture, toUTC: "2026-12-01T14:59:00Z")
            #expect(try await SeatReleases(database: database).releaseDue(now: Int(fixture.clock.now().timeIntervalSince1970)) == 0)
            #expect(await Fixture.code { try await fixture.appointments.book(fixture.request(TestData.curp(51), day: 3)) } == .slotFull)
            for n in 0..<6 {
                _ = try await draws.request(
                    accountId: try await Self.account(n, database),
                    curp: TestData.curp(n),
                    office: "TEST-OFFICE",
                    timeOfDay: .any,
                    rollOver: false
                )
            }
            Self.advance(fixture, toUTC: "2026-12-01T15:00:30Z")
            #expect(try await draws.runDue() == 1)
            let dec3 = try await fixture.appointments.live(office: "TEST-OFFICE", on: LocalDate(year: 2026, month: 12, day: 3))
            let dec4 = try await fixture.appointments.live(office: "TEST-OFFICE", on: LocalDate(year: 2026, month: 12, day: 4))
            #expect(dec3.map(\.time.description) == ["09:00"] && dec4.count == 5)
            #expect(Set((dec3 + dec4).map(\.curp)).count == 6)
            #expect(try await SeatReleases(database: database).waiting() == 0)
            #expect(try await FairnessRulesTests.capacityHolds(database))
        }
    }

    @Test("One pending request per CURP, none while holding an appointment", arguments: TestDatabase.engines)
    func requestRules(engine: DatabaseEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let (fixture, draws) = try await Self.setUp(database)
            let first = try await Self.account(1, database)
            _ = try await draws.request(accountId: first, curp: TestData.curp(1), office: "TEST-OFFICE", timeOfDay: .morning, rollOver: true)
            #expect(
                await Fixture.code {
                    try await draws.request(accountId: first, curp: TestData.curp(1), office: "TEST-OFFICE", timeOfDay: .any, rollOver: true)
                } == .drawRequestPending
            )
            let second = try await Self.account(2, database)
            _ = try await fixture.appointments.book(fixture.request(TestData.curp(2), day: 2))
            #expect(
                await Fixture.code {
                    try await draws.request(accountId: second, curp: TestData.curp(2), office: "TEST-OFFICE", timeOfDay: .any, rollOver: true)
                } == .curpHasLiveAppointment
            )
        }
    }
}
