import CitasDomain
import CitasPersistence
import Foundation

/// The proof of an appointment ("comprobante de cita"): who attends, for what, where, when, what to bring, the fee,
/// and the signed QR code staff check offline. The page, its print view and the confirmation e-mail show these same
/// facts, built here once.
struct Comprobante: Sendable {
    let folio: String
    let name: String
    let curp: String
    let procedure: String
    let documents: [String]
    let office: String
    let address: String
    let mapLink: String
    /// Date with its weekday, and the time: "jueves, 3 de diciembre de 2026, 10:30".
    let when: String
    let zone: String
    let arrive: String
    let paymentReference: String?
    let paymentAmount: String?
    let paymentStatus: String
    let needsPaymentSheet: Bool
    let paymentLink: String
    /// The text the QR code carries, and the code as an SVG picture.
    let code: String
    let qr: String
    /// For a minor: both parents or guardians must come (OP-7).
    let attendeeNote: String?

    /// Who the appointment is for: the account holder, or a member of their household.
    struct Attendee: Sendable {
        let name: String
        let curp: String
        let procedure: Procedure?
        let isMinor: Bool
        /// A household member's id: their fee sheet is their own (`?for=` on the sheet page).
        let memberId: Int?

        init(_ account: Account) {
            (name, curp, procedure, isMinor, memberId) = (account.identity.fullName, account.curp, account.procedure, false, nil)
        }

        init(_ dependent: Dependent) {
            name = dependent.identity.fullName
            curp = dependent.curp
            isMinor = dependent.kind == .minor
            procedure = isMinor ? .minor : nil
            memberId = dependent.id
        }
    }

    init(_ appointment: Appointment, office: Office, attendee: Attendee, payment: Payment?, code: String, language: Language) throws {
        let t = Catalogue.of(language)
        let formats = Formats(language: language)
        folio = appointment.folio
        name = attendee.name
        curp = attendee.curp
        procedure = attendee.procedure.map(t.account.name(of:)) ?? t.appointment.procedureUnset
        documents = attendee.procedure.map(t.account.documents(for:)) ?? t.home.bring
        attendeeNote = attendee.isMinor ? t.family.op7 : nil
        self.office = office.name
        address = !office.address.isEmpty ? "\(office.address), \(office.city)" : "\(office.city) · \(t.offices.noAddress)"
        mapLink =
            "https://www.openstreetmap.org/search?query="
            + PercentEncoding.query(([office.name, office.address, office.city]).filter { !$0.isEmpty }.joined(separator: ", "))
        when = formats.date(appointment.date) + ", " + formats.time(appointment.time)
        zone = ZoneNames.human(office.timeZone, city: office.city, language: language)
        arrive = t.appointment.arrive
        paymentReference = payment.map { formats.reference($0.reference) }
        paymentAmount = payment.map { formats.money(centavos: $0.dueCentavos) }
        paymentStatus =
            switch payment {
            case nil: t.appointment.paymentNone
            case let payment? where payment.isPaid: "\(t.account.paidOn) \(payment.paidOn.map(formats.date) ?? "")"
            default: t.appointment.paymentPending
            }
        needsPaymentSheet = payment == nil
        paymentLink = SiteURL.paymentSheet.path(language) + (attendee.memberId.map { "?for=\($0)" } ?? "")
        self.code = code
        qr = try QRCode.encode(code).svg(label: t.appointment.qrLabel.replacingOccurrences(of: "{folio}", with: appointment.folio))
    }

    /// The facts as lines of an e-mail, under the message's own first paragraph.
    func text(language: Language, manageLink: String) -> String {
        let t = Catalogue.of(language)
        let a = t.appointment
        var lines = [
            "\(a.folio): \(folio)", "\(a.person): \(name)", "\(a.curp): \(curp)", "\(a.procedure): \(procedure)", "\(a.office): \(office)",
            "\(a.address): \(address)", "\(a.when): \(when) (\(zone))", "", arrive,
        ]
        if let attendeeNote { lines += [attendeeNote] }
        lines += ["", "\(t.account.documentsTitle):"]
        lines += documents.map { "- \($0)" }
        lines += ["", "\(a.payment): " + [paymentReference, paymentAmount, paymentStatus].compactMap { $0 }.joined(separator: " · ")]
        lines += ["", a.manage, manageLink, "", a.attachments]
        return lines.joined(separator: "\n")
    }
}

extension Comprobante {
    /// The comprobante of `account`'s live appointment, signed now; nil when there is none.
    static func load(for account: Account, app: AppContext, language: Language) async throws -> (Comprobante, Appointment, Office)? {
        try await load(for: Attendee(account), app: app, language: language)
    }

    /// The comprobante of `attendee`'s live appointment, signed now; nil when there is none.
    static func load(for attendee: Attendee, app: AppContext, language: Language) async throws -> (Comprobante, Appointment, Office)? {
        guard let appointment = try await app.appointments.current(curp: Curp(stored: attendee.curp)) else { return nil }
        let office = try await app.offices.require(appointment.officeCode)
        return (try await signed(appointment, office: office, attendee: attendee, app: app, language: language), appointment, office)
    }

    /// The comprobante of `appointment`, with a code signed now and the person's latest payment sheet.
    static func signed(
        _ appointment: Appointment,
        office: Office,
        attendee: Attendee,
        app: AppContext,
        language: Language
    ) async throws
        -> Comprobante
    {
        let proof = AppointmentProof(
            folio: appointment.folio,
            curp: appointment.curp,
            office: office.code,
            date: appointment.date,
            time: appointment.time
        )
        let code = try AppointmentProofSigner(secrets: app.secrets).code(for: proof)
        let payment = try await app.payments.latest(curp: attendee.curp)
        return try Comprobante(appointment, office: office, attendee: attendee, payment: payment, code: code, language: language)
    }
}
