import Foundation

/// One bookable time at an office: a wall-clock date and time, its instant, and how many people it serves.
public struct PlannedSlot: Sendable, Hashable {
    public let officeCode: String
    public let date: LocalDate
    public let time: LocalTime
    public let startsAt: Date
    public let capacity: Int
}

/// Turns an office's plan, holidays and exceptions into the slots of a range of days.
///
/// Times are wall-clock times in the office's zone, so 09:00 in Tijuana stays 09:00 across DST switches;
/// a time a DST jump skips is left out rather than moved.
public struct SlotPlanner: Sendable {
    public let holidays: Set<LocalDate>
    public let exceptions: [LocalDate: DayException]

    public init(holidays: [Holiday], exceptions: [DayException]) {
        self.holidays = Set(holidays.map(\.date))
        self.exceptions = Dictionary(exceptions.map { ($0.date, $0) }, uniquingKeysWith: { _, last in last })
    }

    /// The slots of `office` on `days` consecutive days from `from`.
    public func slots(for office: Office, from: LocalDate, days: Int) -> [PlannedSlot] {
        (0..<max(days, 0)).flatMap { offset in slots(for: office, on: from.adding(days: offset)) }
    }

    public func slots(for office: Office, on date: LocalDate) -> [PlannedSlot] {
        guard let span = hours(of: office, on: date), office.plan.counters > 0 else { return [] }
        let zone = office.zone
        return office.plan.slotTimes(within: span).compactMap { time in
            time.instant(on: date, in: zone).map {
                PlannedSlot(officeCode: office.code, date: date, time: time, startsAt: $0, capacity: office.plan.counters)
            }
        }
    }

    /// An exception wins over a holiday, which wins over the weekly plan.
    public func hours(of office: Office, on date: LocalDate) -> TimeSpan? {
        if let exception = exceptions[date] { return exception.hours }
        if office.observesMexicanHolidays && holidays.contains(date) { return nil }
        return office.plan.hours[date.isoWeekday]
    }
}
