import Foundation

/// The MRZ alphabet (`A–Z 0–9 <`), its check digits and the Latin transliteration of Doc 9303 Part 3.
public enum MRZText {
    /// Part 3 §4.9: `0–9` → 0–9, `A–Z` → 10–35, `<` → 0; weights 7, 3, 1 repeating; sum mod 10.
    /// Nil for a character outside the MRZ alphabet.
    public static func checkDigit(_ text: some StringProtocol) -> Character? {
        let weights = [7, 3, 1]
        var sum = 0
        for (index, character) in text.enumerated() {
            guard let value = value(of: character) else { return nil }
            sum += value * weights[index % 3]
        }
        return Character(String(sum % 10))
    }

    static func value(of character: Character) -> Int? {
        guard let ascii = character.asciiValue else { return nil }
        switch ascii {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return Int(ascii - UInt8(ascii: "0"))
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return Int(ascii - UInt8(ascii: "A")) + 10
        case UInt8(ascii: "<"): return 0
        default: return nil
        }
    }

    /// Whether every character is in the MRZ alphabet.
    public static func isMRZ(_ text: some StringProtocol) -> Bool {
        text.allSatisfy { value(of: $0) != nil }
    }

    /// Part 3 §6.A entries that are not a plain accent: Citas' choice for the State-option rows is the Spanish
    /// practice, Ñ → N and Ü → U (also what the US SEVP recommends), applied to the MRZ and DG1 alike.
    static let multiLetter: [Character: String] = [
        "Æ": "AE", "Ø": "OE", "Œ": "OE", "Þ": "TH", "ß": "SS", "ẞ": "SS", "Ñ": "N", "Ü": "U", "Ä": "AE", "Ö": "OE", "Å": "AA",
    ]

    /// One name component as the MRZ writes it: upper case, accents dropped, apostrophes and other punctuation
    /// removed without a filler, digits removed. Hyphens and spaces split components (see `components`).
    public static func transliterate(_ text: String) -> String {
        var out = ""
        for character in text.uppercased() {
            if let replacement = multiLetter[character] {
                out += replacement
                continue
            }
            let folded = String(character).folding(options: .diacriticInsensitive, locale: Locale(identifier: "en_US_POSIX"))
            out += folded.filter { $0.isASCII && $0.isLetter }.uppercased()
        }
        return out
    }

    /// A name as printed (`María de la Luz`, `Smith-Jones`, `O'Farrill`) split into MRZ components: hyphens,
    /// spaces and commas separate, apostrophes join, empty pieces vanish.
    public static func components(_ name: String) -> [String] {
        name.replacingOccurrences(of: "'", with: "").replacingOccurrences(of: "’", with: "")
            .split(whereSeparator: { $0 == " " || $0 == "-" || $0 == "," || $0 == "\t" })
            .map { transliterate(String($0)) }
            .filter { !$0.isEmpty }
    }

    /// Part 4 §4.2.2 for the document number and the optional data: letters as in names (`Ñ` → `N`, `É` → `E`),
    /// digits kept, and every punctuation mark, symbol or space the filler `<` (`MEX/0042` → `MEX<0042`). Nil when a
    /// character has no MRZ form at all: a letter of another script, a non-ASCII digit, an emoji, a control character.
    public static func fillerMapped(_ text: String) -> String? {
        var out = ""
        for character in text.uppercased() {
            if character.isASCII {
                if character.isLetter || character.isNumber || character == "<" {
                    out.append(character)
                } else if character.isPunctuation || character.isSymbol || character == " " {
                    out.append("<")
                } else {
                    return nil
                }
            } else if character.isLetter {
                let letters = transliterate(String(character))
                guard !letters.isEmpty else { return nil }
                out += letters
            } else if character.isPunctuation || character.unicodeScalars.allSatisfy({ $0.properties.generalCategory == .spaceSeparator }) {
                out.append("<")
            } else {
                return nil
            }
        }
        return out
    }

    /// `text` left-aligned in `width` characters, padded with `<`.
    static func padded(_ text: String, _ width: Int) -> String {
        text.count >= width ? String(text.prefix(width)) : text + String(repeating: "<", count: width - text.count)
    }
}
