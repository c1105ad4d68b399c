/// The seats a person waiting for an office accepts: a part of the day and, optionally, a range of days. The
/// allocator gives each drawn person the earliest free seat their preference accepts.
public struct SeatPreference: Sendable, Hashable, Codable {
    /// Morning seats start before noon, afternoon seats at noon or later.
    public enum TimeOfDay: String, Sendable, Hashable, Codable, CaseIterable {
        case any, morning, afternoon

        public func accepts(_ time: LocalTime) -> Bool {
            switch self {
            case .any: true
            case .morning: time < Self.noon
            case .afternoon: time >= Self.noon
            }
        }

        /// Where mornings end; the SQL form of `accepts` compares with the same text.
        public static let noon = LocalTime(minutes: 12 * 60)
    }

    public let timeOfDay: TimeOfDay
    /// The first acceptable day, if any.
    public let from: LocalDate?
    /// The last acceptable day, if any.
    public let through: LocalDate?

    /// Refuses an empty range (`through` before `from`).
    public init(timeOfDay: TimeOfDay = .any, from: LocalDate? = nil, through: LocalDate? = nil) throws(CitasError) {
        if let from, let through, through < from { throw CitasError(.invalidDateRange, detail: "\(from)…\(through)") }
        self.timeOfDay = timeOfDay
        self.from = from
        self.through = through
    }

    public func accepts(date: LocalDate, time: LocalTime) -> Bool {
        timeOfDay.accepts(time) && from.map { date >= $0 } != false && through.map { date <= $0 } != false
    }
}

/// One seat the allocator may give: a slot's day and time. A slot with three free seats is offered three times.
public struct SeatOffer: Sendable, Hashable {
    public let date: LocalDate
    public let time: LocalTime

    public init(date: LocalDate, time: LocalTime) {
        self.date = date
        self.time = time
    }
}

/// The pure rule of an allocation: people in lottery order, each given the earliest remaining seat they accept.
/// The allocator and its replay both walk it, so a replay from the recorded seed reproduces the allocation.
public enum Allotment {
    /// The index in `seats` (kept in date and time order) of the earliest seat `preference` accepts.
    public static func choose(_ preference: SeatPreference, among seats: [SeatOffer]) -> Int? {
        seats.firstIndex { preference.accepts(date: $0.date, time: $0.time) }
    }

    /// Where the earliest `count` seats in a row of one day that `preference` all accepts begin in `seats`: a
    /// household waiting together gets such a run or nothing. Seats are consecutive as in a direct household booking:
    /// the next free ones of the day in time order (a full slot between them is passed over).
    public static func chooseTogether(_ preference: SeatPreference, count: Int, among seats: [SeatOffer]) -> Int? {
        guard count > 0, count <= seats.count else { return nil }
        return (0...(seats.count - count)).first { start in
            seats[start..<(start + count)].allSatisfy { $0.date == seats[start].date && preference.accepts(date: $0.date, time: $0.time) }
        }
    }
}
