import Foundation

/// The compact text form of a plan used in the catalogue file and the database:
/// hours `Mon-Fri 08:00-15:00; Sat 07:00-13:00`, breaks `11:00-11:30; 13:00-13:15`.
extension OpeningPlan {
    static let dayNames = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]

    public init(hoursText: String, breaksText: String, slotMinutes: Int, counters: Int) throws(CitasError) {
        var hours: [Int: TimeSpan] = [:]
        for entry in hoursText.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespaces) }) where !entry.isEmpty {
            let pieces = entry.split(separator: " ")
            guard pieces.count == 2 else { throw CitasError(.invalidPlan, detail: entry) }
            let span = try TimeSpan(String(pieces[1]))
            for day in try Self.days(String(pieces[0])) { hours[day] = span }
        }
        var breaks: [TimeSpan] = []
        for entry in breaksText.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespaces) }) where !entry.isEmpty {
            breaks.append(try TimeSpan(entry))
        }
        try self.init(hours: hours, breaks: breaks, slotMinutes: slotMinutes, counters: counters)
    }

    /// `Mon`, or a range `Mon-Fri` (wrapping ranges such as `Sat-Mon` are refused).
    private static func days(_ text: String) throws(CitasError) -> ClosedRange<Int> {
        let ends = text.split(separator: "-").map { dayNames.firstIndex(of: String($0)).map { $0 + 1 } }
        guard (1...2).contains(ends.count), let first = ends.first ?? nil, let last = ends.last ?? nil, first <= last else {
            throw CitasError(.invalidPlan, detail: text)
        }
        return first...last
    }

    /// Hours grouped back into ranges of consecutive days with equal hours.
    public var hoursText: String {
        var groups: [(from: Int, to: Int, span: TimeSpan)] = []
        for day in 1...7 {
            guard let span = hours[day] else { continue }
            if let last = groups.last, last.to == day - 1, last.span == span {
                groups[groups.count - 1].to = day
            } else {
                groups.append((day, day, span))
            }
        }
        return groups.map { group in
            let days = Self.dayNames[group.from - 1] + (group.from == group.to ? "" : "-" + Self.dayNames[group.to - 1])
            return "\(days) \(group.span)"
        }.joined(separator: "; ")
    }

    public var breaksText: String { breaks.map(\.description).joined(separator: "; ") }
}
