/// The texts of the e-mails Citas sends, in the person's language.
public enum MailTemplates {
    public static func verification(to recipient: String, link: String, language: Language) -> OutgoingMail {
        let es = """
            Hola:

            Para activar su cuenta de Citas, abra este enlace (vence en 24 horas):

            \(link)

            Si usted no creó esta cuenta, ignore este mensaje. Las citas son gratuitas y nadie puede venderlas.
            """
        let en = """
            Hello,

            To activate your Citas account, open this link (it expires in 24 hours):

            \(link)

            If you did not create this account, ignore this message. Appointments are free and nobody may sell them.
            """
        return OutgoingMail(
            kind: "verify_email",
            recipient: recipient,
            subject: language == .es ? "Active su cuenta de Citas" : "Activate your Citas account",
            body: language == .es ? es : en
        )
    }

    public static func alreadyRegistered(to recipient: String, resetLink: String, language: Language) -> OutgoingMail {
        let es = """
            Hola:

            Alguien intentó registrar esta dirección en Citas, pero ya tiene una cuenta.
            Si olvidó su contraseña, puede cambiarla aquí: \(resetLink)
            """
        let en = """
            Hello,

            Someone tried to register this address with Citas, but it already has an account.
            If you forgot your password, you can change it here: \(resetLink)
            """
        return OutgoingMail(
            kind: "already_registered",
            recipient: recipient,
            subject: language == .es ? "Su dirección ya tiene una cuenta" : "Your address already has an account",
            body: language == .es ? es : en
        )
    }

    /// To the owner of a CURP that someone tried to register again under another address.
    public static func curpInUse(to recipient: String, resetLink: String, language: Language) -> OutgoingMail {
        let es = """
            Hola:

            Alguien intentó abrir otra cuenta de Citas con su CURP. No se abrió: cada CURP tiene una sola cuenta, la suya.
            Si fue usted y olvidó su contraseña, puede cambiarla aquí: \(resetLink)
            Si no fue usted, no tiene que hacer nada; su cuenta y sus citas no cambiaron.
            """
        let en = """
            Hello,

            Someone tried to open another Citas account with your CURP. It was not opened: each CURP has one account, yours.
            If it was you and you forgot your password, you can change it here: \(resetLink)
            If it was not you, there is nothing to do; your account and appointments are unchanged.
            """
        return OutgoingMail(
            kind: "curp_in_use",
            recipient: recipient,
            subject: language == .es ? "Intentaron registrar su CURP otra vez" : "Someone tried to register your CURP again",
            body: language == .es ? es : en
        )
    }

    public static func passwordReset(to recipient: String, link: String, language: Language) -> OutgoingMail {
        let es = """
            Hola:

            Para elegir una nueva contraseña, abra este enlace (vence en 1 hora; sólo funciona una vez):

            \(link)

            Si usted no lo pidió, ignore este mensaje; su contraseña no cambia.
            """
        let en = """
            Hello,

            To choose a new password, open this link (it expires in 1 hour and works once):

            \(link)

            If you did not ask for this, ignore this message; your password stays the same.
            """
        return OutgoingMail(
            kind: "reset_password",
            recipient: recipient,
            subject: language == .es ? "Cambio de contraseña de Citas" : "Citas password change",
            body: language == .es ? es : en
        )
    }
}

extension MailTemplates {
    /// The result of an allocation for a person who got a seat (or a move); nobody else is written to.
    public static func drawWon(
        to recipient: String,
        folio: String,
        office: String,
        date: LocalDate,
        time: LocalTime,
        moved: Bool,
        language: Language
    ) -> OutgoingMail {
        let lead =
            switch (language, moved) {
            case (.es, false): "Obtuvo lugar en el sorteo. Su cita:"
            case (.es, true): "Obtuvo lugar en el sorteo para cambiar su cita. El horario anterior queda sin efecto. Su cita ahora:"
            case (_, false): "You won a place in the draw. Your appointment:"
            case (_, true): "You won a place in the draw to move your appointment. The old time is void. Your appointment now:"
            }
        return appointment(
            kind: moved ? "draw_moved" : "draw_won",
            lead: lead,
            to: recipient,
            folio: folio,
            office: office,
            date: date,
            time: time,
            language: language
        )
    }

    /// The confirmation of a booking made on the pages, through the API or by phone.
    public static func booked(
        to recipient: String,
        folio: String,
        office: String,
        date: LocalDate,
        time: LocalTime,
        language: Language
    ) -> OutgoingMail {
        let lead = language == .es ? "Su cita quedó registrada:" : "Your appointment is booked:"
        return appointment(kind: "booked", lead: lead, to: recipient, folio: folio, office: office, date: date, time: time, language: language)
    }

    /// The appointment moved: its new time, and that the old one is void (the person must not go then).
    public static func moved(
        to recipient: String,
        folio: String,
        office: String,
        date: LocalDate,
        time: LocalTime,
        was old: (office: String, date: LocalDate, time: LocalTime),
        language: Language
    ) -> OutgoingMail {
        let lead =
            language == .es
            ? "Su cita cambió de horario. La cita anterior (\(old.office), \(old.date) a las \(old.time)) ya no es válida: no acuda a ella.\n\nSu nueva cita:"
            : "Your appointment was moved. The previous time (\(old.office), \(old.date) at \(old.time)) is no longer valid: do not go then.\n\nYour new appointment:"
        return appointment(kind: "moved", lead: lead, to: recipient, folio: folio, office: office, date: date, time: time, language: language)
    }

    /// A reminder `daysBefore` days before the appointment, with what to do if the person cannot come.
    public static func reminder(
        to recipient: String,
        folio: String,
        office: String,
        date: LocalDate,
        time: LocalTime,
        daysBefore: Int,
        language: Language
    ) -> OutgoingMail {
        let lead =
            language == .es
            ? (daysBefore == 1 ? "Le recordamos que su cita es mañana." : "Le recordamos que su cita es en \(daysBefore) días.")
                + " Llegue 15 minutos antes. Si no puede acudir, cancélela en Mi cita para que otra persona use el lugar."
            : (daysBefore == 1 ? "A reminder: your appointment is tomorrow." : "A reminder: your appointment is in \(daysBefore) days.")
                + " Arrive 15 minutes early. If you cannot come, cancel it under My appointment so someone else can use the seat."
        return appointment(kind: "reminder", lead: lead, to: recipient, folio: folio, office: office, date: date, time: time, language: language)
    }

    /// The person cancelled their appointment: it is void, and they may book again.
    public static func cancelled(
        to recipient: String,
        folio: String,
        office: String,
        date: LocalDate,
        time: LocalTime,
        language: Language
    ) -> OutgoingMail {
        let es = """
            Hola:

            Su cita \(folio) en \(office) del \(date) a las \(time) quedó cancelada a petición suya. Ya no es válida.

            Si necesita el pasaporte, puede pedir otra cita cuando quiera.
            """
        let en = """
            Hello,

            Your appointment \(folio) at \(office) on \(date) at \(time) was cancelled at your request. It is no longer valid.

            If you need the passport, you can ask for another appointment at any time.
            """
        return OutgoingMail(
            kind: "cancelled",
            recipient: recipient,
            subject: language == .es ? "Cita cancelada: \(folio)" : "Appointment cancelled: \(folio)",
            body: language == .es ? es : en
        )
    }

    /// An appointment's details under a first line that says how it came about.
    private static func appointment(
        kind: String,
        lead: String,
        to recipient: String,
        folio: String,
        office: String,
        date: LocalDate,
        time: LocalTime,
        language: Language
    ) -> OutgoingMail {
        let es = """
            Hola:

            \(lead)

            Folio: \(folio)
            Oficina: \(office)
            Fecha y hora: \(date) a las \(time) (hora local de la oficina)

            La cita es personal e intransferible. Nadie puede venderla.
            """
        let en = """
            Hello,

            \(lead)

            Folio: \(folio)
            Office: \(office)
            Date and time: \(date) at \(time) (the office's local time)

            The appointment is personal and cannot be transferred. Nobody may sell it.
            """
        return OutgoingMail(
            kind: kind,
            recipient: recipient,
            subject: language == .es ? "Su cita para pasaporte: \(folio)" : "Your passport appointment: \(folio)",
            body: language == .es ? es : en,
            folio: folio
        )
    }
}

extension MailTemplates {
    /// The office cancelled the appointment (a closed day): apologise, say it does not count against the person,
    /// and send them straight to booking again.
    public static func cancelledByOffice(
        to recipient: String,
        folio: String,
        office: String,
        date: LocalDate,
        reason: String,
        rebookLink: String,
        language: Language
    ) -> OutgoingMail {
        let es = """
            Hola:

            La oficina \(office) no atenderá el \(date) (\(reason)), por lo que su cita \(folio) quedó cancelada.
            Lo sentimos. Esta cancelación no cuenta en su límite de citas: puede reservar otra fecha aquí:

            \(rebookLink)
            """
        let en = """
            Hello,

            The \(office) office will not open on \(date) (\(reason)), so your appointment \(folio) was cancelled.
            We are sorry. This cancellation does not count towards your limit: you can book another date here:

            \(rebookLink)
            """
        return OutgoingMail(
            kind: "cancelled_by_office",
            recipient: recipient,
            subject: language == .es ? "Su cita \(folio) fue cancelada por la oficina" : "Your appointment \(folio) was cancelled by the office",
            body: language == .es ? es : en
        )
    }
}
