import Foundation

/// A CURP (Clave Única de Registro de Población) that passed every structural check.
///
/// The input is trimmed and upper-cased; nothing else is repaired, so inner spaces, hyphens, homoglyphs and
/// full-width characters are refused. Consistency with a person's data is `CurpMatch`'s job.
public struct Curp: Sendable, Hashable, CustomStringConvertible {
    public let value: String

    /// Validates `raw`; `today` (the calendar day where the person registers) bounds the birth date.
    public init(validating raw: String, today: LocalDate) throws(CitasError) {
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines).uppercased()
        let chars = Array(text)
        guard text.unicodeScalars.count == 18, chars.count == 18 else { throw CitasError(.curpLength) }
        guard Self.hasValidShape(chars) else { throw CitasError(.curpFormat) }
        guard chars[1] == "X" || CurpRules.vowels.contains(chars[1]) else { throw CitasError(.curpVowel) }
        _ = try Self.birthDate(of: chars, today: today)
        guard ["H", "M", "X"].contains(chars[10]) else { throw CitasError(.curpSex) }
        guard CurpRules.states.contains(String(chars[11...12])) else { throw CitasError(.curpState) }
        guard chars[13...15].allSatisfy(CurpRules.consonants.contains) else { throw CitasError(.curpConsonants) }
        guard !CurpRules.inconvenientWords.contains(String(chars[0...3])) else { throw CitasError(.curpWord) }
        guard Self.checkDigit(for: String(chars[0...16])) == chars[17] else { throw CitasError(.curpCheckDigit) }
        value = text
    }

    /// A CURP read back from storage, where only validated values are written.
    public init(stored value: String) {
        self.value = value
    }

    public var description: String { value }

    /// Birth date (positions 5–10 with the century from position 17).
    public var birthDate: LocalDate {
        let chars = Array(value)
        return LocalDate(year: Self.year(of: chars)!, month: Int(String(chars[6...7]))!, day: Int(String(chars[8...9]))!)
    }

    /// Position 11: `H`, `M` or `X`, as the registration form's sex field takes it.
    public var sexCode: String { String(Array(value)[10]) }

    /// Positions 12–13: the state of birth's code (`NE` for born abroad), as the registration form takes it.
    public var stateCode: String { String(Array(value)[11...12]) }

    /// ASCII letters and digits in the right places: `[A-Z]{4}[0-9]{6}[A-Z]{6}[0-9A-Z][0-9]`.
    private static func hasValidShape(_ chars: [Character]) -> Bool {
        chars.enumerated().allSatisfy { index, c in
            let letter = c.isASCII && c.isUppercase
            let digit = c.isASCII && c.isNumber
            switch index {
            case 4..<10, 17: return digit
            case 16: return letter || digit
            default: return letter
            }
        }
    }

    /// A digit in position 17 means a birth up to 1999; A–J a birth from 2000 on; anything else is not issued.
    private static func year(of chars: [Character]) -> Int? {
        guard let yy = Int(String(chars[4...5])) else { return nil }
        if chars[16].isNumber { return 1900 + yy }
        return "ABCDEFGHIJ".contains(chars[16]) ? 2000 + yy : nil
    }

    private static func birthDate(of chars: [Character], today: LocalDate) throws(CitasError) -> LocalDate {
        guard let year = year(of: chars) else { throw CitasError(.curpCentury) }
        let date: LocalDate
        do {
            date = try LocalDate(String(format: "%04d-%@-%@", year, String(chars[6...7]), String(chars[8...9])))
        } catch {
            throw CitasError(.curpDate)
        }
        guard date <= today else { throw CitasError(.curpDate) }
        return date
    }

    /// The 18th character for the first 17: values from `0-9A-NÑO-Z`, weights 18…2, `(10 − Σ mod 10) mod 10`.
    public static func checkDigit(for first17: String) -> Character? {
        let alphabet = Array("0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ")
        let chars = Array(first17)
        guard chars.count == 17 else { return nil }
        var sum = 0
        for (index, c) in chars.enumerated() {
            guard let value = alphabet.firstIndex(of: c) else { return nil }
            sum += value * (18 - index)
        }
        return Character(String((10 - sum % 10) % 10))
    }
}
