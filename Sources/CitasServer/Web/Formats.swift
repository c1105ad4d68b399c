import CitasDomain
import Foundation

/// Dates, times and amounts as the page's language writes them; times in the office's zone.
struct Formats: Sendable {
    let language: Language

    private var locale: Locale { Locale(identifier: Catalogue.of(language).common.locale) }

    /// "martes, 8 de diciembre de 2026" / "Tuesday, December 8, 2026".
    func date(_ date: LocalDate) -> String {
        let formatter = DateFormatter()
        formatter.locale = locale
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateStyle = .full
        let noon = Calendar.gregorian(TimeZone(identifier: "UTC")!).date(
            from: DateComponents(year: date.year, month: date.month, day: date.day, hour: 12)
        )
        return noon.map(formatter.string(from:)) ?? date.description
    }

    /// "9:00" / "9:00 AM" for a wall-clock time.
    func time(_ time: LocalTime) -> String {
        guard language == .en else { return time.description }
        let hour = time.minutes / 60
        return "\(hour % 12 == 0 ? 12 : hour % 12):" + String(format: "%02d", time.minutes % 60) + (hour < 12 ? " AM" : " PM")
    }

    /// "$1,795.00 MXN".
    func money(centavos: Int) -> String {
        let formatter = NumberFormatter()
        formatter.locale = locale
        formatter.numberStyle = .decimal
        formatter.minimumFractionDigits = 2
        formatter.maximumFractionDigits = 2
        return "$" + (formatter.string(from: NSNumber(value: Double(centavos) / 100)) ?? "\(centavos / 100)") + " MXN"
    }
}
