import CitasDomain
import SQLKit

/// What a reviewer reads about one account before deciding: its own audit trail and its household members', and
/// the appointments of every CURP it holds, newest first.
public struct AccountHistory: Sendable {
    public struct Booking: Sendable, Hashable {
        public let folio: String
        public let curp: String
        public let officeCode: String
        public let date: LocalDate
        public let time: LocalTime
        public let status: AppointmentStatus
        public let channel: String
    }

    public let entries: [AuditEntry]
    public let bookings: [Booking]
}

extension RiskStore {
    /// Takes the account out of the review queue at its current score, audited; it comes back only when its score
    /// rises above that.
    public func dismiss(accountId: String, actor: String) async throws {
        let score = try await assess(accountId: accountId).score
        let now = clock.now().epoch
        try await database.write { sql in
            guard try await sql.raw("SELECT id FROM accounts WHERE id = \(bind: accountId)").first() != nil else {
                throw CitasError(.notFound, detail: "account")
            }
            try await sql.raw(
                """
                INSERT INTO risk_dismissals (account_id, score, dismissed_by, dismissed_at)
                VALUES (\(bind: accountId), \(bind: score), \(bind: actor), \(bind: now))
                ON CONFLICT (account_id) DO UPDATE SET score = EXCLUDED.score, dismissed_by = EXCLUDED.dismissed_by,
                    dismissed_at = EXCLUDED.dismissed_at
                """
            ).run()
            try await AuditLog.append(sql, at: now, actor: actor, action: "risk.dismiss", subject: "account:\(accountId)", detail: "score=\(score)")
        }
    }

    /// The scores at which accounts were dismissed, for the queue.
    func dismissedScores() async throws -> [String: Int] {
        try await database.read { sql in
            var scores: [String: Int] = [:]
            for row in try await sql.raw("SELECT account_id, score FROM risk_dismissals").all() {
                scores[try row.decode(column: "account_id", as: String.self)] = try row.decode(column: "score", as: Int.self)
            }
            return scores
        }
    }

    /// The account's history for a reviewer (at most `limit` of each kind).
    public func history(accountId: String, limit: Int = 200) async throws -> AccountHistory {
        try await database.read { sql in
            let subjects =
                try await sql.raw("SELECT id FROM dependents WHERE account_id = \(bind: accountId)").all().map {
                    "dependent:\(try $0.decode(column: "id", as: Int.self))"
                } + ["account:\(accountId)"]
            var entries: [AuditEntry] = []
            for subject in subjects {
                entries += try await sql.raw(
                    """
                    SELECT id, at, actor, action, subject, detail, client_address, user_agent FROM audit_log WHERE subject = \(bind: subject)
                    ORDER BY id DESC LIMIT \(bind: limit)
                    """
                ).all().map(AuditLog.entry(from:))
            }
            let bookings = try await sql.raw(
                """
                SELECT folio, curp, office_code, local_date, local_time, status, channel FROM appointments
                WHERE curp IN (SELECT curp FROM curp_owners WHERE account_id = \(bind: accountId))
                ORDER BY created_at DESC LIMIT \(bind: limit)
                """
            ).all().map { row in
                AccountHistory.Booking(
                    folio: try row.decode(column: "folio", as: String.self),
                    curp: try row.decode(column: "curp", as: String.self),
                    officeCode: try row.decode(column: "office_code", as: String.self),
                    date: try LocalDate(try row.decode(column: "local_date", as: String.self)),
                    time: try LocalTime(try row.decode(column: "local_time", as: String.self)),
                    status: AppointmentStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .booked,
                    channel: try row.decode(column: "channel", as: String.self)
                )
            }
            return AccountHistory(entries: Array(entries.sorted { $0.id > $1.id }.prefix(limit)), bookings: bookings)
        }
    }
}
