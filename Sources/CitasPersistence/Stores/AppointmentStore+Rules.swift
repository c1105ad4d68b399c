import CitasDomain
import Foundation
import SQLKit

extension AppointmentStore {
    /// Inserts the appointment only if the CURP has no live appointment, no recent no-show and is under its
    /// yearly count, in one statement (the partial unique index backs the first under concurrency). A refusal
    /// raises no SQL error, so callers inside a larger transaction (a draw) can go on.
    static func insert(
        folio: Folio,
        request: BookingRequest,
        startsAt: Int,
        now: Int,
        policy: BookingPolicy,
        in sql: any SQLDatabase
    )
        async throws
    {
        let inserted = try await sql.raw(
            """
            INSERT INTO appointments (folio, curp, office_code, local_date, local_time, starts_at, status, channel, created_at, updated_at,
                dependent_id, caller_name, caller_phone)
            SELECT \(bind: folio.value), \(bind: request.curp.value), \(bind: request.officeCode), \(bind: request.date.description),
                \(bind: request.time.description), \(bind: startsAt), 'booked', \(bind: request.channel.rawValue), \(bind: now), \(bind: now),
                (SELECT d.id FROM dependents d WHERE d.curp = \(bind: request.curp.value) AND d.removed_at IS NULL),
                \(bind: request.caller?.name), \(bind: request.caller?.phone)
            WHERE NOT EXISTS (SELECT 1 FROM appointments WHERE curp = \(bind: request.curp.value) AND status IN ('booked', 'checked_in'))
                AND NOT EXISTS (
                    SELECT 1 FROM appointments WHERE curp = \(bind: request.curp.value) AND status = 'no_show'
                        AND starts_at > \(bind: now - policy.noShowPenalty))
                AND \(yearlyCount(curp: request.curp.value, now: now)) < \(bind: policy.bookingsPerYear)
            RETURNING folio
            """
        ).first()
        guard inserted == nil else { return }
        let live = try await sql.raw(
            "SELECT 1 AS hit FROM appointments WHERE curp = \(bind: request.curp.value) AND status IN ('booked', 'checked_in')"
        ).first()
        if live != nil { throw CitasError(.curpHasLiveAppointment) }
        let penalised = try await sql.raw(
            """
            SELECT 1 AS hit FROM appointments WHERE curp = \(bind: request.curp.value) AND status = 'no_show'
                AND starts_at > \(bind: now - policy.noShowPenalty)
            """
        ).first()
        throw CitasError(penalised != nil ? .noShowPenalty : .yearlyLimit)
    }

    /// Moves a booked appointment to a slot open for direct booking: at most `maxReschedules` times, up to
    /// `changeLeadTime` before it, and within the yearly count. A seat that people wait for is not taken this way: the
    /// person files a standing request to move instead (`seat_held_for_lottery`). The old seat goes to the office's
    /// next batch, in the same transaction.
    public func reschedule(folio: Folio, to target: BookingRequest, actor: String) async throws -> Appointment {
        let now = clock.now()
        let policy = policy
        let appointment = try await database.write { sql in
            guard let old = try await Self.countReschedule(folio: folio.value, curp: target.curp, now: now.epoch, policy: policy, in: sql) else {
                throw try await Self.whyUnchangeable(folio: folio, curp: target.curp, now: now.epoch, policy: policy, in: sql)
            }
            let startsAt = try await SeatClaims.claim(target, now: now, in: sql)
            let moved = try await sql.raw(
                """
                UPDATE appointments SET office_code = \(bind: target.officeCode), local_date = \(bind: target.date.description),
                    local_time = \(bind: target.time.description), starts_at = \(bind: startsAt)
                WHERE folio = \(bind: folio.value)
                RETURNING \(unsafeRaw: Self.columns)
                """
            ).first().map(Self.appointment(from:))
            try await Allocator.free(old, now: now.epoch, policy: policy, in: sql)
            try await StandingRequestStore.withdrawAll(curp: target.curp.value, now: now.epoch, bookedAs: folio, in: sql)
            try await Self.confirm(folio, target, replacing: old, now: now.epoch, in: sql)
            try await AuditLog.append(
                sql,
                at: now.epoch,
                actor: actor,
                action: "appointment.reschedule",
                subject: "appointment:\(folio)",
                detail: "\(old.officeCode) \(old.date) \(old.time) -> \(target.officeCode) \(target.date) \(target.time)"
            )
            return moved!
        }
        metrics.moved()
        return appointment
    }

    /// Counts one more reschedule of a booked appointment if the rules allow it (cap, lead time, yearly count) and
    /// returns it as it was; nil when they do not. The caller then moves it, in the same transaction.
    static func countReschedule(
        folio: String,
        curp: Curp,
        now: Int,
        policy: BookingPolicy,
        in sql: any SQLDatabase
    ) async throws
        -> Appointment?
    {
        try await sql.raw(
            """
            UPDATE appointments SET reschedules = reschedules + 1, updated_at = \(bind: now)
            WHERE folio = \(bind: folio) AND curp = \(bind: curp.value) AND status = 'booked'
                AND reschedules < \(bind: policy.maxReschedules) AND starts_at >= \(bind: now + policy.changeLeadTime)
                AND \(yearlyCount(curp: curp.value, now: now)) < \(bind: policy.bookingsPerYear)
            RETURNING \(unsafeRaw: Self.columns)
            """
        ).first().map(Self.appointment(from:))
    }

    /// Appointments a CURP made in the last 365 days plus their reschedules (office cancellations do not count).
    static func yearlyCount(curp: String, now: Int) -> SQLQueryString {
        """
        (SELECT COUNT(*) + COALESCE(SUM(y.reschedules), 0) FROM appointments y WHERE y.curp = \(bind: curp) AND y.cancelled_by_office = 0
            AND y.created_at > \(bind: now - 365 * 86_400))
        """
    }

    /// Why a change to an appointment was refused: the follow-up read only explains, it decides nothing.
    static func whyUnchangeable(
        folio: Folio,
        curp: Curp,
        now: Int,
        policy: BookingPolicy,
        in sql: any SQLDatabase
    ) async throws
        -> CitasError
    {
        let row = try await sql.raw(
            "SELECT status, starts_at, reschedules FROM appointments WHERE folio = \(bind: folio.value) AND curp = \(bind: curp.value)"
        ).first()
        guard let row else { return CitasError(.appointmentNotFound) }
        guard try row.decode(column: "status", as: String.self) == AppointmentStatus.booked.rawValue else {
            return CitasError(.appointmentNotCancellable)
        }
        if try row.decode(column: "starts_at", as: Int.self) < now + policy.changeLeadTime { return CitasError(.changeTooLate) }
        if try row.decode(column: "reschedules", as: Int.self) >= policy.maxReschedules { return CitasError(.rescheduleLimit) }
        return CitasError(.yearlyLimit)
    }
}
