import Foundation

/// Builds positions 1–16 of a CURP from a declared identity (Reglas 2021 §5, errata corrected).
public enum CurpDerivation {
    /// The 16 characters RENAPO would assign before the homonym differentiator and check digit.
    public static func positions1to16(of identity: DeclaredIdentity) -> String {
        var paternal = words(identity.paternalSurname)
        var maternal = words(identity.maternalSurname)
        if paternal.isEmpty {
            // Rule 1.10/1.14: a lone surname is treated as the first one.
            swap(&paternal, &maternal)
        }
        let first = principalWord(paternal, isGivenName: false)
        let second = principalWord(maternal, isGivenName: false)
        let given = principalWord(words(identity.givenNames), isGivenName: true)
        let none: Character = "X"
        var head: [Character] = [
            first.map(initial) ?? none, first.map(internalVowel) ?? none, second.map(initial) ?? none, given.map(initial) ?? none,
        ]
        if CurpRules.inconvenientWords.contains(String(head)) { head[1] = none }
        let birth = identity.birthDate
        let date = String(format: "%02d%02d%02d", birth.year % 100, birth.month, birth.day)
        let consonants: [Character] = [first, second, given].map { word in word.map(internalConsonant) ?? none }
        return String(head) + date + identity.sex.rawValue + identity.birthState + String(consonants)
    }

    /// A complete CURP for the identity with homonym differentiator `0`/`A` (the first one RENAPO issues).
    public static func firstCurp(of identity: DeclaredIdentity) -> String {
        let first17 = positions1to16(of: identity) + (identity.birthDate.year < 2000 ? "0" : "A")
        return first17 + String(Curp.checkDigit(for: first17)!)
    }

    /// Upper-cased words with acute/grave accents and Ü reduced to their base letter; Ñ and special characters kept.
    static func words(_ text: String) -> [String] {
        let mapped = text.uppercased().map { c -> Character in
            switch c {
            case "Á", "À", "Â": "A"
            case "É", "È", "Ê": "E"
            case "Í", "Ì", "Î": "I"
            case "Ó", "Ò", "Ô": "O"
            case "Ú", "Ù", "Û", "Ü": "U"
            default: c
            }
        }
        return String(mapped).split(whereSeparator: \.isWhitespace).map(String.init)
    }

    /// Rules 1.2/1.3/1.5/1.7: the word of a compound name that counts.
    static func principalWord(_ words: [String], isGivenName: Bool) -> String? {
        var words = words[...]
        if isGivenName, words.count > 1, let first = words.first, CurpRules.commonFirstNames.contains(first) {
            words = words.dropFirst()
        }
        while words.count > 1, let first = words.first, CurpRules.particles.contains(first) {
            words = words.dropFirst()
        }
        return words.first
    }

    private static func isPlainLetter(_ c: Character) -> Bool { c.isASCII && c.isUppercase }

    /// Rule 1.1/1.4: Ñ or a special character as the initial gives X.
    static func initial(_ word: String) -> Character {
        guard let c = word.first, isPlainLetter(c) else { return "X" }
        return c
    }

    /// The first vowel after the initial; X if none, or if a special character comes first (1.4, 1.9).
    static func internalVowel(_ word: String) -> Character {
        for c in word.dropFirst() {
            if CurpRules.vowels.contains(c) { return c }
            if !isPlainLetter(c) && c != "Ñ" { return "X" }
        }
        return "X"
    }

    /// The first consonant after the initial; X if none, if it is Ñ, or if a special character comes first (1.4, 1.12, 1.13).
    static func internalConsonant(_ word: String) -> Character {
        for c in word.dropFirst() where !CurpRules.vowels.contains(c) {
            return isPlainLetter(c) ? c : "X"
        }
        return "X"
    }
}
