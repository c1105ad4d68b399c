import CitasDomain
import CitasPersistence
import Foundation

/// The released days of an office as month grids (Monday first), instead of a 41-line list: a day with free seats
/// links to its times, a full one says so, a day without appointments (closed, not released yet) is a plain number.
/// Each link's accessible name is the whole date and what is free, so a screen reader hears more than a number.
struct MonthCalendar: Sendable {
    struct Cell: Sendable {
        let number: String
        let href: String?
        /// "12" free seats, shown under the number.
        let free: String?
        let full: Bool
        /// The date and what it offers, in words.
        let label: String
        /// A cell before the first or after the last day of the month.
        let blank: Bool
    }

    struct Week: Sendable {
        let cells: [Cell]
    }

    struct Month: Sendable {
        let title: String
        let weeks: [Week]
    }

    let weekdays: [String]
    let months: [Month]

    init(days: [DayAvailability], office: Office, t: Catalogue, language: Language) {
        let formats = Formats(language: language)
        weekdays = t.offices.weekdaysShort
        let byDate = Dictionary(days.map { ($0.date, $0) }, uniquingKeysWith: { first, _ in first })
        let firstMonths = Set(days.map { LocalDate(year: $0.date.year, month: $0.date.month, day: 1) }).sorted()
        months = firstMonths.map { first in
            let length = LocalDate.daysIn(year: first.year, month: first.month)
            var cells = [Cell](repeating: Cell(number: "", href: nil, free: nil, full: false, label: "", blank: true), count: first.isoWeekday - 1)
            for day in 1...length {
                let date = LocalDate(year: first.year, month: first.month, day: day)
                let spoken = formats.date(date)
                if let available = byDate[date] {
                    let free = formats.count(available.free)
                    cells.append(
                        Cell(
                            number: "\(day)",
                            href: available.free > 0 ? SiteURL.officeDay(office.code, date.description).path(language) : nil,
                            free: available.free > 0 ? free : nil,
                            full: available.free == 0,
                            label: available.free > 0 ? "\(spoken): \(free) \(t.offices.freeSeats)" : "\(spoken): \(t.offices.full)",
                            blank: false
                        )
                    )
                } else {
                    cells.append(Cell(number: "\(day)", href: nil, free: nil, full: false, label: spoken, blank: false))
                }
            }
            cells += [Cell](repeating: Cell(number: "", href: nil, free: nil, full: false, label: "", blank: true), count: (7 - cells.count % 7) % 7)
            let weeks = stride(from: 0, to: cells.count, by: 7).map { Week(cells: Array(cells[$0..<$0 + 7])) }
            return Month(title: formats.month(first), weeks: weeks)
        }
    }
}
