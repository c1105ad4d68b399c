import Foundation

/// An e-mail address that passed syntax checks, in canonical form, with the key that decides uniqueness.
///
/// Syntax is a sound subset of RFC 5321/5322: a dot-atom local part (UTF-8 letters allowed, RFC 6531) and a
/// domain of LDH labels, internationalised labels being converted to their `xn--` form.
public struct EmailAddress: Sendable, Hashable {
    /// `local@domain` with the domain in lower-case ASCII; the local part as typed (lower-cased).
    public let canonical: String
    public let localPart: String
    public let domain: String

    public init(validating raw: String) throws(CitasError) {
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines).precomposedStringWithCanonicalMapping
        guard text.utf8.count <= 254 else { throw CitasError(.emailTooLong) }
        guard let at = text.lastIndex(of: "@") else { throw CitasError(.emailSyntax) }
        let local = text[..<at].lowercased()
        guard local.utf8.count <= 64 else { throw CitasError(.emailTooLong) }
        guard Self.isDotAtom(local), !local.hasPrefix("+"), !Self.mixesScripts(local) else { throw CitasError(.emailSyntax) }
        // `example.com.` is the same domain written as an absolute name; people paste it from DNS tools.
        var domainText = text[text.index(after: at)...]
        if domainText.hasSuffix(".") { domainText = domainText.dropLast() }
        domain = try Self.asciiDomain(String(domainText))
        localPart = local
        canonical = "\(local)@\(domain)"
        // The limit holds for the address as sent, with its domain in `xn--` form, which can be longer than typed.
        guard canonical.utf8.count <= 254 else { throw CitasError(.emailTooLong) }
    }

    /// The address with the variations that reach the same mailbox removed, so one person cannot register the
    /// same inbox twice: `+tags` everywhere, dots and googlemail at Gmail, `-tags` at Yahoo.
    public var uniquenessKey: String {
        var local = localPart.split(separator: "+", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? localPart
        var domain = domain
        if domain == "gmail.com" || domain == "googlemail.com" {
            domain = "gmail.com"
            local = local.replacingOccurrences(of: ".", with: "")
        }
        if domain.hasPrefix("yahoo.") || domain.hasPrefix("ymail.") {
            local = local.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? local
        }
        return "\(local)@\(domain)"
    }

    /// The mailbox's family: the uniqueness key without digits and separators, so `ana.1@x.mx`, `ana_2@x.mx` and
    /// `ana3@x.mx` share `ana@x.mx`. Distinct people share families too; it is a farm *signal*, never a refusal.
    public var family: String {
        let key = uniquenessKey
        let at = key.lastIndex(of: "@") ?? key.endIndex
        let stem = key[..<at].filter { !$0.isNumber && !".-_".contains($0) }
        // A local part of digits only has no name to share: it is its own family.
        return stem.isEmpty ? key : "\(stem)\(key[at...])"
    }

    /// The domain and each of its parents, most specific first: `a.b.c` → `a.b.c`, `b.c`, `c`.
    public var domainAndParents: [String] {
        let labels = domain.split(separator: ".")
        return labels.indices.map { labels[$0...].joined(separator: ".") }
    }

    private static let atomSymbols = Set("!#$%&'*+/=?^_`{|}~-")

    /// The scripts whose letters look alike (a Cyrillic "а" is a Latin "a" to the eye).
    private enum ConfusableScript {
        case latin, greek, cyrillic

        init?(_ scalar: Unicode.Scalar) {
            switch scalar.value {
            case 0x41...0x5A, 0x61...0x7A, 0xC0...0x24F, 0x1E00...0x1EFF: self = .latin
            case 0x370...0x3FF, 0x1F00...0x1FFF: self = .greek
            case 0x400...0x52F, 0x1C80...0x1C8F, 0x2DE0...0x2DFF, 0xA640...0xA69F: self = .cyrillic
            default: return nil
            }
        }
    }

    /// True when the letters come from more than one of Latin, Greek and Cyrillic: a look-alike of another
    /// address, never a real person's mailbox.
    static func mixesScripts(_ text: String) -> Bool {
        var seen: Set<ConfusableScript> = []
        for scalar in text.unicodeScalars where scalar.properties.isAlphabetic {
            if let script = ConfusableScript(scalar) { seen.insert(script) }
        }
        return seen.count > 1
    }

    private static func isDotAtom(_ local: String) -> Bool {
        let atoms = local.split(separator: ".", omittingEmptySubsequences: false)
        return atoms.allSatisfy { atom in
            !atom.isEmpty && atom.allSatisfy { $0.isLetter || $0.isNumber || atomSymbols.contains($0) }
        }
    }

    /// Lower-cases, converts Unicode labels to Punycode and checks LDH rules, label and total lengths.
    private static func asciiDomain(_ text: String) throws(CitasError) -> String {
        let labels = text.lowercased().split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard labels.count >= 2 else { throw CitasError(.emailDomainInvalid) }
        var ascii: [String] = []
        for label in labels {
            guard let converted = Punycode.asciiLabel(label), isLDHLabel(converted) else { throw CitasError(.emailDomainInvalid) }
            ascii.append(converted)
        }
        guard let tld = ascii.last, !tld.allSatisfy(\.isNumber) else { throw CitasError(.emailDomainInvalid) }
        let joined = ascii.joined(separator: ".")
        guard joined.count <= 253 else { throw CitasError(.emailTooLong) }
        return joined
    }

    private static func isLDHLabel(_ label: String) -> Bool {
        (1...63).contains(label.count) && !label.hasPrefix("-") && !label.hasSuffix("-")
            && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
    }
}
