import CitasDomain
import Foundation
import SQLKit

/// Runs the allocations that are due (release draws at their announced instants, batches at random ones) and
/// answers what a person may know about them: when the next release is, and whether a past one replays.
public struct AllocationStore: Sendable {
    let database: any AppDatabase
    let clock: any CitasClock
    let policy: BookingPolicy

    public init(database: any AppDatabase, clock: any CitasClock, policy: BookingPolicy = BookingPolicy()) {
        self.database = database
        self.clock = clock
        self.policy = policy
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
        return try await database.write { sql in
            guard let claimed = try await Allocator.claimNext(now: now, seed: seed, engine: engine, in: sql) else { return false }
            _ = try await Allocator.run(claimed, now: now, policy: policy, in: sql)
            return true
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

    /// The allocations that ran at an office, newest first (what the office published).
    public func history(office: String, limit: Int = 50) async throws -> [AllocationRecord] {
        try await database.read { sql in
            try await sql.raw(
                """
                SELECT id, kind, local_date, ran_at, seed, requests, allotted FROM allocations
                WHERE office_code = \(bind: office) AND ran_at IS NOT NULL ORDER BY ran_at DESC, id DESC LIMIT \(bind: min(max(limit, 1), 500))
                """
            ).all().map { row in
                AllocationRecord(
                    id: try row.decode(column: "id", as: Int.self),
                    releases: try row.decode(column: "local_date", as: String?.self).map { try LocalDate($0) },
                    ranAt: try row.decode(column: "ran_at", as: Int.self),
                    seed: try row.decode(column: "seed", as: String?.self) ?? "",
                    requests: try row.decode(column: "requests", as: Int.self),
                    allotted: try row.decode(column: "allotted", as: Int.self)
                )
            }
        }
    }
}

/// A run allocation as published: what it released, when, from which seed, among how many, how many seats it gave.
public struct AllocationRecord: Sendable, Hashable {
    public let id: Int
    public let releases: LocalDate?
    public let ranAt: Int
    public let seed: String
    public let requests: Int
    public let allotted: Int
}
