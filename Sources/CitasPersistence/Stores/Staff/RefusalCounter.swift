import CitasDomain
import Foundation
import SQLKit
import Synchronization

/// Counts refused requests (rate limits, proofs of work) for the reports without a database write per refusal:
/// a flood of bot requests only bumps numbers in memory, and a periodic flush adds them to `refusal_counts` with
/// one upsert per kind and day. What a crash loses is at most one flush interval of statistics, never data.
public final class RefusalCounter: Sendable {
    private let pending = Mutex<[Key: Int]>([:])
    let database: any AppDatabase
    let clock: any CitasClock
    let metrics: CitasMetrics

    struct Key: Hashable {
        let kind: String
        let day: String
    }

    public init(database: any AppDatabase, clock: any CitasClock, metrics: CitasMetrics = CitasMetrics()) {
        self.database = database
        self.clock = clock
        self.metrics = metrics
    }

    /// Notes one refusal today (Mexico City calendar) for the reports, and counts it for monitoring: a rate limit by
    /// its rule (the refusal's detail), anything else as a refused proof-of-work by its code.
    public func count(_ refusal: CitasError) {
        let day = LocalDate(clock.now(), in: TimeZone(identifier: "America/Mexico_City")!).description
        pending.withLock { $0[Key(kind: refusal.code.rawValue, day: day), default: 0] += 1 }
        if refusal.code == .rateLimited {
            metrics.rateLimited(rule: Self.family(of: refusal.detail ?? "unknown"))
        } else {
            metrics.powRefused(reason: refusal.code.rawValue)
        }
    }

    /// A rule's name without what is per office (`phone:office:MEX01` → `phone:office`): one series per rule.
    static func family(of rule: String) -> String {
        rule.split(separator: ":").prefix(2).joined(separator: ":")
    }

    /// Adds what was counted since the last flush to the database; returns how many refusals were written.
    @discardableResult
    public func flush() async throws -> Int {
        let batch = pending.withLock { counts in
            defer { counts = [:] }
            return counts
        }
        guard !batch.isEmpty else { return 0 }
        do {
            try await database.write { sql in
                for (key, count) in batch {
                    try await sql.raw(
                        """
                        INSERT INTO refusal_counts (kind, local_date, refusals) VALUES (\(bind: key.kind), \(bind: key.day), \(bind: count))
                        ON CONFLICT (kind, local_date) DO UPDATE SET refusals = refusal_counts.refusals + EXCLUDED.refusals
                        """
                    ).run()
                }
            }
        } catch {
            // Put them back so the next flush tries again.
            pending.withLock { counts in for (key, count) in batch { counts[key, default: 0] += count } }
            throw error
        }
        return batch.values.reduce(0, +)
    }

    /// Refusals per kind in `month` (`YYYY-MM`).
    public func monthly(_ month: String) async throws -> [(kind: String, refusals: Int)] {
        let range = try LocalDate.monthRange(month)
        return try await database.read { sql in
            try await sql.raw(
                """
                SELECT kind, CAST(SUM(refusals) AS BIGINT) AS refusals FROM refusal_counts WHERE local_date >= \(bind: range.first.description) AND local_date < \(bind: range.next.description)
                GROUP BY kind ORDER BY kind
                """
            ).all().map { (try $0.decode(column: "kind", as: String.self), try $0.decode(column: "refusals", as: Int.self)) }
        }
    }
}
