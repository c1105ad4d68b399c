import SQLKit

/// Fixed-window counters in the database, so a limit holds across every app instance.
public struct RateCounter: Sendable {
    let database: any AppDatabase

    public init(database: any AppDatabase) {
        self.database = database
    }

    /// Adds one hit to `bucket` in the window that contains `now` and returns the window's total, atomically.
    public func hit(_ bucket: String, now: Int, window: Int) async throws -> Int {
        try await database.write { sql in try await Self.hit([(bucket, window)], now: now, in: sql)[bucket] ?? 0 }
    }

    /// One hit on each bucket (each in its own window) in one statement of the caller's transaction; returns each
    /// bucket's total.
    static func hit(_ buckets: [(bucket: String, window: Int)], now: Int, in sql: any SQLDatabase) async throws -> [String: Int] {
        guard !buckets.isEmpty else { return [:] }
        var statement: SQLQueryString = "INSERT INTO rate_counters (bucket, window_start, hits) VALUES "
        for (n, entry) in buckets.enumerated() {
            statement.appendLiteral(n == 0 ? "" : ", ")
            statement.appendInterpolation("(\(bind: entry.bucket), \(bind: now - now % entry.window), 1)" as SQLQueryString)
        }
        statement.appendLiteral(" ON CONFLICT (bucket, window_start) DO UPDATE SET hits = rate_counters.hits + 1 RETURNING bucket, hits")
        var counts: [String: Int] = [:]
        for row in try await sql.raw(statement).all() {
            counts[try row.decode(column: "bucket", as: String.self)] = try row.decode(column: "hits", as: Int.self)
        }
        return counts
    }

    /// Drops windows that started before `cutoff` (no limit uses a window longer than a day); returns how many.
    @discardableResult
    public func prune(before cutoff: Int) async throws -> Int {
        try await database.write { sql in
            try await sql.raw("DELETE FROM rate_counters WHERE window_start < \(bind: cutoff) RETURNING bucket").all().count
        }
    }
}
