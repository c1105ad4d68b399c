/// The call centre's booking screen.
struct PhoneText: Sendable {
    let callerPhone: String
    let callerPhoneHint: String
    let office: String
    let chooseOffice: String
    let date: String
    let dateHint: String
    let find: String
    let freeTimes: String
    let noFreeTimes: String
    let typedTime: String
    let typedTimeHint: String
    let book: String
    let waitTitle: String
    let bookedTitle: String
    let dictate: String
    let bookedAt: String

    static let es = PhoneText(
        callerPhone: "Teléfono de quien llama",
        callerPhoneHint: "Para avisarle si la oficina cierra ese día.",
        office: "Oficina",
        chooseOffice: "Elija la oficina",
        date: "Día que prefiere (opcional)",
        dateHint: "DD/MM/AAAA, por ejemplo 04/12/2026. Sin día, la persona queda en la lista de espera.",
        find: "Ver horarios libres de ese día",
        freeTimes: "Horarios libres el {day}",
        noFreeTimes: "Ese día no tiene horarios libres para reservar: inscriba a la persona en la lista de espera.",
        typedTime: "O escriba la hora",
        typedTimeHint: "Por ejemplo 9:00 o 14:30.",
        book: "Reservar esta hora",
        waitTitle: "Si no hay horario que le acomode",
        bookedTitle: "Cita reservada",
        dictate: "Dicte el folio por grupos:",
        bookedAt: "{office}, {day} a las {time}."
    )

    static let en = PhoneText(
        callerPhone: "Caller's phone",
        callerPhoneHint: "To tell them if the office closes that day.",
        office: "Office",
        chooseOffice: "Choose the office",
        date: "Day they prefer (optional)",
        dateHint: "DD/MM/YYYY, for example 04/12/2026. Without a day, the person joins the waiting list.",
        find: "Show that day's free times",
        freeTimes: "Free times on {day}",
        noFreeTimes: "That day has no free time to book: put the person on the waiting list.",
        typedTime: "Or type the time",
        typedTimeHint: "For example 9:00 or 14:30.",
        book: "Book this time",
        waitTitle: "If no time suits them",
        bookedTitle: "Appointment booked",
        dictate: "Read the folio out in groups:",
        bookedAt: "{office}, {day} at {time}."
    )
}
