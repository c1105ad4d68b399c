/// The review queue's decisions and an account's history, for reviewers.
struct ReviewText: Sendable {
    let dismiss: String
    let dismissed: String
    let history: String
    let historyTitle: String
    let bookings: String
    let events: String
    let when: String
    let who: String
    let what: String
    let nothing: String
    /// Audit actions in words; an action missing here shows as recorded.
    let actions: [String: String]

    func action(_ code: String) -> String { actions[code] ?? code }

    static let es = ReviewText(
        dismiss: "Descartar: no hay abuso",
        dismissed: "La cuenta salió de la cola; volverá si aparece nueva evidencia.",
        history: "Historial de la cuenta",
        historyTitle: "Historial",
        bookings: "Citas de la cuenta y su familia",
        events: "Lo que registró el sistema",
        when: "Cuándo",
        who: "Quién",
        what: "Qué",
        nothing: "Nada registrado.",
        actions: [
            "account.register": "Se registró", "account.verify_email": "Confirmó su correo", "account.procedure": "Eligió su trámite",
            "account.password_changed": "Cambió su contraseña", "account.suspend": "Cuenta suspendida", "account.reinstate": "Cuenta reactivada",
            "risk.dismiss": "Descartada en revisión", "dependent.add": "Agregó a un familiar", "dependent.remove": "Quitó a un familiar",
            "dependent.release": "Familiar retirado por el personal", "session.start": "Inició sesión",
        ]
    )

    static let en = ReviewText(
        dismiss: "Dismiss: no abuse",
        dismissed: "The account left the queue; it comes back if new evidence appears.",
        history: "Account history",
        historyTitle: "History",
        bookings: "Appointments of the account and its family",
        events: "What the system recorded",
        when: "When",
        who: "Who",
        what: "What",
        nothing: "Nothing recorded.",
        actions: [
            "account.register": "Registered", "account.verify_email": "Confirmed the e-mail", "account.procedure": "Chose a procedure",
            "account.password_changed": "Changed the password", "account.suspend": "Account suspended", "account.reinstate": "Account reinstated",
            "risk.dismiss": "Dismissed in review", "dependent.add": "Added a family member", "dependent.remove": "Removed a family member",
            "dependent.release": "Family member taken out by staff", "session.start": "Signed in",
        ]
    )
}
