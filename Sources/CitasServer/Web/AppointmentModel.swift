import CitasDomain
import Foundation

/// The model of `appointment.mustache`: the comprobante of the live appointment, and what the person can change.
struct AppointmentModel: Sendable {
    let proof: Comprobante
    let status: String
    let calendarLink: String
    let cancelLink: String
    let canCancel: Bool
    let rescheduleLink: String
    let reschedulesLeft: Int
    /// The holder's own appointment moves from the office's pages; a member's is cancelled and booked again.
    let canMove: Bool

    init(_ appointment: Appointment, proof: Comprobante, office: Office, policy: BookingPolicy, language: Language, member: Int? = nil) {
        let t = Catalogue.of(language).appointment
        self.proof = proof
        status = appointment.status == .checkedIn ? t.statusCheckedIn : t.statusBooked
        calendarLink = SiteURL.appointmentCalendar.path(language)
        cancelLink = member.map { SiteURL.familyCancel("\($0)").path(language) } ?? SiteURL.cancel.path(language)
        canMove = member == nil
        canCancel = appointment.status == .booked
        rescheduleLink = SiteURL.office(office.code).path(language)
        reschedulesLeft = max(0, policy.maxReschedules - appointment.reschedules)
    }
}

/// An iCalendar (RFC 5545) file with the appointment, times in UTC so every calendar shows the office's instant.
enum AppointmentCalendar {
    static func ics(_ appointment: Appointment, office: Office, now: Date) -> String {
        func stamp(_ date: Date) -> String {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "UTC")
            formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
            return formatter.string(from: date)
        }
        func text(_ value: String) -> String {
            value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: ";", with: "\\;").replacingOccurrences(of: ",", with: "\\,")
        }
        let end = appointment.startsAt.addingTimeInterval(TimeInterval(office.plan.slotMinutes * 60))
        return [
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Citas//Pasaportes//ES", "CALSCALE:GREGORIAN", "METHOD:PUBLISH", "BEGIN:VEVENT",
            "UID:\(appointment.folio)@citas", "DTSTAMP:\(stamp(now))", "DTSTART:\(stamp(appointment.startsAt))", "DTEND:\(stamp(end))",
            "SUMMARY:\(text("Cita de pasaporte · Passport appointment \(appointment.folio)"))",
            "LOCATION:\(text([office.name, office.address, office.city].filter { !$0.isEmpty }.joined(separator: ", ")))",
            "DESCRIPTION:\(text("Folio \(appointment.folio). Llegue 15 minutos antes · Arrive 15 minutes early."))",
            // A reminder the day before, which calendars show even when the e-mail reminders are not read.
            "BEGIN:VALARM", "ACTION:DISPLAY", "TRIGGER:-P1D", "DESCRIPTION:\(text("Mañana: cita de pasaporte · Tomorrow: passport appointment"))",
            "END:VALARM", "END:VEVENT", "END:VCALENDAR",
        ].joined(separator: "\r\n") + "\r\n"
    }
}
