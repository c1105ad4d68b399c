import CitasDomain
import SQLKit

/// Freed seats that are not bookable yet. A seat stays counted in `slots.booked` until its random release
/// instant; then `releaseDue` gives it back, once, whichever instance gets there first.
public struct SeatReleases: Sendable {
    let database: any AppDatabase

    public init(database: any AppDatabase) {
        self.database = database
    }

    /// Schedules the release of one seat of a slot (inside the transaction that freed it).
    static func schedule(
        office: String,
        date: LocalDate,
        time: LocalTime,
        reason: String,
        now: Int,
        releaseAt: Int,
        in sql: any SQLDatabase
    )
        async throws
    {
        try await sql.raw(
            """
            INSERT INTO seat_releases (office_code, local_date, local_time, reason, freed_at, release_at)
            VALUES (\(bind: office), \(bind: date.description), \(bind: time.description), \(bind: reason), \(bind: now), \(bind: releaseAt))
            """
        ).run()
    }

    /// Returns every seat whose release instant has passed to its slot; returns how many. Each release row is
    /// marked by a conditional UPDATE before its seat is freed, so two instances never free the same seat twice.
    @discardableResult
    public func releaseDue(now: Int, limit: Int = 500) async throws -> Int {
        let skipLocked = database.engine == .postgres ? " FOR UPDATE SKIP LOCKED" : ""
        return try await database.write { sql in
            let due = try await sql.raw(
                """
                SELECT id FROM seat_releases WHERE released_at IS NULL AND release_at <= \(bind: now)
                ORDER BY release_at LIMIT \(bind: limit)\(unsafeRaw: skipLocked)
                """
            ).all().map { try $0.decode(column: "id", as: Int.self) }
            var released = 0
            for id in due {
                guard
                    let seat = try await sql.raw(
                        """
                        UPDATE seat_releases SET released_at = \(bind: now) WHERE id = \(bind: id) AND released_at IS NULL
                        RETURNING office_code, local_date, local_time
                        """
                    ).first()
                else { continue }
                try await sql.raw(
                    """
                    UPDATE slots SET booked = booked - 1
                    WHERE office_code = \(bind: try seat.decode(column: "office_code", as: String.self))
                        AND local_date = \(bind: try seat.decode(column: "local_date", as: String.self))
                        AND local_time = \(bind: try seat.decode(column: "local_time", as: String.self)) AND booked > 0
                    """
                ).run()
                released += 1
            }
            return released
        }
    }

    /// Seats waiting for release (for the capacity invariant: capacity = live + free + waiting).
    public func waiting() async throws -> Int {
        try await database.read { sql in
            try await sql.raw("SELECT COUNT(*) AS n FROM seat_releases WHERE released_at IS NULL").first()!.decode(column: "n", as: Int.self)
        }
    }
}
