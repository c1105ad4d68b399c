import CitasDomain
import Foundation
import SQLKit

extension DrawStore {
    /// Gives one entrant the earliest free seat they accept, with the same booking rules as a direct booking;
    /// otherwise records the loss (or keeps the request for the next draw). Writes the result e-mail either way.
    static func allot(
        _ entrant: Entrant,
        seats: inout [Seat],
        drawId: Int,
        office: String,
        now: Int,
        policy: BookingPolicy,
        in sql: any SQLDatabase
    ) async throws -> Bool {
        if let index = seats.firstIndex(where: { $0.free > 0 && entrant.timeOfDay.accepts($0.time) }) {
            let seat = seats[index]
            let (date, time) = (seat.date, seat.time)
            let folio = Folio.random()
            let request = BookingRequest(
                curp: Curp(stored: entrant.curp),
                officeCode: office,
                date: date,
                time: time,
                actor: "draw:\(drawId)",
                channel: .draw
            )
            // A freed seat is already counted as taken; a seat of the office-day is claimed now.
            let delta = seat.releaseId == nil ? 1 : 0
            let startsAt = try await sql.raw(
                """
                UPDATE slots SET booked = booked + \(bind: delta)
                WHERE office_code = \(bind: office) AND local_date = \(bind: date.description) AND local_time = \(bind: time.description)
                    AND booked + \(bind: delta) <= capacity
                RETURNING starts_at
                """
            ).first()!.decode(column: "starts_at", as: Int.self)
            do {
                try await AppointmentStore.insert(folio: folio, request: request, startsAt: startsAt, now: now, policy: policy, in: sql)
            } catch is CitasError {
                // The person became ineligible since asking (booked elsewhere, missed an appointment…): undo the claim.
                try await sql.raw(
                    """
                    UPDATE slots SET booked = booked - \(bind: delta)
                    WHERE office_code = \(bind: office) AND local_date = \(bind: date.description) AND local_time = \(bind: time.description)
                    """
                ).run()
                try await decide(entrant.id, status: "skipped", drawId: drawId, folio: nil, now: now, in: sql)
                return false
            }
            if let release = seat.releaseId { _ = try await SeatReleases.release(release, now: now, freeingSeat: false, in: sql) }
            seats[index].free -= 1
            try await decide(entrant.id, status: "allotted", drawId: drawId, folio: folio.value, now: now, in: sql)
            try await AuditLog.append(
                sql,
                at: now,
                actor: "draw:\(drawId)",
                action: "appointment.book",
                subject: "appointment:\(folio)",
                detail: "\(office) \(date) \(time)"
            )
            let mail = MailTemplates.drawWon(
                to: entrant.email,
                folio: folio.value,
                office: entrant.officeName,
                date: date,
                time: time,
                language: entrant.language
            )
            try await OutboxStore.enqueue(mail, now: now, in: sql)
            return true
        }
        if !entrant.rollOver { try await decide(entrant.id, status: "unlucky", drawId: drawId, folio: nil, now: now, in: sql) }
        let mail = MailTemplates.drawLost(to: entrant.email, office: entrant.officeName, rolledOver: entrant.rollOver, language: entrant.language)
        try await OutboxStore.enqueue(mail, now: now, in: sql)
        return false
    }

    private static func decide(_ requestId: Int, status: String, drawId: Int, folio: String?, now: Int, in sql: any SQLDatabase) async throws {
        try await sql.raw(
            """
            UPDATE draw_requests SET status = \(bind: status), draw_id = \(bind: drawId), folio = \(bind: folio), decided_at = \(bind: now)
            WHERE id = \(bind: requestId) AND status = 'pending'
            """
        ).run()
    }
}
