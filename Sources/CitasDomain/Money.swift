import Foundation

/// Amounts of Mexican pesos as people type them and banks print them.
///
/// Bounded *before* any arithmetic: an amount has at most `maximumPesosDigits` digits of pesos, so turning it into
/// centavos can never overflow (a clerk typing `92233720368547758.99` once trapped the whole server).
public enum Money {
    /// Ten million pesos less a centavo: far above any passport fee, far below `Int.max` centavos.
    public static let maximumPesosDigits = 7

    /// `2440`, `2440.5`, `2440.00`, `$2,440.00` or `2,440` → centavos; nil for anything else (negative amounts,
    /// more than two decimals, misplaced thousands separators, digits other than ASCII, or too many digits).
    public static func centavos(parsing text: String) -> Int? {
        var body = Substring(text.trimmingCharacters(in: .whitespaces))
        if body.first == "$" { body = body.dropFirst().drop(while: { $0 == " " }) }
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let pesos = wholePesos(parts[0]) else { return nil }
        guard parts.count == 2 else { return pesos * 100 }
        let decimals = parts[1]
        guard (1...2).contains(decimals.count), decimals.allSatisfy(isDigit), let cents = Int(decimals) else { return nil }
        return pesos * 100 + (decimals.count == 1 ? cents * 10 : cents)
    }

    /// Whole pesos from an integer field of a trusted file (the fee table): the same bound, no separators.
    public static func centavos(pesos text: String) -> Int? {
        guard !text.contains(","), let pesos = wholePesos(Substring(text)) else { return nil }
        return pesos * 100
    }

    /// Digits with optional thousands separators in groups of three (`2,440`, never `24,40`).
    private static func wholePesos(_ text: Substring) -> Int? {
        let groups = text.split(separator: ",", omittingEmptySubsequences: false)
        guard let first = groups.first, (1...3).contains(first.count) || groups.count == 1,
            groups.dropFirst().allSatisfy({ $0.count == 3 })
        else { return nil }
        let digits = groups.joined()
        guard (1...maximumPesosDigits).contains(digits.count), digits.allSatisfy(isDigit) else { return nil }
        return Int(digits)
    }

    private static func isDigit(_ character: Character) -> Bool { character.isASCII && character.isNumber }
}
