/// The 50 % discount categories of the fee law, each with the proof the office checks.
public enum FeeDiscount: String, Sendable, Hashable, Codable, CaseIterable {
    case none
    /// People aged 60 or over (proof: any official ID with the birth date).
    case senior
    /// People with a disability (proof: a certificate from a public health institution).
    case disability
    /// Mexico–Canada temporary agricultural workers (proof: SNE/STPS certificate); 3- or 6-year passports only.
    case agricultural
}

/// What a person owes for a passport: the table's amount for the year and validity, halved (as published) for a
/// discount the person is entitled to, less what an earlier, still valid payment covered.
public enum FeeCalculator {
    /// A payment counts towards a new passport for this many years.
    public static let paymentValidityYears = 5

    /// Centavos due. Throws `validity_not_allowed` (1 year is for children under 3; agricultural workers get 3 or 6
    /// years), `discount_not_allowed` (not 60 yet, or an agricultural discount on a child), `fee_unknown` (no table).
    public static func due(
        _ schedule: FeeSchedule,
        year: Int,
        validityYears: Int,
        discount: FeeDiscount,
        birthDate: LocalDate,
        today: LocalDate,
        credit: Int = 0
    ) throws(CitasError) -> Int {
        let age = birthDate.age(on: today)
        guard ProcedureChoice.validities.contains(validityYears), validityYears != 1 || age < 3 else {
            throw CitasError(.validityNotAllowed, detail: "\(validityYears)")
        }
        switch discount {
        case .none, .disability: break
        case .senior: guard age >= 60 else { throw CitasError(.discountNotAllowed, detail: discount.rawValue) }
        case .agricultural:
            guard age >= 18, validityYears == 3 || validityYears == 6 else { throw CitasError(.discountNotAllowed, detail: discount.rawValue) }
        }
        guard let fee = schedule.fee(year: year, validityYears: validityYears) else { throw CitasError(.feeUnknown, detail: "\(year)") }
        let amount = discount == .none ? fee.centavos : fee.discountedCentavos
        return max(0, amount - credit)
    }
}

/// Payment-sheet references: 14 digits and two ISO 7064 MOD 97-10 check digits, so a mistyped or swapped digit
/// at the bank is caught before it is matched to anyone.
public enum PaymentReference {
    public static func checkDigits(_ body: String) -> String {
        var remainder = 0
        for character in body + "00" {
            guard let digit = character.wholeNumberValue else { return "??" }
            remainder = (remainder * 10 + digit) % 97
        }
        let check = 98 - remainder
        return check < 10 ? "0\(check)" : "\(check)"
    }

    /// A new reference from 14 random digits.
    public static func make<G: RandomNumberGenerator>(using generator: inout G) -> String {
        let body = (0..<14).map { _ in String(Int.random(in: 0...9, using: &generator)) }.joined()
        return body + checkDigits(body)
    }

    /// Whether `text` is 16 digits whose last two check the first fourteen.
    public static func isValid(_ text: String) -> Bool {
        text.count == 16 && text.allSatisfy(\.isASCII) && text.allSatisfy(\.isNumber)
            && checkDigits(String(text.prefix(14))) == String(text.suffix(2))
    }
}
