import Foundation

/// What a person declares about themselves at registration, as written on the birth certificate.
public struct DeclaredIdentity: Sendable, Hashable, Codable {
    /// The CURP's sex marker: H (hombre), M (mujer), X (non-binary, issued since 2023).
    public enum Sex: String, Sendable, Hashable, Codable, CaseIterable {
        case h = "H"
        case m = "M"
        case x = "X"
    }

    public static let maximumNameLength = 60

    public let paternalSurname: String
    /// Optional: many people have one surname.
    public let maternalSurname: String
    public let givenNames: String
    public let birthDate: LocalDate
    public let sex: Sex
    /// One of the 32 state codes, or NE for born abroad.
    public let birthState: String

    /// Given names then surnames, as a person is called at the counter ("María José López Hernández").
    public var fullName: String { [givenNames, paternalSurname, maternalSurname].filter { !$0.isEmpty }.joined(separator: " ") }

    /// Checks each field on its own; `today` bounds the birth date.
    public init(
        paternalSurname: String,
        maternalSurname: String,
        givenNames: String,
        birthDate: LocalDate,
        sex: Sex,
        birthState: String,
        today: LocalDate
    ) throws(CitasError) {
        // Stored in NFC, so "José" typed with a combining accent and with a precomposed é is one name.
        let (paternalSurname, maternalSurname, givenNames) = (
            paternalSurname.precomposedStringWithCanonicalMapping, maternalSurname.precomposedStringWithCanonicalMapping,
            givenNames.precomposedStringWithCanonicalMapping
        )
        guard !givenNames.allSatisfy(\.isWhitespace) else { throw CitasError(.givenNamesMissing) }
        for (field, value) in [("paternal_surname", paternalSurname), ("maternal_surname", maternalSurname), ("given_names", givenNames)] {
            guard Self.isAcceptableName(value) else { throw CitasError(.nameInvalid, detail: field) }
        }
        guard birthDate <= today else { throw CitasError(.birthDateInFuture) }
        let state = birthState.trimmingCharacters(in: .whitespaces).uppercased()
        guard CurpRules.states.contains(state) else { throw CitasError(.stateInvalid) }
        self.paternalSurname = paternalSurname
        self.maternalSurname = maternalSurname
        self.givenNames = givenNames
        self.birthDate = birthDate
        self.sex = sex
        self.birthState = state
    }

    /// An identity read back from storage, validated when it was stored.
    public init(stored paternal: String, maternal: String, given: String, birthDate: LocalDate, sex: Sex, birthState: String) {
        paternalSurname = paternal
        maternalSurname = maternal
        givenNames = given
        self.birthDate = birthDate
        self.sex = sex
        self.birthState = birthState
    }

    /// Letters (any accent), spaces and the special characters the rules know (`/ - . ' ´ ’`), within a length. Checked
    /// scalar by scalar too: a zero-width joiner or another invisible format character hides inside a letter's
    /// grapheme, where a check of whole characters would not see it.
    static func isAcceptableName(_ text: String) -> Bool {
        text.count <= maximumNameLength
            && text.allSatisfy { $0.isLetter || $0 == " " || "/-.'´’".contains($0) }
            && text.unicodeScalars.allSatisfy(isVisible)
            && (text.allSatisfy(\.isWhitespace) || text.contains(where: \.isLetter))
    }

    /// Not a format, control, private-use or unassigned code point, nor one that renders as nothing.
    private static func isVisible(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .format, .control, .privateUse, .unassigned, .surrogate: return false
        default: return !scalar.properties.isDefaultIgnorableCodePoint
        }
    }
}
