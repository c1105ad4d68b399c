import CitasDomain

/// A registration as typed: every field is checked, each failure with its own code.
public struct Registration: Sendable, Codable {
    public var email: String
    public var password: String
    public var curp: String
    public var paternalSurname: String
    public var maternalSurname: String?
    public var givenNames: String
    public var birthDate: String
    public var sex: String
    public var birthState: String
    public var phone: String?
    public var language: String?

    /// The validated parts, in the order a person reads the form (so the first error is the first wrong field).
    func validated(today: LocalDate) throws(CitasError) -> (EmailAddress, Curp, DeclaredIdentity, String?, Language) {
        try FieldLimits.check([
            ("email", email, 254), ("password", password, 200), ("curp", curp, 32), ("paternalSurname", paternalSurname, 120),
            ("maternalSurname", maternalSurname ?? "", 120), ("givenNames", givenNames, 120), ("birthDate", birthDate, 10),
            ("sex", sex, 1), ("birthState", birthState, 2), ("phone", phone ?? "", 20),
        ])
        let address = try EmailAddress(validating: email)
        try PasswordPolicy.check(password)
        let curp = try Curp(validating: curp, today: today)
        guard let sex = DeclaredIdentity.Sex(rawValue: sex.uppercased()) else { throw CitasError(.sexInvalid) }
        let identity = try DeclaredIdentity(
            paternalSurname: paternalSurname,
            maternalSurname: maternalSurname ?? "",
            givenNames: givenNames,
            birthDate: try LocalDate(birthDate),
            sex: sex,
            birthState: birthState,
            today: today
        )
        let phone = try Self.phone(phone)
        return (address, curp, identity, phone, Language(rawValue: language ?? "es") ?? .es)
    }

    /// Digits with an optional leading `+`, spaces and hyphens allowed while typing; stored as `+` and digits.
    static func phone(_ text: String?) throws(CitasError) -> String? {
        guard let text, !text.allSatisfy(\.isWhitespace) else { return nil }
        let kept = text.filter { $0 != " " && $0 != "-" }
        let digits = kept.hasPrefix("+") ? kept.dropFirst() : kept[...]
        guard (8...15).contains(digits.count), digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { throw CitasError(.phoneInvalid) }
        return kept
    }
}
