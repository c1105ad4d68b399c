import CitasDomain
import SQLKit
import Synchronization

/// Detects farm and reseller signals from what the database already records and sums them into a score. The score
/// makes the account's proofs of work harder (each point one more bit, i.e. twice the work) and ranks the staff
/// review queue. Every detector is one indexed subquery over one account's rows, all in one statement.
public struct RiskStore: Sendable {
    /// Accounts registered from one address before each further one counts against all of them.
    public static let accountsPerAddressAllowed = 3
    /// Accounts sharing an e-mail family before each further one counts.
    public static let accountsPerFamilyAllowed = 2
    /// Identity refusals from one address in `refusalWindow` before each further one counts, and the cap.
    public static let refusalsAllowed = 2
    public static let refusalWindow = 30 * 86_400
    /// A direct booking this soon after its seat's release instant is "at the release"; one is luck, more is a bot.
    public static let burstSeconds = 10
    /// A booking this soon after a cancelled seat came back, by somebody else, completes a handoff pair.
    public static let handoffSeconds = 600
    /// A member who enters a draw this soon after being added counts towards `householdLateAdds`.
    public static let householdLateAddSeconds = 86_400

    /// Scores are reused for this long: signals change over hours, while a booking flood asks every second.
    public static let scoreLifetime = 60

    let database: any AppDatabase
    let clock: any CitasClock
    let cache = ScoreCache()

    public init(database: any AppDatabase, clock: any CitasClock) {
        self.database = database
        self.clock = clock
    }

    /// The account's score if this instance assessed it within `scoreLifetime` seconds; nil otherwise (no read).
    public func knownScore(accountId: String) -> Int? {
        cache.score(accountId, now: clock.now().epoch)
    }

    /// The sum of the account's signals (0 for an unknown account), at most `scoreLifetime` seconds old.
    public func score(accountId: String) async throws -> Int {
        let now = clock.now().epoch
        if let cached = cache.score(accountId, now: now) { return cached }
        let score = try await assess(accountId: accountId).score
        cache.store(score, for: accountId, until: now + Self.scoreLifetime)
        return score
    }

    /// Every signal the account shows now, with its evidence.
    public func assess(accountId: String) async throws -> RiskAssessment {
        let since = clock.now().epoch - Self.refusalWindow
        let counts = try await database.read { sql in try await Self.counts(accountId, refusalsSince: since, in: sql) }
        return RiskAssessment(accountId: accountId, signals: counts.map(Self.signals) ?? [])
    }

    /// Remembers a registration refused because the CURP did not belong to the person typed in. Written on its own:
    /// the refused registration itself changes nothing.
    public func recordIdentityRefusal(address: String, code: ErrorCode) async throws {
        let now = clock.now().epoch
        try await database.write { sql in
            try await sql.raw(
                "INSERT INTO identity_refusals (client_address, code, at) VALUES (\(bind: address), \(bind: code.rawValue), \(bind: now))"
            ).run()
        }
    }

    /// Forgets refusals older than the window; the housekeeping job calls it.
    @discardableResult
    public func pruneRefusals() async throws -> Int {
        let cutoff = clock.now().epoch - Self.refusalWindow
        return try await database.write { sql in
            try await sql.raw("DELETE FROM identity_refusals WHERE at < \(bind: cutoff) RETURNING at").all().count
        }
    }
}

extension RiskStore {
    /// The review queue: accounts in good standing that show any cheap signal (relay address, crowded address or
    /// e-mail family, a cancellation), fully assessed and ranked by score; those scoring nothing, or no more than
    /// when a reviewer dismissed them, are left out.
    public func queue(limit: Int = 50) async throws -> [RiskAssessment] {
        let candidates = try await database.read { sql in
            try await sql.raw(
                """
                SELECT a.id FROM accounts a WHERE a.suspended_at IS NULL AND (a.relay_email = 1
                    OR a.registered_from IN (SELECT registered_from FROM accounts GROUP BY registered_from
                        HAVING COUNT(*) > \(bind: Self.accountsPerAddressAllowed))
                    OR a.email_family IN (SELECT email_family FROM accounts GROUP BY email_family HAVING COUNT(*) > \(bind: Self.accountsPerFamilyAllowed))
                    OR a.curp IN (SELECT curp FROM appointments WHERE status = 'cancelled'))
                ORDER BY a.created_at LIMIT 1000
                """
            ).all().map { try $0.decode(column: "id", as: String.self) }
        }
        let dismissed = try await dismissedScores()
        var assessed: [RiskAssessment] = []
        for id in candidates {
            let assessment = try await assess(accountId: id)
            // A dismissed account stays out until new evidence raises its score.
            if assessment.score > (dismissed[id] ?? 0) { assessed.append(assessment) }
        }
        return Array(assessed.sorted { ($0.score, $1.accountId) > ($1.score, $0.accountId) }.prefix(limit))
    }
}

/// Recent risk scores per account, per instance; cleared whole when it grows large rather than tracking age.
final class ScoreCache: Sendable {
    private let entries = Mutex<[String: (score: Int, until: Int)]>([:])

    func score(_ accountId: String, now: Int) -> Int? {
        entries.withLock { $0[accountId].flatMap { $0.until > now ? $0.score : nil } }
    }

    func store(_ score: Int, for accountId: String, until: Int) {
        entries.withLock { entries in
            if entries.count >= 100_000 { entries.removeAll(keepingCapacity: true) }
            entries[accountId] = (score, until)
        }
    }
}
