import Foundation

/// When an office-day's seats are released to its draw: a local time of day, so many days before. Each office
/// keeps its own (offices abroad may release at a time that suits their community), stored with the office.
public struct ReleaseSchedule: Sendable, Hashable, Codable {
    /// The longest lead an office may publish; beyond it the slot horizon would not reach.
    public static let maxDaysAhead = 365

    /// Local wall-clock time of the release, in the office's zone.
    public var timeOfDay: LocalTime
    /// An office-day is released this many days before it.
    public var daysAhead: Int

    /// Validates the lead; the time is already a valid `LocalTime`.
    public init(timeOfDay: LocalTime = LocalTime(minutes: 9 * 60), daysAhead: Int = 60) throws(CitasError) {
        guard (0...Self.maxDaysAhead).contains(daysAhead) else {
            throw CitasError(.releaseScheduleInvalid, detail: "days ahead \(daysAhead)")
        }
        self.timeOfDay = timeOfDay
        self.daysAhead = daysAhead
    }

    /// The default: daily at 09:00 local, 60 days ahead.
    public init() {
        timeOfDay = LocalTime(minutes: 9 * 60)
        daysAhead = 60
    }

    /// The release instant of `date` at `office`: `timeOfDay` local, `daysAhead` days earlier.
    public func releaseInstant(of date: LocalDate, at office: Office) -> Int? {
        timeOfDay.instant(on: date.adding(days: -daysAhead), in: office.zone).map { Int($0.timeIntervalSince1970) }
    }
}
