/// What a person comes to the office for, and the passport validity they ask for.
public enum Procedure: String, Sendable, Hashable, Codable, CaseIterable {
    case first
    case renewal
    /// A minor, with both parents or guardians signing form OP-7 at the office.
    case minor
    /// A replacement after theft or loss.
    case lost
}

/// A procedure with its validity, checked against the applicant's age.
public struct ProcedureChoice: Sendable, Hashable, Codable {
    public static let validities = [1, 3, 6, 10]

    public let procedure: Procedure
    public let validityYears: Int

    /// Throws `procedure_invalid` for a minor's procedure for an adult, `validity_not_allowed` for a validity that
    /// does not exist or (1 year) is reserved for children under 3.
    public init(procedure: Procedure, validityYears: Int, birthDate: LocalDate, today: LocalDate) throws(CitasError) {
        let age = birthDate.age(on: today)
        guard procedure != .minor || age < 18 else { throw CitasError(.procedureInvalid) }
        guard Self.validities.contains(validityYears), validityYears != 1 || age < 3 else {
            throw CitasError(.validityNotAllowed, detail: "\(validityYears)")
        }
        self.procedure = procedure
        self.validityYears = validityYears
    }
}
