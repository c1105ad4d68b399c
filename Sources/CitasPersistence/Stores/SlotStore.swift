import CitasDomain
import Foundation
import SQLKit

/// Seats of one day at an office, as shown on an availability calendar.
public struct DayAvailability: Sendable, Hashable, Codable {
    public let date: LocalDate
    public let capacity: Int
    public let booked: Int
    /// Seats open for direct booking: leftovers nobody waiting accepted.
    public let free: Int
    /// Free seats held for the office's next allocation (drawn among the people waiting).
    public var drawn: Int { capacity - booked - free }

    public init(date: LocalDate, capacity: Int, booked: Int, free: Int) {
        self.date = date
        self.capacity = capacity
        self.booked = booked
        self.free = free
    }
}

/// One slot as stored: its wall-clock time, instant and seat counts.
public struct SlotInfo: Sendable, Hashable, Codable {
    public let date: LocalDate
    public let time: LocalTime
    public let startsAt: Date
    public let capacity: Int
    public let booked: Int
    /// Seats open for direct booking.
    public let free: Int
    public var drawn: Int { capacity - booked - free }
}

/// Creates slots from plans and answers availability questions.
public struct SlotStore: Sendable {
    let database: any AppDatabase
    let clock: any CitasClock
    let policy: BookingPolicy
    /// Availability and a day's slots as last read, each at most the cache's lifetime old (what crowds poll).
    let availabilityCache: ReadCache<String, [DayAvailability]>
    let slotsCache: ReadCache<String, [SlotInfo]>

    public init(database: any AppDatabase, clock: any CitasClock, policy: BookingPolicy = BookingPolicy(), readCache: Duration = .zero) {
        self.database = database
        self.clock = clock
        self.policy = policy
        availabilityCache = ReadCache(lifetime: readCache)
        slotsCache = ReadCache(lifetime: readCache)
    }

    /// Creates the missing slots of `office` for `days` days from `from`; returns how many were new.
    /// Existing slots are never touched, so running it twice creates nothing and never drops a booking.
    /// Every new day stays closed behind a release draw: at its release instant, or — when that has passed (a first
    /// start, a new office, a longer horizon) — at a launch draw `policy.launchNotice` from now. A slot added to a day
    /// already released is held for the office's next batch like any other seat that appears.
    @discardableResult
    public func generate(for office: Office, from: LocalDate, days: Int) async throws -> Int {
        let through = from.adding(days: max(days - 1, 0))
        let calendar = CalendarStore(database: database)
        let planner = SlotPlanner(
            holidays: try await calendar.holidays(country: office.country, from: from, through: through),
            exceptions: try await calendar.exceptions(office: office.code, from: from, through: through)
        )
        let planned = planner.slots(for: office, from: from, days: days)
        let closedDays = try await scheduleDraws(for: office, dates: Set(planned.map(\.date)))
        var inserted = 0
        let (now, policy) = (clock.now().epoch, policy)
        // Batches keep each statement well under SQLite's bind-parameter limit.
        for batch in stride(from: 0, to: planned.count, by: 400).map({ planned[$0..<min($0 + 400, planned.count)] }) {
            inserted += try await database.write { sql in
                let insert = sql.insert(into: "slots").columns("office_code", "local_date", "local_time", "starts_at", "capacity", "open")
                for slot in batch {
                    insert.values(
                        SQLBind(slot.officeCode),
                        SQLBind(slot.date.description),
                        SQLBind(slot.time.description),
                        SQLBind(Int(slot.startsAt.timeIntervalSince1970)),
                        SQLBind(slot.capacity),
                        SQLBind(closedDays.contains(slot.date) ? 0 : 1)
                    )
                }
                let added = try await insert.ignoringConflicts(with: ["office_code", "local_date", "local_time"])
                    .returning("local_date").all().map { try $0.decode(column: "local_date", as: String.self) }
                if !Set(added).isSubset(of: closedDays.map(\.description)) {
                    try await Allocator.seatsFreed(office: office.code, now: now, policy: policy, in: sql)
                }
                return added.count
            }
        }
        return inserted
    }

    /// `generate(for:from:days:)`, then on day by day while the window's last day has no slots (a weekend, a
    /// holiday), through the next day the office opens (at most 31 more): so some day always waits for its release
    /// draw and the office's page can say when the next one is, whatever the calendar does on the horizon's last day.
    @discardableResult
    public func generateHorizon(for office: Office, from: LocalDate, days: Int) async throws -> Int {
        var created = try await generate(for: office, from: from, days: days)
        var last = from.adding(days: max(days - 1, 0))
        for _ in 0..<31 {
            let day = last.description
            let open = try await database.read { sql in
                try await sql.raw("SELECT 1 AS hit FROM slots WHERE office_code = \(bind: office.code) AND local_date = \(bind: day) LIMIT 1")
                    .first() != nil
            }
            if open { break }
            last = last.adding(days: 1)
            created += try await generate(for: office, from: last, days: 1)
        }
        return created
    }

    /// Creates the release draws of the days that have none and returns every day of `dates` whose draw has not run.
    private func scheduleDraws(for office: Office, dates: Set<LocalDate>) async throws -> Set<LocalDate> {
        let now = clock.now().epoch
        let launch = now + policy.launchNotice
        let releases = dates.map { date in (date, max(office.release.releaseInstant(of: date, at: office) ?? launch, launch)) }
        guard let first = dates.min(), let last = dates.max() else { return [] }
        return try await database.write { sql in
            for (date, releaseAt) in releases {
                try await sql.raw(
                    """
                    INSERT INTO allocations (office_code, kind, local_date, due_at) VALUES (\(bind: office.code), 'release', \(bind: date.description),
                        \(bind: releaseAt))
                    ON CONFLICT (office_code, local_date) DO NOTHING
                    """
                ).run()
            }
            let pending = try await sql.raw(
                """
                SELECT local_date FROM allocations WHERE office_code = \(bind: office.code) AND kind = 'release' AND ran_at IS NULL
                    AND local_date BETWEEN \(bind: first.description) AND \(bind: last.description)
                """
            ).all()
            return Set(try pending.map { try LocalDate(try $0.decode(column: "local_date", as: String.self)) })
        }
    }

    /// Seats per day from `from` through `through`, counting only released slots that have not started yet.
    public func availability(office: String, from: LocalDate, through: LocalDate) async throws -> [DayAvailability] {
        try await availabilityCache.value("\(office) \(from) \(through)") { try await readAvailability(office: office, from: from, through: through) }
    }

    private func readAvailability(office: String, from: LocalDate, through: LocalDate) async throws -> [DayAvailability] {
        let now = Int(clock.now().timeIntervalSince1970)
        return try await database.read { sql in
            try await sql.raw(
                """
                SELECT local_date, SUM(capacity) AS capacity, SUM(booked) AS booked, SUM(direct) AS direct FROM slots
                WHERE office_code = \(bind: office) AND local_date BETWEEN \(bind: from.description) AND \(bind: through.description)
                    AND starts_at > \(bind: now) AND capacity > 0 AND open = 1
                GROUP BY local_date ORDER BY local_date
                """
            ).all().map { row in
                DayAvailability(
                    date: try LocalDate(try row.decode(column: "local_date", as: String.self)),
                    capacity: try row.decode(column: "capacity", as: Int.self),
                    booked: try row.decode(column: "booked", as: Int.self),
                    free: try row.decode(column: "direct", as: Int.self)
                )
            }
        }
    }

    /// The open slots of one day that have not started yet, in time order.
    public func slots(office: String, on date: LocalDate) async throws -> [SlotInfo] {
        try await slotsCache.value("\(office) \(date)") { try await readSlots(office: office, on: date) }
    }

    private func readSlots(office: String, on date: LocalDate) async throws -> [SlotInfo] {
        let now = Int(clock.now().timeIntervalSince1970)
        return try await database.read { sql in
            try await sql.raw(
                """
                SELECT local_date, local_time, starts_at, capacity, booked, direct FROM slots
                WHERE office_code = \(bind: office) AND local_date = \(bind: date.description)
                    AND starts_at > \(bind: now) AND capacity > 0 AND open = 1
                ORDER BY local_time
                """
            ).all().map(Self.slot(from:))
        }
    }

    static func slot(from row: any SQLRow) throws -> SlotInfo {
        SlotInfo(
            date: try LocalDate(try row.decode(column: "local_date", as: String.self)),
            time: try LocalTime(try row.decode(column: "local_time", as: String.self)),
            startsAt: Date(timeIntervalSince1970: TimeInterval(try row.decode(column: "starts_at", as: Int.self))),
            capacity: try row.decode(column: "capacity", as: Int.self),
            booked: try row.decode(column: "booked", as: Int.self),
            free: try row.decode(column: "direct", as: Int.self)
        )
    }
}

extension SlotStore {
    /// Seats open for direct booking in every office's future slots, in one query.
    public func freeSeatsByOffice() async throws -> [String: Int] {
        let now = Int(clock.now().timeIntervalSince1970)
        return try await database.read { sql in
            let rows = try await sql.raw(
                """
                SELECT office_code, SUM(direct) AS free FROM slots
                WHERE starts_at > \(bind: now) AND open = 1 GROUP BY office_code
                """
            ).all()
            return Dictionary(
                uniqueKeysWithValues: try rows.map {
                    (try $0.decode(column: "office_code", as: String.self), try $0.decode(column: "free", as: Int.self))
                }
            )
        }
    }
}
