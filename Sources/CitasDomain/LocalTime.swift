import Foundation

/// A wall-clock time of day (`HH:MM`), minute precision.
public struct LocalTime: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// Minutes since local midnight, 0…1439.
    public let minutes: Int

    public init(minutes: Int) {
        precondition((0..<1440).contains(minutes), "minutes out of a day")
        self.minutes = minutes
    }

    public init(_ text: String) throws(CitasError) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard text.count == 5, parts.count == 2, let h = Int(parts[0]), let m = Int(parts[1]),
            (0..<24).contains(h), (0..<60).contains(m), parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } })
        else { throw CitasError(.invalidTime, detail: String(text.prefix(20))) }
        minutes = h * 60 + m
    }

    /// The wall-clock time an instant shows in a time zone.
    public init(_ instant: Date, in zone: TimeZone) {
        let c = Calendar.gregorian(zone).dateComponents([.hour, .minute], from: instant)
        self.init(minutes: (c.hour ?? 0) * 60 + (c.minute ?? 0))
    }

    public var description: String { "\((minutes / 60).zeroPadded(to: 2)):\((minutes % 60).zeroPadded(to: 2))" }

    public static func < (a: LocalTime, b: LocalTime) -> Bool { a.minutes < b.minutes }

    /// The instant this wall-clock time has on `date` in `zone`, or nil when a DST jump skips it.
    public func instant(on date: LocalDate, in zone: TimeZone) -> Date? {
        let parts = DateComponents(year: date.year, month: date.month, day: date.day, hour: minutes / 60, minute: minutes % 60)
        guard let instant = Calendar.gregorian(zone).date(from: parts) else { return nil }
        let back = Calendar.gregorian(zone).dateComponents([.hour, .minute], from: instant)
        return back.hour == minutes / 60 && back.minute == minutes % 60 ? instant : nil
    }

    public init(from decoder: any Decoder) throws {
        try self.init(try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension LocalTime {
    /// A time as people type it: "9:00", "9", "09.30", "9h30", "14:00 h", "2 pm"; nil when it is not one. The strict
    /// `init(_:)` stays for URLs and files, where one spelling per time keeps codes unique.
    public static func typed(_ text: String) -> LocalTime? {
        var text = text.lowercased().trimmingCharacters(in: .whitespaces)
        guard text.count <= 12 else { return nil }
        var shift = 0
        for (suffix, hours) in [("p.m.", 12), ("pm", 12), ("a.m.", 0), ("am", 0), ("hrs", 0), ("h", 0)] where text.hasSuffix(suffix) {
            text = String(text.dropLast(suffix.count)).trimmingCharacters(in: .whitespaces)
            shift = hours
            if suffix.contains("m") { shift = hours == 12 ? 12 : -1 }
            break
        }
        let parts = text.split(whereSeparator: { ":.h".contains($0) }).map(String.init)
        guard (1...2).contains(parts.count), parts.allSatisfy({ (1...2).contains($0.count) && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            var hour = Int(parts[0]), let minute = parts.count == 2 ? Int(parts[1]) : 0, parts.count == 1 || parts[1].count == 2,
            (0..<60).contains(minute)
        else { return nil }
        // "am"/"pm": 12 am is midnight, 12 pm noon, 1–11 pm add twelve hours.
        if shift == 12 || shift == -1 {
            guard (1...12).contains(hour) else { return nil }
            hour = shift == 12 ? (hour == 12 ? 12 : hour + 12) : (hour == 12 ? 0 : hour)
        }
        guard (0..<24).contains(hour) else { return nil }
        return LocalTime(minutes: hour * 60 + minute)
    }
}
