import CitasDomain

extension Registration {
    /// A CURP that passes every format check, used in place of a wrong one so the other fields still get checked.
    static let standInCurp = "GOMA500101MDFMZN05"

    /// Every wrong field at once, as a form shows them: validation is repeated with each failing field replaced
    /// by a valid stand-in until the rest passes. Fields in the order a person reads the form.
    func problems(today: LocalDate) -> [(field: String, error: CitasError)] {
        var trial = self
        var found: [(field: String, error: CitasError)] = []
        while found.count < 12 {
            do {
                _ = try trial.validated(today: today)
                return found
            } catch {
                let field = Self.field(of: error)
                guard !found.contains(where: { $0.field == field }) else { return found }
                found.append((field, error))
                trial.standIn(for: field)
            }
        }
        return found
    }

    /// The form field an error is about.
    static func field(of error: CitasError) -> String {
        switch error.code {
        case .emailSyntax, .emailTooLong, .emailDomainInvalid, .emailDisposable, .emailRegistered: "email"
        case .passwordTooShort, .passwordTooLong, .passwordWeak, .passwordCommon: "password"
        case .givenNamesMissing: "givenNames"
        case .nameInvalid, .fieldTooLong, .fieldMissing: camelCase(error.detail ?? "curp")
        case .invalidDate, .birthDateInFuture, .curpMismatchBirthDate, .curpMismatchCentury: "birthDate"
        case .sexInvalid, .curpMismatchSex: "sex"
        case .stateInvalid, .curpMismatchState: "birthState"
        case .phoneInvalid: "phone"
        default: "curp"
        }
    }

    /// `paternal_surname` (how the domain names a field) → `paternalSurname` (how the form and the API do).
    static func camelCase(_ name: String) -> String {
        let parts = name.split(separator: "_")
        return ([parts.first.map(String.init) ?? ""] + parts.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }).joined()
    }

    private mutating func standIn(for field: String) {
        switch field {
        case "email": email = "valid@example.com"
        case "password": password = "Valid#Passport2026"
        case "paternalSurname": paternalSurname = "Gomez"
        case "maternalSurname": maternalSurname = ""
        case "givenNames": givenNames = "Ana"
        case "birthDate": birthDate = "1950-01-01"
        case "sex": sex = "M"
        case "birthState": birthState = "DF"
        case "phone": phone = nil
        default: curp = Self.standInCurp
        }
    }
}
