import CitasDomain
import CitasPersistence
import CitasTestSupport
import Foundation
import SQLKit
import Synchronization
import Testing

@Suite("One write per attempt")
struct AttemptChargesTests {
    /// What the charges left in the database: hits in `bucket`, and whether `salt` is spent.
    private func paid(_ database: any AppDatabase, bucket: String, salt: String) async throws -> (hits: Int, spent: Bool) {
        try await database.read { sql in
            let hits = try await sql.raw("SELECT COALESCE(SUM(hits), 0) AS n FROM rate_counters WHERE bucket = \(bind: bucket)").first()!
                .decode(column: "n", as: Int.self)
            let spent = try await sql.raw("SELECT salt FROM pow_spent WHERE salt = \(bind: salt)").first() != nil
            return (hits, spent)
        }
    }

    private func charges(_ salt: String, limit: Int = 5, now: Int) -> AttemptCharges {
        AttemptCharges(
            hits: [.init(rule: "book:account", subject: "a1", window: 3600, limit: limit)],
            proof: .init(salt: salt, expiresAt: now + 300),
            now: now
        )
    }

    @Test("A booking and what it paid commit together; a refused booking undoes only itself", arguments: TestDatabase.engines)
    func refusedAttemptKeepsItsCharges(engine: DatabaseEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let fixture = try await Fixture.make(database, counters: 1)
            let now = fixture.clock.now().epoch
            let store = { (charges: AttemptCharges) in
                AppointmentStore(database: ChargedDatabase(database, charges: charges), clock: fixture.clock)
            }
            _ = try await store(charges("s1", now: now)).book(fixture.request(TestData.curp(1)))
            #expect(try await paid(database, bucket: "book:account:a1", salt: "s1") == (1, true))
            // The slot is full now: the attempt is refused, its seat claim undone, its hit and proof kept.
            let refused = await Fixture.code { try await store(charges("s2", now: now)).book(fixture.request(TestData.curp(2))) }
            #expect(refused == .slotFull)
            #expect(try await paid(database, bucket: "book:account:a1", salt: "s2") == (2, true))
            #expect(try await fixture.appointments.current(curp: TestData.curp(2)) == nil)
        }
    }

    @Test("A replayed proof books nothing; an exhausted limit spends no proof and books nothing", arguments: TestDatabase.engines)
    func replayAndLimit(engine: DatabaseEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let fixture = try await Fixture.make(database, counters: 3)
            let now = fixture.clock.now().epoch
            let store = { (charges: AttemptCharges) in
                AppointmentStore(database: ChargedDatabase(database, charges: charges), clock: fixture.clock)
            }
            _ = try await store(charges("s1", now: now)).book(fixture.request(TestData.curp(1)))
            #expect(await Fixture.code { try await store(charges("s1", now: now)).book(fixture.request(TestData.curp(2))) } == .powReplayed)
            #expect(try await fixture.appointments.current(curp: TestData.curp(2)) == nil)
            // The third hit of a limit of two is refused before the proof is looked at.
            #expect(await Fixture.code { try await store(charges("s3", limit: 2, now: now)).book(fixture.request(TestData.curp(3))) } == .rateLimited)
            #expect(try await paid(database, bucket: "book:account:a1", salt: "s3") == (3, false))
            #expect(try await fixture.appointments.current(curp: TestData.curp(3)) == nil)
        }
    }

    @Test("Concurrent attempts with one proof: exactly one books", arguments: TestDatabase.engines)
    func oneProofOneBooking(engine: DatabaseEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let fixture = try await Fixture.make(database, counters: 50)
            let now = fixture.clock.now().epoch
            let outcomes = await withTaskGroup(of: ErrorCode?.self) { group in
                for n in 0..<20 {
                    group.addTask {
                        await Fixture.code {
                            try await AppointmentStore(
                                database: ChargedDatabase(database, charges: charges("same", limit: 100, now: now)),
                                clock: fixture.clock
                            )
                            .book(fixture.request(TestData.curp(n)))
                        }
                    }
                }
                return await group.reduce(into: [ErrorCode?]()) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 == nil }.count == 1)
            #expect(outcomes.filter { $0 == .powReplayed }.count == 19)
        }
    }
}

@Suite("Read cache")
struct ReadCacheTests {
    /// Counts loads, to tell a kept value from a fresh read.
    final class Loads: Sendable {
        let count = Mutex(0)
        func load() -> Int {
            count.withLock {
                $0 += 1
                return $0
            }
        }
    }

    @Test("A zero lifetime keeps nothing; a value is kept for its lifetime, then read again; removeAll forgets")
    func lifetime() async throws {
        let loads = Loads()
        let never = ReadCache<String, Int>(lifetime: .zero)
        #expect(try await never.value("k") { loads.load() } == 1)
        #expect(try await never.value("k") { loads.load() } == 2)
        let kept = ReadCache<String, Int>(lifetime: .milliseconds(200))
        #expect(try await kept.value("k") { loads.load() } == 3)
        #expect(try await kept.value("k") { loads.load() } == 3)
        #expect(try await kept.value("other") { loads.load() } == 4)
        try await Task.sleep(for: .milliseconds(250))
        #expect(try await kept.value("k") { loads.load() } == 5)
        kept.removeAll()
        #expect(try await kept.value("k") { loads.load() } == 6)
    }

    @Test("An office's own settings show at once in the process that changed them", arguments: TestDatabase.engines)
    func officeWritesForgetTheCatalogue(engine: DatabaseEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let offices = OfficeStore(database: database, readCache: .seconds(60))
            try await offices.seed([TestData.office()])
            #expect(try await offices.require("TEST-OFFICE").release.daysAhead == 60)
            try await offices.setRelease(office: "TEST-OFFICE", to: try ReleaseSchedule(daysAhead: 30), actor: "test", now: 0)
            #expect(try await offices.require("TEST-OFFICE").release.daysAhead == 30)
        }
    }
}

@Suite("Outbox claims")
struct OutboxClaimTests {
    @Test("The next message is found through an index of unsent mail only, not by walking the sent")
    func claimUsesTheUnsentIndex() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let plan = try await database.read { sql in
                try await sql.raw(
                    """
                    EXPLAIN QUERY PLAN SELECT id FROM outbox WHERE sent_at IS NULL AND next_attempt_at <= 0
                        AND (claimed_until IS NULL OR claimed_until < 0) ORDER BY id LIMIT 1
                    """
                ).all().map { try $0.decode(column: "detail", as: String.self) }
            }
            #expect(plan.first.map { $0.contains("outbox_unsent") || $0.contains("outbox_pending") } == true, "plan: \(plan)")
        }
    }
}
