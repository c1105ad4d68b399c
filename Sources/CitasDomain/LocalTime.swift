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
