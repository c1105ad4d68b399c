import CitasDomain
import Foundation
import SQLKit

/// Runs the allocations that are due (release draws at their announced instants, batches at random ones) and
/// answers what a person may know about them: when the next release is, and whether a past one replays.
public struct AllocationStore: Sendable {
    let database: any AppDatabase
    let clock: any CitasClock
    let policy: BookingPolicy
    let metrics: CitasMetrics

    public init(database: any AppDatabase, clock: any CitasClock, policy: BookingPolicy = BookingPolicy(), metrics: CitasMetrics = CitasMetrics()) {
        self.database = database
        self.clock = clock
        self.policy = policy
        self.metrics = metrics
    }

    /// Runs every due allocation, each in its own transaction; returns how many ran.
    @discardableResult
    public func runDue() async throws -> Int {
        var ran = 0
        while try await runNext() { ran += 1 }
        return ran
    }

    /// Claims and runs the oldest due allocation in one transaction; false when none is due.
    func runNext() async throws -> Bool {
        let now = clock.now().epoch
        var generator = SystemRandomNumberGenerator()
        let seed = UInt64.random(in: 0...UInt64.max, using: &generator)
        let (engine, policy) = (database.engine, policy)
        let allotted: Int? = try await database.write { sql in
            guard let claimed = try await Allocator.claimNext(now: now, seed: seed, engine: engine, in: sql) else { return nil }
            return try await Allocator.run(claimed, now: now, policy: policy, engine: engine, in: sql)
        }
        guard let allotted else { return false }
        metrics.allocationRan(seats: allotted)
        return true
    }

    /// Every office's next release draw that has not run, by office code (one query, for lists of offices).
    public func nextReleases() async throws -> [String: (date: LocalDate, releaseAt: Int)] {
        try await database.read { sql in
            var next: [String: (date: LocalDate, releaseAt: Int)] = [:]
            for row in try await sql.raw(
                "SELECT office_code, local_date, due_at FROM allocations WHERE kind = 'release' AND ran_at IS NULL ORDER BY due_at, local_date"
            ).all() {
                let office = try row.decode(column: "office_code", as: String.self)
                guard next[office] == nil else { continue }
                next[office] = (try LocalDate(try row.decode(column: "local_date", as: String.self)), try row.decode(column: "due_at", as: Int.self))
            }
            return next
        }
    }

    /// The office's next release draw that has not run: the office-day it opens and its instant.
    public func nextRelease(office: String) async throws -> (date: LocalDate, releaseAt: Int)? {
        try await database.read { sql in
            try await sql.raw(
                """
                SELECT local_date, due_at FROM allocations WHERE office_code = \(bind: office) AND kind = 'release' AND ran_at IS NULL
                ORDER BY due_at, local_date LIMIT 1
                """
            ).first().map { (try LocalDate(try $0.decode(column: "local_date", as: String.self)), try $0.decode(column: "due_at", as: Int.self)) }
        }
    }
}
