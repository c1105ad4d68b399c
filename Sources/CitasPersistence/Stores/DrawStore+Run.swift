import CitasDomain
import Foundation
import SQLKit

extension DrawStore {
    /// Runs every draw whose release instant has passed, each in its own transaction; returns how many ran.
    @discardableResult
    public func runDue() async throws -> Int {
        var ran = 0
        while try await runNext() { ran += 1 }
        return ran
    }

    /// Claims and runs the oldest due draw: a seeded uniform order of the office's pending requests, each given
    /// the earliest free seat it accepts; then the day opens for direct booking. Returns false when none is due.
    func runNext() async throws -> Bool {
        let now = Int(clock.now().timeIntervalSince1970)
        var generator = SystemRandomNumberGenerator()
        let seed = UInt64.random(in: 0...UInt64.max, using: &generator)
        let skipLocked = database.engine == .postgres ? " FOR UPDATE SKIP LOCKED" : ""
        let policy = policy
        return try await database.write { sql in
            guard
                let draw = try await sql.raw(
                    """
                    UPDATE draws SET drawn_at = \(bind: now), seed = \(bind: String(seed))
                    WHERE id = (SELECT id FROM draws WHERE drawn_at IS NULL AND release_at <= \(bind: now) ORDER BY release_at LIMIT 1\(unsafeRaw: skipLocked))
                        AND drawn_at IS NULL
                    RETURNING id, office_code, local_date
                    """
                ).first()
            else { return false }
            let id = try draw.decode(column: "id", as: Int.self)
            let office = try draw.decode(column: "office_code", as: String.self)
            let date = try LocalDate(try draw.decode(column: "local_date", as: String.self))
            let entrants = try await Self.pendingRequests(office: office, before: now, in: sql)
            var seats =
                try await Self.freeSeats(office: office, date: date, in: sql)
                + Self.promisedSeats(office: office, now: now, in: sql)
            var allotted = 0
            for entrant in Lottery.order(entrants, seed: seed) {
                let won = try await Self.allot(entrant, seats: &seats, drawId: id, office: office, now: now, policy: policy, in: sql)
                if won { allotted += 1 }
            }
            // Freed seats nobody here wanted go back to direct booking now, with everything else the draw leaves.
            for seat in seats where seat.free > 0 {
                if let release = seat.releaseId { _ = try await SeatReleases.release(release, now: now, in: sql) }
            }
            try await sql.raw("UPDATE slots SET open = 1 WHERE office_code = \(bind: office) AND local_date = \(bind: date.description)").run()
            try await sql.raw("UPDATE draws SET requests = \(bind: entrants.count), allotted = \(bind: allotted) WHERE id = \(bind: id)").run()
            try await AuditLog.append(
                sql,
                at: now,
                actor: "system",
                action: "draw.run",
                subject: "draw:\(id)",
                detail: "\(office) \(date) seed=\(seed) requests=\(entrants.count) allotted=\(allotted)"
            )
            return true
        }
    }

    /// A pending request with what the draw needs to book and to write to its owner.
    struct Entrant: Sendable {
        let id: Int
        let curp: String
        let accountId: String
        let timeOfDay: DrawRequest.TimeOfDay
        let rollOver: Bool
        let email: String
        let language: Language
        let officeName: String
    }

    static func pendingRequests(office: String, before now: Int, in sql: any SQLDatabase) async throws -> [Entrant] {
        try await sql.raw(
            """
            SELECT r.id, r.curp, r.account_id, r.time_of_day, r.roll_over, a.email, a.language, o.name
            FROM draw_requests r JOIN accounts a ON a.id = r.account_id JOIN offices o ON o.code = r.office_code
            WHERE r.office_code = \(bind: office) AND r.status = 'pending' AND r.created_at <= \(bind: now)
            ORDER BY r.id
            """
        ).all().map { row in
            Entrant(
                id: try row.decode(column: "id", as: Int.self),
                curp: try row.decode(column: "curp", as: String.self),
                accountId: try row.decode(column: "account_id", as: String.self),
                timeOfDay: DrawRequest.TimeOfDay(rawValue: try row.decode(column: "time_of_day", as: String.self)) ?? .any,
                rollOver: try row.decode(column: "roll_over", as: Int.self) != 0,
                email: try row.decode(column: "email", as: String.self),
                language: Language(rawValue: try row.decode(column: "language", as: String.self)) ?? .es,
                officeName: try row.decode(column: "name", as: String.self)
            )
        }
    }

    /// A seat the draw can give: free seats of its office-day, or one freed seat promised to this draw.
    struct Seat: Sendable {
        let date: LocalDate
        let time: LocalTime
        var free: Int
        /// Set for a freed seat: it is already counted in `slots.booked` and only changes hands.
        let releaseId: Int?
    }

    /// Free seats of the office-day, in time order.
    static func freeSeats(office: String, date: LocalDate, in sql: any SQLDatabase) async throws -> [Seat] {
        try await sql.raw(
            """
            SELECT local_time, capacity - booked AS free FROM slots
            WHERE office_code = \(bind: office) AND local_date = \(bind: date.description) AND capacity > booked
            ORDER BY local_time
            """
        ).all().map {
            Seat(
                date: date,
                time: try LocalTime(try $0.decode(column: "local_time", as: String.self)),
                free: try $0.decode(column: "free", as: Int.self),
                releaseId: nil
            )
        }
    }

    /// Seats freed at this office and promised to its next draw, earliest first.
    static func promisedSeats(office: String, now: Int, in sql: any SQLDatabase) async throws -> [Seat] {
        try await sql.raw(
            """
            SELECT id, local_date, local_time FROM seat_releases
            WHERE office_code = \(bind: office) AND released_at IS NULL AND reason = \(bind: SeatReleases.nextDrawReason)
                AND release_at <= \(bind: now)
            ORDER BY local_date, local_time
            """
        ).all().map {
            Seat(
                date: try LocalDate(try $0.decode(column: "local_date", as: String.self)),
                time: try LocalTime(try $0.decode(column: "local_time", as: String.self)),
                free: 1,
                releaseId: try $0.decode(column: "id", as: Int.self)
            )
        }
    }
}
