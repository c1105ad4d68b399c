import CitasDomain
import Foundation
import SQLKit

/// The one allocation engine. Every seat that becomes free — a released day, added capacity, a cancellation, a move
/// away, a claw-back, a slot added to a released day — is held for the office's allocator, which gives it by a
/// recorded-seed lottery to the people waiting there; only the seats nobody waiting accepts become open for direct
/// booking. The seat sources call `seatsFreed`; the allocation runs in `run`, inside the caller's transaction.
enum Allocator {
    /// Makes sure the office has a batch coming at a random instant `policy.batchDelay` from now: at most one waits
    /// per office (a partial unique index), so a flood of cancellations schedules one batch, not many.
    static func seatsFreed(office: String, now: Int, policy: BookingPolicy, in sql: any SQLDatabase) async throws {
        try await sql.raw(
            """
            INSERT INTO allocations (office_code, kind, due_at) VALUES (\(bind: office), 'batch', \(bind: now + policy.randomBatchDelay()))
            ON CONFLICT DO NOTHING
            """
        ).run()
    }

    /// Gives back the seat of an appointment that no longer holds it (cancelled or moved away): the seat is held,
    /// not open, until the office's next batch.
    static func free(_ seat: Appointment, now: Int, policy: BookingPolicy, in sql: any SQLDatabase) async throws {
        try await giveBack(office: seat.officeCode, SeatOffer(date: seat.date, time: seat.time), in: sql)
        try await seatsFreed(office: seat.officeCode, now: now, policy: policy, in: sql)
    }

    /// One seat of a slot stops being booked (it becomes held: `direct` is untouched).
    static func giveBack(office: String, _ seat: SeatOffer, in sql: any SQLDatabase) async throws {
        try await sql.raw(
            """
            UPDATE slots SET booked = booked - 1
            WHERE office_code = \(bind: office) AND local_date = \(bind: seat.date.description)
                AND local_time = \(bind: seat.time.description) AND booked > 0
            """
        ).run()
    }

    /// An allocation claimed for running, with the office's other due allocations merged into it.
    struct Claimed: Sendable {
        let id: Int
        let office: String
        /// The office-days this run opens (its own release and merged ones); empty for a batch alone.
        let releases: [LocalDate]
        let seed: UInt64
        /// Other due allocations of the office claimed with it: one lottery serves them all (a first start's launch
        /// draws of every day of an office are one run, not sixty that each re-offer the days before).
        let merged: [Int]
    }

    /// Claims the oldest due allocation with one conditional UPDATE (and SKIP LOCKED on PostgreSQL), so across
    /// instances each runs once.
    static func claimNext(now: Int, seed: UInt64, engine: DatabaseEngine, in sql: any SQLDatabase) async throws -> Claimed? {
        let skipLocked = engine == .postgres ? " FOR UPDATE SKIP LOCKED" : ""
        guard
            let row = try await sql.raw(
                """
                UPDATE allocations SET ran_at = \(bind: now), seed = \(bind: String(seed))
                WHERE id = (SELECT id FROM allocations WHERE ran_at IS NULL AND due_at <= \(bind: now) ORDER BY due_at, id LIMIT 1\(unsafeRaw: skipLocked))
                    AND ran_at IS NULL
                RETURNING id, office_code, local_date
                """
            ).first()
        else { return nil }
        let id = try row.decode(column: "id", as: Int.self)
        let office = try row.decode(column: "office_code", as: String.self)
        let others = try await sql.raw(
            """
            UPDATE allocations SET ran_at = \(bind: now), seed = \(bind: String(seed))
            WHERE id IN (SELECT id FROM allocations WHERE office_code = \(bind: office) AND ran_at IS NULL AND due_at <= \(bind: now)
                    AND id <> \(bind: id)\(unsafeRaw: skipLocked))
                AND ran_at IS NULL
            RETURNING id, local_date
            """
        ).all()
        let days = try [row.decode(column: "local_date", as: String?.self)] + others.map { try $0.decode(column: "local_date", as: String?.self) }
        return Claimed(
            id: id,
            office: office,
            releases: try days.compactMap { try $0.map { try LocalDate($0) } },
            seed: seed,
            merged: try others.map { try $0.decode(column: "id", as: Int.self) }.sorted()
        )
    }

    /// Runs a claimed allocation: opens its day (a release), draws the order of everyone waiting at the office from
    /// the seed (a household waiting together takes one turn), gives each the earliest offered seat they accept under
    /// the booking rules (a household the earliest run of consecutive seats of one day, or none), records what the lottery
    /// saw (entrants and seats, for a replay), and opens what nobody waiting accepted for direct booking. Returns how
    /// many seats it gave.
    static func run(_ allocation: Claimed, now: Int, policy: BookingPolicy, engine: DatabaseEngine, in sql: any SQLDatabase) async throws -> Int {
        for day in allocation.releases {
            try await sql.raw(
                "UPDATE slots SET open = 1 WHERE office_code = \(bind: allocation.office) AND local_date = \(bind: day.description)"
            ).run()
        }
        let entrants = try await Entrant.waiting(office: allocation.office, now: now, in: sql)
        let (offered, open) = try await offeredSeats(office: allocation.office, now: now, policy: policy, in: sql)
        var seats = offered
        var allotted = 0
        for turn in Lottery.turns(entrants, seed: allocation.seed, group: \.group) {
            if turn.count > 1 || turn[0].group != nil {
                allotted += try await allotTogether(
                    turn,
                    from: &seats,
                    allocation: allocation.id,
                    now: now,
                    policy: policy,
                    engine: engine,
                    in: sql
                )
                continue
            }
            let entrant = turn[0]
            guard let index = Allotment.choose(entrant.preference, among: seats) else { continue }
            if try await allot(entrant, seats[index], allocation: allocation.id, now: now, policy: policy, engine: engine, in: sql) {
                seats.remove(at: index)
                allotted += 1
            }
        }
        // What the lottery offered and nobody waiting accepted opens for direct booking. Seats too close to start were
        // not offered and stay empty rather than become a race; seats freed during this run (a move's old seat) wait
        // for the next batch, which the move scheduled.
        for (slot, count) in Dictionary(grouping: seats, by: { $0 }).mapValues(\.count) where open[slot] != count {
            try await sql.raw(
                """
                UPDATE slots SET direct = \(bind: count)
                WHERE office_code = \(bind: allocation.office) AND local_date = \(bind: slot.date.description)
                    AND local_time = \(bind: slot.time.description) AND booked + \(bind: count) <= capacity
                """
            ).run()
        }
        try await sql.raw(
            """
            UPDATE allocations SET entrants = \(bind: entrants.map { String($0.id) }.joined(separator: ",")),
                seats = \(bind: SeatList.text(offered)), requests = \(bind: entrants.count), allotted = \(bind: allotted)
            WHERE id = \(bind: allocation.id)
            """
        ).run()
        let released = allocation.releases.isEmpty ? "batch" : "release \(allocation.releases.map(\.description).sorted().joined(separator: ","))"
        try await AuditLog.append(
            sql,
            at: now,
            actor: "system",
            action: "allocation.run",
            subject: "allocation:\(allocation.id)",
            detail:
                "\(allocation.office) \(released) seed=\(allocation.seed) requests=\(entrants.count) seats=\(offered.count) allotted=\(allotted)"
        )
        for merged in allocation.merged {
            // A merged release took part in the same lottery: it shows its entrants' count; the record is the primary's.
            try await sql.raw(
                "UPDATE allocations SET entrants = '', seats = '', requests = \(bind: entrants.count) WHERE id = \(bind: merged)"
            ).run()
            try await AuditLog.append(
                sql,
                at: now,
                actor: "system",
                action: "allocation.run",
                subject: "allocation:\(merged)",
                detail: "\(allocation.office) run within allocation:\(allocation.id)"
            )
        }
        return allotted
    }

    /// Every free seat of the office's released slots that starts late enough, one offer per seat, in time order; and
    /// how many of each slot's seats are open already (so only slots whose open count changes are written).
    static func offeredSeats(
        office: String,
        now: Int,
        policy: BookingPolicy,
        in sql: any SQLDatabase
    ) async throws
        -> ([SeatOffer], [SeatOffer: Int])
    {
        var offered: [SeatOffer] = []
        var open: [SeatOffer: Int] = [:]
        for row in try await sql.raw(
            """
            SELECT local_date, local_time, capacity - booked AS free, direct FROM slots
            WHERE office_code = \(bind: office) AND open = 1 AND capacity > booked AND starts_at >= \(bind: now + policy.allotLeadTime)
            ORDER BY local_date, local_time
            """
        ).all() {
            let seat = SeatOffer(
                date: try LocalDate(try row.decode(column: "local_date", as: String.self)),
                time: try LocalTime(try row.decode(column: "local_time", as: String.self))
            )
            offered += Array(repeating: seat, count: try row.decode(column: "free", as: Int.self))
            open[seat] = try row.decode(column: "direct", as: Int.self)
        }
        return (offered, open)
    }
}

/// The recorded form of the seats an allocation offered: `YYYY-MM-DD HH:MM*count`, comma-separated, in order.
enum SeatList {
    static func text(_ seats: [SeatOffer]) -> String {
        var parts: [(SeatOffer, Int)] = []
        for seat in seats {
            if let last = parts.last, last.0 == seat { parts[parts.count - 1].1 += 1 } else { parts.append((seat, 1)) }
        }
        return parts.map { "\($0.0.date) \($0.0.time)*\($0.1)" }.joined(separator: ",")
    }

    static func parse(_ text: String) throws -> [SeatOffer] {
        try text.split(separator: ",").flatMap { part -> [SeatOffer] in
            let fields = part.split(whereSeparator: { $0 == " " || $0 == "*" }).map(String.init)
            guard fields.count == 3, let count = Int(fields[2]), (1...10_000).contains(count) else {
                throw CitasError(.internalError, detail: "recorded seat list")
            }
            return Array(repeating: SeatOffer(date: try LocalDate(fields[0]), time: try LocalTime(fields[1])), count: count)
        }
    }
}
