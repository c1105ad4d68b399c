import Foundation

/// What a clerk types in the counter's search box, read the forgiving way: a folio or part of one, part of a CURP in
/// any case, or words of a name in any case and with or without accents ("jose perez" finds "José Pérez"). A query
/// with a digit is a folio or CURP only.
public struct AgendaQuery: Sendable, Hashable {
    /// Letters and digits only, upper-cased: how folios and CURPs compare.
    let key: String
    /// The name words, folded.
    let words: [String]

    public init(_ text: String) {
        let text = String(text.prefix(80))
        key = String(text.uppercased().filter { $0.isASCII && ($0.isLetter || $0.isNumber) })
        // A digit means a folio or a CURP: its letters are not name words.
        words = text.contains(where: \.isNumber) ? [] : Self.fold(text).split(whereSeparator: { !$0.isLetter }).map(String.init)
    }

    public var isEmpty: Bool { key.isEmpty && words.isEmpty }

    /// True when the query names this appointment: the start of its folio (three characters at least), any four or
    /// more characters of its CURP, or every word of the query inside its person's name.
    public func matches(folio: String, curp: String, name: String) -> Bool {
        if isEmpty { return true }
        if key.count >= 3 && folio.hasPrefix(key) { return true }
        if key.count >= 4 && curp.contains(key) { return true }
        guard !words.isEmpty else { return false }
        let name = Self.fold(name)
        return words.allSatisfy { name.contains($0) }
    }

    public static func fold(_ text: String) -> String {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: Locale(identifier: "es_MX"))
    }
}

/// The turn number a person is given at check-in, as the waiting-room screen and the clerk say it: "A-017".
public enum Turn {
    public static func label(_ number: Int) -> String {
        let digits = String(number)
        return "A-" + String(repeating: "0", count: max(0, 3 - digits.count)) + digits
    }
}
