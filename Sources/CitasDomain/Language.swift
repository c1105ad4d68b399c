import Foundation

/// The languages Citas speaks; Spanish first.
public enum Language: String, Sendable, CaseIterable {
    case es
    case en

    /// Picks the best supported language from an `Accept-Language` header value (q-values honoured).
    public static func preferred(fromAcceptLanguage header: String?) -> Language {
        guard let header else { return .es }
        let ranked = header.split(separator: ",").compactMap { part -> (Language, Double)? in
            let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = pieces.first?.lowercased(), let lang = Language(rawValue: String(tag.prefix(2))) else { return nil }
            let quality = pieces.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            return (lang, quality)
        }
        return ranked.filter { $0.1 > 0 }.max { $0.1 < $1.1 }?.0 ?? .es
    }
}
