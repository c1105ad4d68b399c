/// The TD3 name field (39 characters): primary identifier (surnames), `<<`, secondary identifier (given names),
/// truncated when too long per Doc 9303 Part 4 §4.2.3, with one deterministic choice where the issuer may choose.
public enum MRZName {
    public static let width = 39

    /// The field for `primary` and `secondary` components (already transliterated), padded with `<`.
    /// A name that does not fit is cut so that the field ends with a letter, the "possibly truncated" signal.
    public static func field(primary: [String], secondary: [String]) -> String {
        let full = primary.joined(separator: "<") + (secondary.isEmpty ? "" : "<<" + secondary.joined(separator: "<"))
        guard full.count > width else { return MRZText.padded(full, width) }
        guard !secondary.isEmpty else { return cut(primary, to: width) }
        // The primary identifier keeps what leaves room for `<<` and at least the first given-name letter.
        let primaryText = cut(primary, to: min(primary.joined(separator: "<").count, width - 3))
        return primaryText + "<<" + cut(secondary, to: width - primaryText.count - 2)
    }

    /// `components` joined with `<` and cut to exactly `budget` characters ending with a letter: a cut that
    /// falls on a separator instead shortens the last component that can spare a letter and adds the next
    /// component's initial (`…<LU<X`).
    static func cut(_ components: [String], to budget: Int) -> String {
        let joined = components.joined(separator: "<")
        guard joined.count > budget else { return joined }
        let prefix = String(joined.prefix(budget))
        guard prefix.last == "<" else { return prefix }
        var kept = prefix.dropLast().split(separator: "<").map(String.init)
        guard let spare = kept.lastIndex(where: { $0.count >= 2 }), kept.count < components.count else {
            return String(prefix.dropLast()) + String(components[kept.count].prefix(1))
        }
        kept[spare].removeLast()
        return kept.joined(separator: "<") + "<" + String(components[kept.count].prefix(1))
    }
}
