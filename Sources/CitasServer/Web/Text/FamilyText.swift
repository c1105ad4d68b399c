/// "Mi familia": the members an account books for.
struct FamilyText: Sendable {
    let title: String
    let nav: String
    let intro: String
    let empty: String
    let membersTitle: String
    let minor: String
    let ward: String
    let age: String
    let noteSurnames: String
    let appointment: String
    let noAppointment: String
    let book: String
    let remove: String
    let removed: String
    let addTitle: String
    let addIntro: String
    let kind: String
    let reason: String
    let reasonHint: String
    let secondParentName: String
    let secondParentHint: String
    let secondParentCurp: String
    let add: String
    let added: String
    let limitNote: String
    let forWhom: String
    let togetherHint: String
    /// On the waiting form: several people ticked wait as one.
    let waitTogetherHint: String
    /// A household's request on the account page; "{names}" is replaced.
    let waitingTogether: String
    /// The holder in the "for whom" choice; "{name}" is replaced.
    let yourself: String
    let bookedFor: String
    let op7: String

    static let es = FamilyText(
        title: "Mi familia",
        nav: "Mi familia",
        intro:
            "Agregue a sus hijos menores de edad, o a la persona adulta que está bajo su tutela, para pedir sus citas desde su cuenta. Cada persona tiene su propia CURP y una sola cita vigente.",
        empty: "Aún no agrega a nadie.",
        membersTitle: "Personas de su familia",
        minor: "Menor de edad",
        ward: "Bajo su tutela",
        age: "años",
        noteSurnames: "Los apellidos no coinciden con los suyos: lleve a la cita el documento que acredita la tutela.",
        appointment: "Cita",
        noAppointment: "Sin cita",
        book: "Pedir una cita para esta persona",
        remove: "Quitar de mi familia",
        removed: "La persona ya no está en su familia.",
        addTitle: "Agregar a una persona",
        addIntro: "Escriba su CURP y su nombre tal como aparecen en ella; la fecha, el sexo y el estado de nacimiento se toman de la CURP.",
        kind: "¿Quién es?",
        reason: "Motivo de la tutela",
        reasonHint: "Solo para una persona adulta bajo su tutela (p. ej. interdicción); lleve el documento a la cita.",
        secondParentName: "Nombre completo del otro padre, madre o tutor",
        secondParentHint: "Para un menor: ambos deben acudir a la cita o llevar el consentimiento ante notario (formato OP-7).",
        secondParentCurp: "CURP del otro padre, madre o tutor",
        add: "Agregar",
        added: "La persona quedó en su familia.",
        limitNote: "Hasta 6 personas por cuenta.",
        forWhom: "¿Para quién es la cita?",
        togetherHint: "Si marca a varias personas, se reservan juntas en horarios seguidos, o ninguna si no hay lugar para todas.",
        waitTogetherHint:
            "Si marca a varias personas, esperan juntas: el sorteo les da horarios seguidos del mismo día, o ninguno si no hay lugar para todas. Cada persona cuenta como un boleto, igual que si esperara sola.",
        waitingTogether: "Juntas: {names}",
        yourself: "Para mí ({name})",
        bookedFor: "La cita quedó reservada. La encontrará junto a la persona, en Mi familia.",
        op7: "Menor de edad: deben acudir ambos padres o tutores, o llevar el consentimiento ante notario (formato OP-7)."
    )

    static let en = FamilyText(
        title: "My family",
        nav: "My family",
        intro:
            "Add your children under 18, or an adult under your guardianship, to book their appointments from your account. Each person has their own CURP and one live appointment.",
        empty: "You have not added anyone yet.",
        membersTitle: "People in your family",
        minor: "Minor",
        ward: "Under your guardianship",
        age: "years old",
        noteSurnames: "Their surnames differ from yours: bring the guardianship document to the appointment.",
        appointment: "Appointment",
        noAppointment: "No appointment",
        book: "Book an appointment for this person",
        remove: "Remove from my family",
        removed: "The person is no longer in your family.",
        addTitle: "Add a person",
        addIntro: "Type their CURP and their name as it shows; date, sex and state of birth are taken from the CURP.",
        kind: "Who is it?",
        reason: "Reason for the guardianship",
        reasonHint: "Only for an adult under your guardianship (e.g. a court order); bring the document to the appointment.",
        secondParentName: "Full name of the other parent or guardian",
        secondParentHint: "For a minor: both must come to the appointment or bring the notarised consent (form OP-7).",
        secondParentCurp: "CURP of the other parent or guardian",
        add: "Add",
        added: "The person is now in your family.",
        limitNote: "Up to 6 people per account.",
        forWhom: "Who is the appointment for?",
        togetherHint: "If you tick several people, they are booked together in consecutive times, or none if there is no room for all.",
        waitTogetherHint:
            "If you tick several people, they wait together: the draw gives them consecutive times on one day, or none if there is no room for all. Each person counts as one ticket, as if they waited alone.",
        waitingTogether: "Together: {names}",
        yourself: "For me ({name})",
        bookedFor: "The appointment is booked. You will find it next to the person, under My family.",
        op7: "Minor: both parents or guardians must come, or bring the notarised consent (form OP-7)."
    )
}
