import CitasDomain
import Foundation
import SQLKit

/// Claiming one seat of a slot for a direct booking: a single conditional statement, never read-then-write. Only
/// seats the allocator opened (`direct`) can be claimed, and only while nobody else waiting at the office accepts
/// the slot: then the seat is the lottery's.
enum SeatClaims {
    /// Takes one seat if the slot exists, has started not yet and has a free seat; returns its start instant.
    /// When nothing was claimed, a follow-up read only explains why.
    static func claim(_ request: BookingRequest, now: Date, in sql: any SQLDatabase) async throws -> Int {
        let claimed = try await sql.raw(
            """
            UPDATE slots SET booked = booked + 1, direct = direct - 1
            WHERE office_code = \(bind: request.officeCode) AND local_date = \(bind: request.date.description)
                AND local_time = \(bind: request.time.description) AND direct > 0 AND open = 1 AND starts_at > \(bind: now.epoch)
                AND NOT \(SeatSQL.someoneWaits(for: "slots", except: request.curp.value))
            RETURNING starts_at
            """
        ).first()
        if let claimed { return try claimed.decode(column: "starts_at", as: Int.self) }
        throw try await reasonNotClaimed(request, now: now, in: sql)
    }

    private static func reasonNotClaimed(_ request: BookingRequest, now: Date, in sql: any SQLDatabase) async throws -> CitasError {
        let slot = try await sql.raw(
            """
            SELECT starts_at, capacity, booked, open FROM slots
            WHERE office_code = \(bind: request.officeCode) AND local_date = \(bind: request.date.description)
                AND local_time = \(bind: request.time.description)
            """
        ).first()
        guard let slot else {
            let office = try await sql.raw("SELECT code FROM offices WHERE code = \(bind: request.officeCode)").first()
            return CitasError(office == nil ? .officeNotFound : .slotNotFound)
        }
        if try slot.decode(column: "starts_at", as: Int.self) <= now.epoch { return CitasError(.slotInPast) }
        if try slot.decode(column: "open", as: Int.self) == 0 { return CitasError(.slotNotReleased) }
        let capacity = try slot.decode(column: "capacity", as: Int.self)
        if capacity == 0 { return CitasError(.slotNotFound) }
        return CitasError(try slot.decode(column: "booked", as: Int.self) < capacity ? .seatHeldForLottery : .slotFull)
    }
}
