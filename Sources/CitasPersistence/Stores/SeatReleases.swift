import CitasDomain
import Foundation
import SQLKit

/// Freed seats that are not bookable yet. A seat stays counted in `slots.booked` until the next draw hands it to a
/// new holder, or until its random release instant when `releaseDue` gives it back, once, whichever instance
/// gets there first.
public struct SeatReleases: Sendable {
    let database: any AppDatabase

    public init(database: any AppDatabase) {
        self.database = database
    }

    /// Schedules the return of one seat freed inside the caller's transaction: into the office's next draw when one
    /// comes early enough (at least `policy.changeLeadTime` before the seat), else back to direct booking at a random
    /// instant `policy.releaseDelay` from now.
    static func schedule(_ seat: Appointment, reason: String, now: Int, policy: BookingPolicy, in sql: any SQLDatabase) async throws {
        let startsAt = Int(seat.startsAt.timeIntervalSince1970)
        var kind = reason
        var releaseAt = now + policy.randomReleaseDelay()
        if policy.freedSeatsToNextDraw,
            let next = try await sql.raw(
                """
                SELECT MIN(release_at) AS next FROM draws WHERE office_code = \(bind: seat.officeCode) AND drawn_at IS NULL
                    AND release_at > \(bind: now)
                """
            ).first()?.decode(column: "next", as: Int?.self), next + policy.changeLeadTime <= startsAt
        {
            kind = nextDrawReason
            releaseAt = next
        }
        try await sql.raw(
            """
            INSERT INTO seat_releases (office_code, local_date, local_time, reason, freed_at, release_at)
            VALUES (\(bind: seat.officeCode), \(bind: seat.date.description), \(bind: seat.time.description), \(bind: kind), \(bind: now),
                \(bind: releaseAt))
            """
        ).run()
    }

    /// Seats promised to a draw; the timer leaves them to it (and frees them an hour late if the draw never ran).
    static let nextDrawReason = "next_draw"

    /// Returns every seat whose release instant has passed to its slot; returns how many. Each release row is
    /// marked by a conditional UPDATE before its seat is freed, so two instances never free the same seat twice.
    @discardableResult
    public func releaseDue(now: Int, limit: Int = 500) async throws -> Int {
        let skipLocked = database.engine == .postgres ? " FOR UPDATE SKIP LOCKED" : ""
        return try await database.write { sql in
            let due = try await sql.raw(
                """
                SELECT id FROM seat_releases WHERE released_at IS NULL AND release_at <= \(bind: now)
                    AND (reason <> \(bind: Self.nextDrawReason) OR release_at <= \(bind: now - 3600))
                ORDER BY release_at LIMIT \(bind: limit)\(unsafeRaw: skipLocked)
                """
            ).all().map { try $0.decode(column: "id", as: Int.self) }
            var released = 0
            for id in due where try await Self.release(id, now: now, in: sql) { released += 1 }
            return released
        }
    }

    /// Marks one release done and frees its seat, unless someone else already did; true when this call did it.
    static func release(_ id: Int, now: Int, freeingSeat: Bool = true, in sql: any SQLDatabase) async throws -> Bool {
        guard
            let seat = try await sql.raw(
                """
                UPDATE seat_releases SET released_at = \(bind: now) WHERE id = \(bind: id) AND released_at IS NULL
                RETURNING office_code, local_date, local_time
                """
            ).first()
        else { return false }
        guard freeingSeat else { return true }
        try await sql.raw(
            """
            UPDATE slots SET booked = booked - 1
            WHERE office_code = \(bind: try seat.decode(column: "office_code", as: String.self))
                AND local_date = \(bind: try seat.decode(column: "local_date", as: String.self))
                AND local_time = \(bind: try seat.decode(column: "local_time", as: String.self)) AND booked > 0
            """
        ).run()
        return true
    }

    /// Seats waiting for release (for the capacity invariant: capacity = live + free + waiting).
    public func waiting() async throws -> Int {
        try await database.read { sql in
            try await sql.raw("SELECT COUNT(*) AS n FROM seat_releases WHERE released_at IS NULL").first()!.decode(column: "n", as: Int.self)
        }
    }
}
