/// The counter screen a clerk keeps open all day, and the waiting room's screen.
struct CounterText: Sendable {
    let title: String
    let previousDay: String
    let nextDay: String
    let today: String
    let expected: String
    let waiting: String
    let attended: String
    let noShow: String
    let searchLabel: String
    let searchHint: String
    let search: String
    let clear: String
    let filterLabel: String
    let all: String
    let toArrive: String
    let cancelled: String
    let turn: String
    let procedure: String
    let payment: String
    let paid: String
    let unpaid: String
    let noSheet: String
    let chooseDocument: String
    let call: String
    let calledMark: String
    let markNoShow: String
    let minorMark: String
    let found: String
    let nothingFound: String
    let screenLink: String
    let screenTitle: String
    let screenNow: String
    let screenBefore: String
    let screenNobody: String
    let screenWaiting: String
    let screenHint: String

    static let es = CounterText(
        title: "Mostrador",
        previousDay: "Día anterior",
        nextDay: "Día siguiente",
        today: "Hoy",
        expected: "Esperadas",
        waiting: "En espera",
        attended: "Atendidas",
        noShow: "No se presentaron",
        searchLabel: "Buscar en el día",
        searchHint: "Folio, CURP (o parte de ella) o nombre; sin importar mayúsculas ni acentos.",
        search: "Buscar",
        clear: "Ver a todas",
        filterLabel: "Mostrar",
        all: "Todas",
        toArrive: "Por llegar",
        cancelled: "Canceladas",
        turn: "Turno",
        procedure: "Trámite",
        payment: "Pago",
        paid: "Pagado",
        unpaid: "Hoja de pago sin pago registrado",
        noSheet: "Sin hoja de pago",
        chooseDocument: "Elija el documento que vio",
        call: "Llamar",
        calledMark: "llamado",
        markNoShow: "No se presentó",
        minorMark: "Menor (OP-7)",
        found: "Resultados para «{q}»: {n}",
        nothingFound: "Nadie de este día coincide con «{q}».",
        screenLink: "Pantalla de turnos de la sala",
        screenTitle: "Turnos",
        screenNow: "Pase a ventanilla",
        screenBefore: "Llamados antes",
        screenNobody: "Aún no se ha llamado a nadie.",
        screenWaiting: "Personas en espera",
        screenHint: "Esta pantalla se actualiza sola. Al registrarse en el mostrador recibe un número de turno."
    )

    static let en = CounterText(
        title: "Counter",
        previousDay: "Previous day",
        nextDay: "Next day",
        today: "Today",
        expected: "Expected",
        waiting: "Waiting",
        attended: "Attended",
        noShow: "Did not come",
        searchLabel: "Search this day",
        searchHint: "Folio, CURP (or part of it) or name; case and accents do not matter.",
        search: "Search",
        clear: "Show everyone",
        filterLabel: "Show",
        all: "All",
        toArrive: "To arrive",
        cancelled: "Cancelled",
        turn: "Turn",
        procedure: "Procedure",
        payment: "Payment",
        paid: "Paid",
        unpaid: "Payment sheet, no payment recorded",
        noSheet: "No payment sheet",
        chooseDocument: "Choose the document you saw",
        call: "Call",
        calledMark: "called",
        markNoShow: "Did not come",
        minorMark: "Minor (OP-7)",
        found: "Results for “{q}”: {n}",
        nothingFound: "Nobody on this day matches “{q}”.",
        screenLink: "Waiting-room turn screen",
        screenTitle: "Turns",
        screenNow: "Please go to the counter",
        screenBefore: "Called before",
        screenNobody: "Nobody has been called yet.",
        screenWaiting: "People waiting",
        screenHint: "This screen refreshes by itself. You get a turn number when you check in at the counter."
    )
}
