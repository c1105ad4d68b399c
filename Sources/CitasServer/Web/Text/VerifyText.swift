/// The back office's check of a comprobante's QR code.
struct VerifyText: Sendable {
    let title: String
    let intro: String
    let code: String
    let codeHint: String
    let button: String
    let current: String
    let currentNote: String
    /// "{when}" is replaced by the time the agenda has now.
    let changed: String
    let changedNote: String
    let notLive: String
    let notLiveNote: String
    let forged: String
    let forgedNote: String
    let malformed: String
    let malformedNote: String
    let offline: String

    static let es = VerifyText(
        title: "Verificar comprobante",
        intro:
            "Lea el código QR del comprobante con el lector (o péguelo). La firma se comprueba en este equipo; la agenda dice si la cita sigue vigente.",
        code: "Código del comprobante",
        codeHint: "Empieza con CITAS1:",
        button: "Verificar",
        current: "Auténtico y vigente",
        currentNote: "Coincide con la agenda. Compruebe que la identificación de la persona corresponda a la CURP.",
        changed: "Auténtico, pero la cita cambió",
        changedNote: "La agenda tiene ahora: {when}. Atienda según la agenda; este comprobante es anterior.",
        notLive: "Auténtico, pero la cita no está vigente aquí",
        notLiveNote: "Fue cancelada o ya se atendió, o es de una oficina que usted no atiende.",
        forged: "No es válido",
        forgedNote: "La firma no corresponde: el código fue alterado o no lo emitió este servicio. No atienda con este comprobante.",
        malformed: "No es un código de cita",
        malformedNote: "Vuelva a leerlo; si no se puede, busque la cita por folio o CURP.",
        offline: "Sin conexión, la orden «citas appointment verify-qr» comprueba la firma con las claves públicas del servicio."
    )

    static let en = VerifyText(
        title: "Check a comprobante",
        intro:
            "Read the comprobante's QR code with the scanner (or paste it). The signature is checked here; the agenda says whether the appointment still stands.",
        code: "Comprobante code",
        codeHint: "Starts with CITAS1:",
        button: "Check",
        current: "Genuine and current",
        currentNote: "It matches the agenda. Check that the person's ID matches the CURP.",
        changed: "Genuine, but the appointment changed",
        changedNote: "The agenda now has: {when}. Serve according to the agenda; this comprobante is older.",
        notLive: "Genuine, but the appointment is not current here",
        notLiveNote: "It was cancelled or already served, or it belongs to an office you do not work for.",
        forged: "Not valid",
        forgedNote: "The signature does not match: the code was altered or not issued by this service. Do not serve on this comprobante.",
        malformed: "Not an appointment code",
        malformedNote: "Read it again; if that fails, look the appointment up by folio or CURP.",
        offline: "Offline, the command “citas appointment verify-qr” checks the signature with the service's public keys."
    )
}
