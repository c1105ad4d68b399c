import Foundation

extension RiskSignal {
    /// What a reviewer reads, in their language: the count and the shared key behind the points, in words.
    public func evidence(in language: Language) -> String {
        let (es, en) = Self.words[kind] ?? ("{count}", "{count}")
        return (language == .es ? es : en).replacingOccurrences(of: "{count}", with: String(count))
            .replacingOccurrences(of: "{key}", with: key ?? "")
    }

    private static let words: [Kind: (es: String, en: String)] = [
        .relayEmail: ("Se registró con una dirección de reenvío (alias).", "Registered with a forwarding address (alias)."),
        .sharedAddress: (
            "{count} cuentas registradas desde la misma dirección de red ({key}).",
            "{count} accounts registered from the same network address ({key})."
        ),
        .identityRefusals: (
            "{count} registros rechazados en 30 días desde {key}: la CURP no coincidía con la persona.",
            "{count} registrations refused in 30 days from {key}: the CURP did not match the person."
        ),
        .emailFamily: ("{count} cuentas con correos casi iguales ({key}).", "{count} accounts with near-identical e-mail addresses ({key})."),
        .releaseBurst: (
            "{count} reservas hechas en los primeros segundos después de abrirse lugares.",
            "{count} bookings made within seconds of seats opening."
        ),
        .handoff: (
            "{count} veces canceló y otra persona reservó ese mismo lugar al instante.",
            "{count} times a cancellation was followed at once by someone else booking that seat."
        ),
        .householdSurnames: (
            "{count} familiares bajo tutela sin ningún apellido en común con el titular.",
            "{count} family members under guardianship sharing no surname with the holder."
        ),
        .householdLateAdds: (
            "{count} familiares entraron a un sorteo el mismo día en que se agregaron.",
            "{count} family members entered a draw within a day of being added."
        ),
        .householdRemovals: (
            "{count} familiares quitados después de reservarles una cita.",
            "{count} family members removed after an appointment was booked for them."
        ),
    ]
}
