import Foundation

/// What Citas makes of an e-mail domain.
public enum EmailDomainClass: String, Sendable {
    /// An ordinary mailbox.
    case allowed
    /// A forwarding alias (Hide My Email, Firefox Relay, DuckDuckGo…): a real person, but the account is flagged.
    case relay
    /// A throw-away service: refused.
    case blocked
}

/// An operator's decision about a domain, stored in the database; it outranks the shipped lists.
public enum DomainRule: String, Sendable, Codable {
    case block
    case allow
}

/// Throw-away-domain policy: the shipped lists minus an allow-list, plus what operators add.
///
/// A domain is judged by the most specific name that any list mentions, walking from the domain up through its
/// parents (`x@a.b.mailinator.com` is blocked through `mailinator.com`; `x@dept.unam.edu.mx` is allowed through
/// `edu.mx`). At one level an operator's rule wins, then relays, then the allow-list, then the block-lists.
public struct EmailPolicy: Sendable {
    let blocked: Set<String>
    let allowed: Set<String>
    let relays: Set<String>

    public init(blocked: Set<String>, allowed: Set<String> = EmailPolicy.defaultAllowed, relays: Set<String> = EmailPolicy.defaultRelays) {
        self.blocked = blocked
        self.allowed = allowed
        self.relays = relays
    }

    /// The policy built from the shipped lists (loaded once per process).
    public static var shipped: EmailPolicy {
        get throws { try ShippedLists.policy.get() }
    }

    public func classify(_ address: EmailAddress, operatorRules: [String: DomainRule] = [:]) -> EmailDomainClass {
        for name in address.domainAndParents {
            if let rule = operatorRules[name] { return rule == .allow ? .allowed : .blocked }
            if relays.contains(name) { return .relay }
            if allowed.contains(name) { return .allowed }
            if blocked.contains(name) { return .blocked }
        }
        return .allowed
    }

    /// Big providers, Mexican government and academic domains: never refused, whatever a list says.
    public static let defaultAllowed: Set<String> = [
        "gmail.com", "googlemail.com", "outlook.com", "outlook.es", "hotmail.com", "hotmail.es", "hotmail.com.mx", "live.com",
        "live.com.mx", "msn.com", "yahoo.com", "yahoo.com.mx", "yahoo.es", "ymail.com", "icloud.com", "me.com", "mac.com",
        "aol.com", "proton.me", "protonmail.com", "gmx.com", "gmx.net", "zoho.com", "yandex.com", "mail.com",
        "prodigy.net.mx", "infinitummail.com", "gob.mx", "edu", "edu.mx", "unam.mx", "ipn.mx", "sre.gob.mx",
    ]

    /// Forwarding services whose users are real people.
    public static let defaultRelays: Set<String> = [
        "privaterelay.appleid.com", "mozmail.com", "relay.firefox.com", "duck.com", "simplelogin.com", "simplelogin.fr",
        "aleeas.com", "slmail.me", "anonaddy.com", "anonaddy.me", "addy.io", "passmail.net", "passinbox.com",
    ]
}

/// The block-lists shipped as resources, read on first use.
enum ShippedLists {
    static let policy: Result<EmailPolicy, any Error> = Result {
        let names = ["disposable-email-domains", "mailchecker-domains"]
        var blocked = Set<String>()
        for name in names { blocked.formUnion(try lines(of: name)) }
        return EmailPolicy(blocked: blocked)
    }

    static let commonPasswords: Result<Set<String>, any Error> = Result { Set(try lines(of: "common-passwords")) }

    static func lines(of resource: String) throws -> [String] {
        guard let url = Bundle.module.url(forResource: resource, withExtension: "txt") else {
            throw CitasError(.internalError, detail: "missing resource \(resource).txt")
        }
        return try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
    }
}
