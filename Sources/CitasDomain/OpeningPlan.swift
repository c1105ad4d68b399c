/// A half-open span of wall-clock time `[start, end)`.
public struct TimeSpan: Sendable, Hashable, Codable, CustomStringConvertible {
    public let start: LocalTime
    public let end: LocalTime

    public init(start: LocalTime, end: LocalTime) throws(CitasError) {
        guard start < end else { throw CitasError(.invalidPlan, detail: "\(start)-\(end)") }
        self.start = start
        self.end = end
    }

    /// Parses `HH:MM-HH:MM`.
    public init(_ text: String) throws(CitasError) {
        let parts = text.split(separator: "-")
        guard parts.count == 2 else { throw CitasError(.invalidPlan, detail: text) }
        try self.init(start: LocalTime(String(parts[0])), end: LocalTime(String(parts[1])))
    }

    public var description: String { "\(start)-\(end)" }

    public func overlaps(_ other: TimeSpan) -> Bool { start < other.end && other.start < end }
}

/// How an office works in an ordinary week: opening hours per weekday, breaks, and what a window can serve.
///
/// Capacity per slot is the number of counters: every `slotMinutes` each counter serves one person.
public struct OpeningPlan: Sendable, Hashable, Codable {
    /// Opening hours by ISO weekday (1 = Monday); a missing day is closed.
    public var hours: [Int: TimeSpan]
    /// Spans with no service on any open day (lunch, shift change).
    public var breaks: [TimeSpan]
    public var slotMinutes: Int
    public var counters: Int
    /// The most counters (and so seats per slot) an office may have: bounds every capacity typed by staff.
    public static let maximumCounters = 500

    public init(hours: [Int: TimeSpan], breaks: [TimeSpan], slotMinutes: Int, counters: Int) throws(CitasError) {
        guard (5...240).contains(slotMinutes) else { throw CitasError(.invalidPlan, detail: "slot_minutes \(slotMinutes)") }
        guard (0...Self.maximumCounters).contains(counters) else { throw CitasError(.invalidPlan, detail: "counters \(counters)") }
        guard hours.keys.allSatisfy((1...7).contains) else { throw CitasError(.invalidPlan, detail: "weekday") }
        self.hours = hours
        self.breaks = breaks
        self.slotMinutes = slotMinutes
        self.counters = counters
    }

    /// Slot start times on a day with opening hours `span`: every `slotMinutes`, whole slots only, none in a break.
    public func slotTimes(within span: TimeSpan) -> [LocalTime] {
        stride(from: span.start.minutes, through: span.end.minutes - slotMinutes, by: slotMinutes).compactMap { start in
            let slot = TimeSpan(unchecked: start, start + slotMinutes)
            return breaks.contains(where: slot.overlaps) ? nil : LocalTime(minutes: start)
        }
    }
}

extension TimeSpan {
    fileprivate init(unchecked start: Int, _ end: Int) {
        self.start = LocalTime(minutes: start)
        self.end = LocalTime(minutes: min(end, 1439))
    }
}
