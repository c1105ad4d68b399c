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

    /// "Diciembre de 2026" / "December 2026": a calendar month's heading.
    func month(_ date: LocalDate) -> String {
        let formatter = DateFormatter()
        formatter.locale = locale
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.setLocalizedDateFormatFromTemplate("MMMMyyyy")
        let noon = Calendar.gregorian(TimeZone(identifier: "UTC")!).date(from: DateComponents(year: date.year, month: date.month, day: 1, hour: 12))
        let text = noon.map(formatter.string(from:)) ?? "\(date.year)-\(date.month)"
        return text.prefix(1).uppercased() + text.dropFirst()
    }

    /// "9:00" / "9:00 AM" for a wall-clock time.
    func time(_ time: LocalTime) -> String {
        guard language == .en else { return time.description }
        let hour = time.minutes / 60
        return "\(hour % 12 == 0 ? 12 : hour % 12):" + String(format: "%02d", time.minutes % 60) + (hour < 12 ? " AM" : " PM")
    }

    /// A count as the language writes it: "24 969" (a no-break space, as the RAE recommends) / "24,969".
    func count(_ value: Int) -> String {
        let formatter = NumberFormatter()
        formatter.locale = locale
        formatter.numberStyle = .decimal
        if language == .es { formatter.groupingSeparator = "\u{00A0}" }
        return formatter.string(from: NSNumber(value: value)) ?? String(value)
    }

    /// "Podrá intentarlo de nuevo en 3 minutos." / "You can try again in 3 minutes."
    func tryAgain(after seconds: Int) -> String {
        Catalogue.of(language).errors.tryAgain.replacingOccurrences(of: "{wait}", with: wait(seconds: seconds))
    }

    /// Orders names as a reader of the language expects: accents and case do not put "Ámsterdam" after "Zapopan".
    func ordered(_ first: String, _ second: String) -> Bool {
        first.compare(second, options: [.caseInsensitive, .diacriticInsensitive], range: nil, locale: locale) == .orderedAscending
    }

    /// How long to wait, in words: "en unos segundos", "en 3 minutos", "en 2 horas" / "in a few seconds", "in 3
    /// minutes"… Minutes and hours are rounded up, so the person is never told to come back too early.
    func wait(seconds: Int) -> String {
        let es = language == .es
        if seconds < 60 { return es ? "en unos segundos" : "in a few seconds" }
        if seconds < 3600 {
            let minutes = (seconds + 59) / 60
            return es ? "en \(minutes) minuto\(minutes == 1 ? "" : "s")" : "in \(minutes) minute\(minutes == 1 ? "" : "s")"
        }
        let hours = (min(seconds, 86_400 * 365) + 3599) / 3600
        return es ? "en \(hours) hora\(hours == 1 ? "" : "s")" : "in \(hours) hour\(hours == 1 ? "" : "s")"
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

    /// A payment reference in groups of four, as banks print it and people read it out: "1234 5678 9012 3456".
    func reference(_ reference: String) -> String {
        stride(from: 0, to: reference.count, by: 4).map { String(reference.dropFirst($0).prefix(4)) }.joined(separator: " ")
    }
}
