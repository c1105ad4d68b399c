import CitasPersistence
import CitasTestSupport
import Testing

@Suite("Housekeeping")
struct HousekeepingTests {
    @Test("Old rate windows and expired spent challenges are removed; live ones stay", arguments: TestDatabase.engines)
    func prune(engine: DatabaseEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let counter = RateCounter(database: database)
            let pow = ProofOfWorkStore(database: database)
            _ = try await counter.hit("old", now: 1_000, window: 60)
            #expect(try await counter.hit("new", now: 90_000, window: 60) == 1)
            #expect(try await pow.spend(salt: "expired", expiresAt: 500))
            #expect(try await pow.spend(salt: "live", expiresAt: 100_000))
            #expect(try await counter.prune(before: 50_000) == 1)
            #expect(try await pow.prune(now: 90_000) == 1)
            #expect(try await counter.hit("new", now: 90_000, window: 60) == 2)
            #expect(try await pow.spend(salt: "live", expiresAt: 100_000) == false)
        }
    }
}
