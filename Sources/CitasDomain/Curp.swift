import Foundation

/// A CURP (Clave Única de Registro de Población) that passed structural validation.
///
/// This checks what can be checked without the person's data: length, the character classes of each position
/// and the check digit. Consistency with names, birth date, sex and state is the identity module's job.
public struct Curp: Sendable, Hashable, CustomStringConvertible {
    public let value: String

    /// Validates after trimming and upper-casing; nothing else is "repaired".
    public init(validating raw: String) throws(CitasError) {
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines).uppercased()
        let chars = Array(text.unicodeScalars)
        guard chars.count == 18 else { throw CitasError(.curpLength) }
        guard Self.matchesPattern(chars) else { throw CitasError(.curpFormat) }
        guard let digit = Self.checkDigit(for: String(String.UnicodeScalarView(chars[0..<17]))),
            Character(chars[17]) == digit
        else { throw CitasError(.curpCheckDigit) }
        value = text
    }

    public var description: String { value }

    /// `[A-Z]{4}[0-9]{6}[HMX][A-Z]{5}[0-9A-Z][0-9]` over ASCII only.
    private static func matchesPattern(_ chars: [Unicode.Scalar]) -> Bool {
        func isLetter(_ c: Unicode.Scalar) -> Bool { ("A"..."Z").contains(c) }
        func isDigit(_ c: Unicode.Scalar) -> Bool { ("0"..."9").contains(c) }
        for (index, c) in chars.enumerated() {
            let ok: Bool
            switch index {
            case 0..<4, 11..<16: ok = isLetter(c)
            case 4..<10, 17: ok = isDigit(c)
            case 10: ok = c == "H" || c == "M" || c == "X"
            default: ok = isLetter(c) || isDigit(c)
            }
            if !ok { return false }
        }
        return true
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
