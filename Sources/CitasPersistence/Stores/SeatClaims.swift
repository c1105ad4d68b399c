import CitasDomain
import Foundation
import SQLKit

/// Claiming one seat of a slot: a single conditional statement, never read-then-write.
enum SeatClaims {
    /// Takes one seat if the slot exists, has started not yet and has a free seat; returns its start instant.
    /// When nothing was claimed, a follow-up read only explains why.
    static func claim(_ request: BookingRequest, now: Date, in sql: any SQLDatabase) async throws -> Int {
        let claimed = try await sql.raw(
            """
            UPDATE slots SET booked = booked + 1
            WHERE office_code = \(bind: request.officeCode) AND local_date = \(bind: request.date.description)
                AND local_time = \(bind: request.time.description) AND booked < capacity AND open = 1 AND starts_at > \(bind: now.epoch)
            RETURNING starts_at
            """
        ).first()
        if let claimed { return try claimed.decode(column: "starts_at", as: Int.self) }
        throw try await reasonNotClaimed(request, now: now, in: sql)
    }

    private static func reasonNotClaimed(_ request: BookingRequest, now: Date, in sql: any SQLDatabase) async throws -> CitasError {
        let slot = try await sql.raw(
            """
            SELECT starts_at, capacity, open FROM slots
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
        return CitasError(try slot.decode(column: "capacity", as: Int.self) == 0 ? .slotNotFound : .slotFull)
    }
}
