import CitasDomain
import SQLKit

/// Takes back what a farm or reseller account holds: suspends it, ends its sessions, withdraws its draw requests
/// and cancels its live appointment — and its household members' — regardless of the 24 h rule, the seat going back through the fair release
/// path. One transaction, one audit row per change, each with the reason.
public struct ClawBack: Sendable {
    let database: any AppDatabase
    let clock: any CitasClock
    let policy: BookingPolicy

    public init(database: any AppDatabase, clock: any CitasClock, policy: BookingPolicy) {
        self.database = database
        self.clock = clock
        self.policy = policy
    }

    /// What a suspension took back.
    public struct Outcome: Sendable, Hashable {
        /// The holder's cancelled appointment.
        public let cancelledFolio: String?
        public let withdrawnRequests: Int
        /// The household members' cancelled appointments: a reseller parking seats under "family" loses them too.
        public let householdFolios: [String]
    }

    /// Suspends the account. Throws `not_found` for an unknown or already suspended account, changing nothing.
    public func suspend(accountId: String, reason: String, actor: String) async throws -> Outcome {
        let now = clock.now().epoch
        let policy = policy
        return try await database.write { sql in
            guard
                let curp = try await sql.raw(
                    """
                    UPDATE accounts SET suspended_at = \(bind: now), suspension_reason = \(bind: reason), updated_at = \(bind: now)
                    WHERE id = \(bind: accountId) AND suspended_at IS NULL RETURNING curp
                    """
                ).first()?.decode(column: "curp", as: String.self)
            else { throw CitasError(.notFound, detail: "account") }
            try await AuditLog.append(sql, at: now, actor: actor, action: "account.suspend", subject: "account:\(accountId)", detail: reason)
            try await sql.raw("UPDATE sessions SET revoked_at = \(bind: now) WHERE account_id = \(bind: accountId) AND revoked_at IS NULL").run()
            var withdrawn = try await StandingRequestStore.withdrawAll(curp: curp, now: now, in: sql)
            let folio = try await Self.cancelLive(curp: curp, reason: reason, actor: actor, now: now, policy: policy, in: sql)
            var household: [String] = []
            let members = try await sql.raw(
                "SELECT curp FROM curp_owners WHERE account_id = \(bind: accountId) AND role = 'dependent' ORDER BY curp"
            ).all().map { try $0.decode(column: "curp", as: String.self) }
            for member in members {
                withdrawn += try await StandingRequestStore.withdrawAll(curp: member, now: now, in: sql)
                if let folio = try await Self.cancelLive(curp: member, reason: reason, actor: actor, now: now, policy: policy, in: sql) {
                    household.append(folio)
                }
            }
            return Outcome(cancelledFolio: folio, withdrawnRequests: withdrawn, householdFolios: household)
        }
    }

    /// Lifts a suspension (the appointment it cancelled stays cancelled). Throws `not_found` if not suspended.
    public func reinstate(accountId: String, reason: String, actor: String) async throws {
        let now = clock.now().epoch
        try await database.write { sql in
            let rows = try await sql.raw(
                """
                UPDATE accounts SET suspended_at = NULL, suspension_reason = NULL, updated_at = \(bind: now)
                WHERE id = \(bind: accountId) AND suspended_at IS NOT NULL RETURNING id
                """
            ).all()
            guard !rows.isEmpty else { throw CitasError(.notFound, detail: "suspended account") }
            try await AuditLog.append(sql, at: now, actor: actor, action: "account.reinstate", subject: "account:\(accountId)", detail: reason)
        }
    }

    /// Cancels the CURP's booked appointment that has not started, if any; its seat is released like any other.
    private static func cancelLive(
        curp: String,
        reason: String,
        actor: String,
        now: Int,
        policy: BookingPolicy,
        in sql: any SQLDatabase
    ) async throws -> String? {
        guard
            let row = try await sql.raw(
                """
                UPDATE appointments SET status = 'cancelled', updated_at = \(bind: now)
                WHERE curp = \(bind: curp) AND status = 'booked' AND starts_at > \(bind: now)
                RETURNING \(unsafeRaw: AppointmentStore.columns)
                """
            ).first()
        else { return nil }
        let appointment = try AppointmentStore.appointment(from: row)
        try await Allocator.free(appointment, now: now, policy: policy, in: sql)
        try await AuditLog.append(
            sql,
            at: now,
            actor: actor,
            action: "appointment.claw_back",
            subject: "appointment:\(appointment.folio)",
            detail: reason
        )
        return appointment.folio
    }
}
