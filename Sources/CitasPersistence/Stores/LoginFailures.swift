import SQLKit

/// Failed log-ins, per subject (a citizen's mailbox, a member of staff) and client address. Only failures count, so
/// a flood of wrong passwords cannot lock the rightful owner out: an address that has not failed on a subject is
/// always heard, and an address that has waits a delay that grows with the subject's failures (1 min after the
/// fifth, doubling to at most an hour). An attacker who changes address gets one guess per address per day.
public struct LoginFailures: Sendable {
    /// The rules, in seconds.
    public struct Rules: Sendable {
        /// Failures on a subject before any delay.
        public var free = 5
        public var firstDelay = 60
        public var maximumDelay = 3600
        /// A failure older than this is forgotten.
        public var memory = 86_400

        public init() {}

        /// The pause after the subject's `failures`-th failure.
        func delay(after failures: Int) -> Int {
            guard failures >= free else { return 0 }
            return min(firstDelay << min(failures - free, 16), maximumDelay)
        }
    }

    let database: any AppDatabase
    let rules: Rules

    public init(database: any AppDatabase, rules: Rules = Rules()) {
        self.database = database
        self.rules = rules
    }

    /// Seconds before `address` may try `subject` again; 0 when it may try now.
    public func wait(subject: String, address: String, now: Int) async throws -> Int {
        let rows = try await database.read { sql in
            try await sql.raw(
                """
                SELECT address, failures, last_failed_at FROM login_failures
                WHERE subject = \(bind: subject) AND last_failed_at > \(bind: now - rules.memory)
                """
            ).all().map {
                (
                    address: try $0.decode(column: "address", as: String.self),
                    failures: try $0.decode(column: "failures", as: Int.self),
                    last: try $0.decode(column: "last_failed_at", as: Int.self)
                )
            }
        }
        guard rows.contains(where: { $0.address == address }) else { return 0 }
        let total = rows.reduce(0) { $0 + $1.failures }
        let last = rows.map(\.last).max() ?? now
        return max(0, last + rules.delay(after: total) - now)
    }

    /// Counts one failure of `address` on `subject` (a failure older than the memory starts the count again).
    public func recordFailure(subject: String, address: String, now: Int) async throws {
        try await database.write { sql in
            try await sql.raw(
                """
                INSERT INTO login_failures (subject, address, failures, last_failed_at)
                VALUES (\(bind: subject), \(bind: address), 1, \(bind: now))
                ON CONFLICT (subject, address) DO UPDATE SET
                    failures = CASE WHEN login_failures.last_failed_at > \(bind: now - rules.memory) THEN login_failures.failures + 1 ELSE 1 END,
                    last_failed_at = \(bind: now)
                """
            ).run()
        }
    }

    /// Forgets this address's failures on `subject` after a correct password (others' stay).
    public func recordSuccess(subject: String, address: String) async throws {
        try await database.write { sql in
            try await sql.raw("DELETE FROM login_failures WHERE subject = \(bind: subject) AND address = \(bind: address)").run()
        }
    }

    /// Forgets failures older than the memory; returns how many rows went.
    @discardableResult
    public func prune(now: Int) async throws -> Int {
        try await database.write { sql in
            try await sql.raw("DELETE FROM login_failures WHERE last_failed_at <= \(bind: now - rules.memory) RETURNING subject").all().count
        }
    }
}
