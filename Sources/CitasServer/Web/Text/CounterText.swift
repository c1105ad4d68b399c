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
    let screenReload: String
    let referenceHint: String
    let amountHint: String
    let paidOnHint: String
    let bankHint: String
    let confirmTitle: String
    let confirmIntro: String
    let payer: String
    let due: String
    let typedAmount: String
    let confirmButton: String
    let correctButton: String
    let recordedFor: String
    let fileLabel: String
    let fileHint: String
    let pasteLabel: String
    let lineProblem: String
    let lineProblemField: String

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
        screenHint: "En la sala, esta pantalla se actualiza sola. Al registrarse en el mostrador recibe un número de turno.",
        screenReload: "Actualizar",
        referenceHint: "Los 16 dígitos de la hoja de pago; puede escribirlos con espacios o guiones.",
        amountHint: "Por ejemplo $2,440.00 o 2440.",
        paidOnHint: "DD/MM/AAAA (por ejemplo 01/12/2026) o AAAA-MM-DD.",
        bankHint: "El banco del comprobante.",
        confirmTitle: "Confirme el pago antes de registrarlo",
        confirmIntro: "Revise que el pago sea de la persona que tiene enfrente.",
        payer: "Pago de",
        due: "Monto a pagar",
        typedAmount: "Pagó",
        confirmButton: "Sí, registrar el pago",
        correctButton: "Corregir",
        recordedFor: "Pago registrado: {name}, {amount}.",
        fileLabel: "Archivo del banco (CSV)",
        fileHint: "Columnas reference, amount, paid_on, bank. Si falla una línea no se importa nada y se explica cada una.",
        pasteLabel: "O pegue aquí el contenido del archivo",
        lineProblem: "Línea {line}: {message}",
        lineProblemField: "Línea {line}, {field}: {message}"
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
        screenHint: "In the waiting room this screen refreshes by itself. You get a turn number when you check in at the counter.",
        screenReload: "Update",
        referenceHint: "The 16 digits on the payment sheet; spaces or dashes are fine.",
        amountHint: "For example $2,440.00 or 2440.",
        paidOnHint: "DD/MM/YYYY (for example 01/12/2026) or YYYY-MM-DD.",
        bankHint: "The bank on the receipt.",
        confirmTitle: "Confirm the payment before recording it",
        confirmIntro: "Check that the payment belongs to the person in front of you.",
        payer: "Payment of",
        due: "Amount due",
        typedAmount: "Paid",
        confirmButton: "Yes, record the payment",
        correctButton: "Correct it",
        recordedFor: "Payment recorded: {name}, {amount}.",
        fileLabel: "Bank file (CSV)",
        fileHint: "Columns reference, amount, paid_on, bank. If one line fails nothing is imported and each line is explained.",
        pasteLabel: "Or paste the file's contents here",
        lineProblem: "Line {line}: {message}",
        lineProblemField: "Line {line}, {field}: {message}"
    )
}
