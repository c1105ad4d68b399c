import CitasDomain
import CitasPersistence
import Foundation

/// Completes appointment e-mails as they go out: the comprobante's facts under the message, a link to manage the
/// appointment, the QR code as a PNG (mail programs do not show SVG) and the appointment as an `.ics` with a reminder
/// alarm. Built at sending time rather than in the booking's transaction, which stays as short as it was; a message
/// about an appointment that is no longer live (cancelled before the mail left) goes as it was written.
struct AppointmentMailComposer: MailComposer {
    let app: AppContext
    /// The base of the manage link (`CITAS_PUBLIC_URL` or the server's own address).
    let publicURL: String

    func compose(_ message: OutboxMessage) async throws -> OutboxMessage {
        guard let folio = message.mail.folio, let appointment = try await app.appointments.live(folio: folio) else { return message }
        let attendee: Comprobante.Attendee
        let language: Language
        if let account = try await app.accounts.account(emailOrCurp: appointment.curp) {
            (attendee, language) = (Comprobante.Attendee(account), account.language)
        } else if let member = try await app.dependents.member(curp: appointment.curp),
            let holder = try await app.accounts.account(id: member.accountId)
        {
            (attendee, language) = (Comprobante.Attendee(member), holder.language)
        } else {
            return message
        }
        let office = try await app.offices.require(appointment.officeCode)
        let proof = try await Comprobante.signed(appointment, office: office, attendee: attendee, app: app, language: language)
        let manage = publicURL + SiteURL.appointment.path(language)
        let ics = AppointmentCalendar.ics(appointment, office: office, now: app.clock.now())
        let mail = OutgoingMail(
            kind: message.mail.kind,
            recipient: message.mail.recipient,
            subject: message.mail.subject,
            body: message.mail.body + "\n\n" + proof.text(language: language, manageLink: manage),
            folio: folio,
            attachments: [
                MailAttachment(filename: "cita-\(folio).png", contentType: "image/png", data: try QRCode.encode(proof.code).png(scale: 6)),
                MailAttachment(filename: "cita-\(folio).ics", contentType: "text/calendar; charset=utf-8; method=PUBLISH", data: Data(ics.utf8)),
            ]
        )
        return OutboxMessage(id: message.id, mail: mail, createdAt: message.createdAt, attempts: message.attempts)
    }
}
