import CitasDomain
import Foundation
import SQLKit

/// A waiting request with what the allocator needs to book for it and to write to its owner.
struct Entrant: Sendable {
    let id: Int
    let office: String
    let curp: String
    /// The household waiting together that this request belongs to; nil for one person.
    let group: Int?
    let preference: SeatPreference
    let moveFolio: String?
    /// The account whose household the person is a member of, when the request is for a member (confirmed and locked
    /// again when a seat is given: a member removed since asking gets none).
    let household: String?
    /// A phone caller without an account, recorded on the appointment.
    let caller: BookingRequest.Caller?
    let actor: String
    /// Where the result goes; nil for a phone caller without an account (the agent's list shows it).
    let email: String?
    let language: Language
    let officeName: String

    /// Everyone waiting at the office who asked before `now`, in request order (the lottery's input order).
    static func waiting(office: String, now: Int, in sql: any SQLDatabase) async throws -> [Entrant] {
        try await sql.raw(
            """
            SELECT r.id, r.office_code, r.curp, r.group_id, r.caller_name, r.caller_phone, r.time_of_day, r.from_date, r.through_date, r.move_folio, r.account_id, r.agent,
                a.email, a.language, a.curp AS holder_curp, o.name
            FROM standing_requests r LEFT JOIN accounts a ON a.id = r.account_id JOIN offices o ON o.code = r.office_code
            WHERE r.office_code = \(bind: office) AND r.status = 'waiting' AND r.created_at <= \(bind: now)
            ORDER BY r.id
            """
        ).all().map { row in
            let account = try row.decode(column: "account_id", as: String?.self)
            let curp = try row.decode(column: "curp", as: String.self)
            let holder = try row.decode(column: "holder_curp", as: String?.self)
            return Entrant(
                id: try row.decode(column: "id", as: Int.self),
                office: try row.decode(column: "office_code", as: String.self),
                curp: curp,
                group: try row.decode(column: "group_id", as: Int?.self),
                preference: try StandingRequestStore.preference(from: row),
                moveFolio: try row.decode(column: "move_folio", as: String?.self),
                household: holder == nil || holder == curp ? nil : account,
                caller: try row.decode(column: "caller_name", as: String?.self).map { name in
                    BookingRequest.Caller(name: name, phone: try row.decode(column: "caller_phone", as: String?.self) ?? "")
                },
                actor: Requester.actor(agent: try row.decode(column: "agent", as: String?.self), accountId: account),
                email: try row.decode(column: "email", as: String?.self),
                language: Language(rawValue: try row.decode(column: "language", as: String?.self) ?? "es") ?? .es,
                officeName: try row.decode(column: "name", as: String.self)
            )
        }
    }
}

extension Allocator {
    /// Gives one entrant one seat under the same booking rules as a direct booking (a new appointment) or a move
    /// (the reschedule cap, lead time and yearly count). A person who became ineligible since asking is skipped and
    /// their request closed; the seat stays in the pool. Writes the appointment, audit row and mail together.
    static func allot(
        _ entrant: Entrant,
        _ seat: SeatOffer,
        allocation: Int,
        now: Int,
        policy: BookingPolicy,
        engine: DatabaseEngine,
        in sql: any SQLDatabase
    ) async throws -> Bool {
        let office = entrant.office
        let startsAt = try await claimHeld(office: office, seat, in: sql)
        let folio: String
        do {
            if let household = entrant.household {
                try await DependentStore.confirmActsFor(curp: entrant.curp, accountId: household, engine: engine, in: sql)
            }
            if let moving = entrant.moveFolio {
                try await move(moving, entrant, to: seat, office: office, startsAt: startsAt, now: now, policy: policy, in: sql)
                folio = moving
            } else {
                let made = Folio.random()
                var request = BookingRequest(
                    curp: Curp(stored: entrant.curp),
                    officeCode: office,
                    date: seat.date,
                    time: seat.time,
                    actor: "allocation:\(allocation)",
                    channel: .draw
                )
                request.caller = entrant.caller
                try await AppointmentStore.insert(folio: made, request: request, startsAt: startsAt, now: now, policy: policy, in: sql)
                try await AuditLog.append(
                    sql,
                    at: now,
                    actor: "allocation:\(allocation)",
                    action: "appointment.book",
                    subject: "appointment:\(made)",
                    detail: "\(office) \(seat.date) \(seat.time) request=\(entrant.id)"
                )
                folio = made.value
            }
        } catch is CitasError {
            try await giveBack(office: office, seat, in: sql)
            try await decide(entrant.id, .skipped, allocation: allocation, folio: nil, seat: nil, now: now, in: sql)
            return false
        }
        try await decide(entrant.id, .allotted, allocation: allocation, folio: folio, seat: seat, now: now, in: sql)
        if let email = entrant.email {
            let mail = MailTemplates.drawWon(
                to: email,
                folio: folio,
                office: entrant.officeName,
                date: seat.date,
                time: seat.time,
                moved: entrant.moveFolio != nil,
                language: entrant.language
            )
            try await OutboxStore.enqueue(mail, now: now, in: sql)
        }
        return true
    }

    /// Takes a free seat for the allocator, held seats before open ones (a slot's `direct` never exceeds its free
    /// seats). The seat was read as free in this transaction, so the claim cannot miss.
    private static func claimHeld(office: String, _ seat: SeatOffer, in sql: any SQLDatabase) async throws -> Int {
        try await sql.raw(
            """
            UPDATE slots SET booked = booked + 1,
                direct = CASE WHEN direct > capacity - booked - 1 THEN capacity - booked - 1 ELSE direct END
            WHERE office_code = \(bind: office) AND local_date = \(bind: seat.date.description) AND local_time = \(bind: seat.time.description)
                AND booked < capacity
            RETURNING starts_at
            """
        ).first()!.decode(column: "starts_at", as: Int.self)
    }

    /// Moves the entrant's appointment into the seat, within the reschedule rules, and frees its old seat.
    private static func move(
        _ folio: String,
        _ entrant: Entrant,
        to seat: SeatOffer,
        office: String,
        startsAt: Int,
        now: Int,
        policy: BookingPolicy,
        in sql: any SQLDatabase
    ) async throws {
        guard
            let old = try await AppointmentStore.countReschedule(
                folio: folio,
                curp: Curp(stored: entrant.curp),
                now: now,
                policy: policy,
                in: sql
            )
        else { throw CitasError(.rescheduleLimit) }
        try await sql.raw(
            """
            UPDATE appointments SET office_code = \(bind: office), local_date = \(bind: seat.date.description),
                local_time = \(bind: seat.time.description), starts_at = \(bind: startsAt)
            WHERE folio = \(bind: folio)
            """
        ).run()
        try await free(old, now: now, policy: policy, in: sql)
        try await AuditLog.append(
            sql,
            at: now,
            actor: entrant.actor,
            action: "appointment.reschedule",
            subject: "appointment:\(folio)",
            detail: "\(old.officeCode) \(old.date) \(old.time) -> \(office) \(seat.date) \(seat.time) request=\(entrant.id)"
        )
    }

    static func decide(
        _ request: Int,
        _ status: StandingRequest.Status,
        allocation: Int?,
        folio: String?,
        seat: SeatOffer?,
        now: Int,
        in sql: any SQLDatabase
    ) async throws {
        try await sql.raw(
            """
            UPDATE standing_requests SET status = \(bind: status.rawValue), allocation_id = \(bind: allocation), folio = \(bind: folio),
                seat = \(bind: seat.map { "\($0.date) \($0.time)" }), decided_at = \(bind: now)
            WHERE id = \(bind: request) AND status = 'waiting'
            """
        ).run()
    }
}
