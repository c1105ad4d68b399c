import CitasDomain
import Foundation
import SQLKit

/// Closing days and changing capacity. Both refuse, change nothing and list the appointments in the way
/// when the change would take a seat from someone who holds it.
extension SlotStore {
    /// Sets every slot of a day to `capacity` seats, but only if no slot has more bookings than that. Seats it adds
    /// are never open at once: the allocator gives them to the people waiting, and opens only what they leave.
    public func setCapacity(office: String, date: LocalDate, capacity: Int, actor: String) async throws {
        guard (0...OpeningPlan.maximumCounters).contains(capacity) else { throw CitasError(.capacityInvalid, detail: "capacity") }
        let policy = policy
        try await database.write { sql in
            try await Self.shrink(office: office, date: date, to: capacity, code: .capacityBelowBookings, in: sql)
            // Seats added to a released day are held like any freed seat: the office's next batch draws them.
            let added = try await sql.raw(
                """
                SELECT 1 AS hit FROM slots WHERE office_code = \(bind: office) AND local_date = \(bind: date.description) AND open = 1
                    AND capacity > booked + direct LIMIT 1
                """
            ).first()
            if added != nil { try await Allocator.seatsFreed(office: office, now: now, policy: policy, in: sql) }
            try await AuditLog.append(
                sql,
                at: now,
                actor: actor,
                action: "slots.capacity",
                subject: "office:\(office)",
                detail: "\(date) capacity=\(capacity)"
            )
        }
    }

    /// Closes a day: records the exception (so generation will not reopen it) and empties its slots.
    public func closeDay(office: String, date: LocalDate, reason: String, actor: String) async throws {
        try await database.write { sql in
            try await CalendarStore.upsertException(DayException(officeCode: office, date: date, hours: nil, reason: reason), in: sql)
            try await Self.shrink(office: office, date: date, to: 0, code: .dayHasBookings, in: sql)
            try await AuditLog.append(sql, at: now, actor: actor, action: "day.close", subject: "office:\(office)", detail: "\(date) \(reason)")
        }
    }

    /// Closes a day that has bookings: cancels them (not counting against their holders), writes one audit row and
    /// queues one e-mail each to the account that holds the CURP (a household member's goes to the holder), then
    /// closes the day — all in one transaction. Returns every cancelled appointment, saying who was not mailed (a
    /// phone caller without an account) and the number they gave, so the office can call them.
    public func closeDay(
        office: String,
        date: LocalDate,
        reason: String,
        actor: String,
        notify: @escaping @Sendable (_ recipient: String, _ language: Language, _ folio: String) -> OutgoingMail
    ) async throws -> [ClosedAppointment] {
        try await database.write { sql in
            var closed: [ClosedAppointment] = []
            let cancelled = try await sql.raw(
                """
                UPDATE appointments SET status = 'cancelled', cancelled_by_office = 1, updated_at = \(bind: now)
                WHERE office_code = \(bind: office) AND local_date = \(bind: date.description) AND status IN ('booked', 'checked_in')
                RETURNING folio, curp, local_time, caller_name, caller_phone
                """
            ).all()
            try await sql.raw(
                "UPDATE slots SET booked = 0 WHERE office_code = \(bind: office) AND local_date = \(bind: date.description)"
            ).run()
            for row in cancelled {
                let (folio, curp) = (try row.decode(column: "folio", as: String.self), try row.decode(column: "curp", as: String.self))
                try await AuditLog.append(
                    sql,
                    at: now,
                    actor: actor,
                    action: "appointment.cancel_by_office",
                    subject: "appointment:\(folio)",
                    detail: reason
                )
                let owner = try await sql.raw(
                    "SELECT a.email, a.language FROM curp_owners o JOIN accounts a ON a.id = o.account_id WHERE o.curp = \(bind: curp)"
                ).first()
                if let owner {
                    let language = Language(rawValue: try owner.decode(column: "language", as: String.self)) ?? .es
                    try await OutboxStore.enqueue(notify(try owner.decode(column: "email", as: String.self), language, folio), now: now, in: sql)
                }
                closed.append(
                    ClosedAppointment(
                        folio: folio,
                        time: try LocalTime(try row.decode(column: "local_time", as: String.self)),
                        callerName: try row.decode(column: "caller_name", as: String?.self),
                        callerPhone: try row.decode(column: "caller_phone", as: String?.self),
                        mailed: owner != nil
                    )
                )
            }
            try await CalendarStore.upsertException(DayException(officeCode: office, date: date, hours: nil, reason: reason), in: sql)
            try await Self.shrink(office: office, date: date, to: 0, code: .dayHasBookings, in: sql)
            try await AuditLog.append(sql, at: now, actor: actor, action: "day.close", subject: "office:\(office)", detail: "\(date) \(reason)")
            return closed.sorted { ($0.time, $0.folio) < ($1.time, $1.folio) }
        }
    }

    private var now: Int { Int(clock.now().timeIntervalSince1970) }

    /// One conditional UPDATE changes the slots that can take it; if any slot cannot, the transaction fails
    /// with the live appointments of those slots, so the caller can show who would be affected.
    private static func shrink(office: String, date: LocalDate, to capacity: Int, code: ErrorCode, in sql: any SQLDatabase) async throws {
        try await sql.raw(
            """
            UPDATE slots SET capacity = \(bind: capacity),
                direct = CASE WHEN direct > \(bind: capacity) - booked THEN \(bind: capacity) - booked ELSE direct END
            WHERE office_code = \(bind: office) AND local_date = \(bind: date.description) AND booked <= \(bind: capacity)
            """
        ).run()
        let blocking = try await sql.raw(
            """
            SELECT a.folio, a.local_time FROM appointments a JOIN slots s
                ON s.office_code = a.office_code AND s.local_date = a.local_date AND s.local_time = a.local_time
            WHERE s.office_code = \(bind: office) AND s.local_date = \(bind: date.description) AND s.booked > \(bind: capacity)
                AND a.status IN ('booked', 'checked_in')
            ORDER BY a.local_time, a.folio
            """
        ).all()
        guard blocking.isEmpty else {
            let list = try blocking.map {
                "\(try $0.decode(column: "local_time", as: String.self)) \(try $0.decode(column: "folio", as: String.self))"
            }
            throw CitasError(code, detail: list.joined(separator: ", "))
        }
    }
}

/// An appointment cancelled because its day closed, and whether its holder was told by e-mail.
public struct ClosedAppointment: Sendable, Hashable {
    public let folio: String
    public let time: LocalTime
    public let callerName: String?
    public let callerPhone: String?
    /// False for a phone caller without an account: the office must call them.
    public let mailed: Bool
}
