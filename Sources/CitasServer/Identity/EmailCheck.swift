import CitasDomain
import CitasPersistence
import Foundation

/// The answer line of `citas email check` for one address: `allowed <canonical> <key>`, `relay <canonical> <key>`,
/// `blocked email_disposable` or `invalid <code>`, where `<key>` is the mailbox key accounts are unique under.
/// Operator rules in the database count.
public enum EmailCheck {
    public static func answer(_ line: String, policy: EmailPolicy, rules: EmailRuleStore) async throws -> String {
        let address: EmailAddress
        do {
            address = try EmailAddress(validating: line)
        } catch {
            return "invalid \(error.code.rawValue)"
        }
        switch policy.classify(address, operatorRules: try await rules.rules(for: address.domainAndParents)) {
        case .allowed: return "allowed \(address.canonical) \(address.uniquenessKey)"
        case .relay: return "relay \(address.canonical) \(address.uniquenessKey)"
        case .blocked: return "blocked \(ErrorCode.emailDisposable.rawValue)"
        }
    }

    /// Domains from a list file: one per line, `#` comments and blank lines ignored, lower-cased, IDN to ASCII.
    public static func domains(fromList text: String) throws(CitasError) -> [String] {
        var domains: [String] = []
        for raw in text.split(whereSeparator: \.isNewline) {
            let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty else { continue }
            domains.append(try EmailAddress(validating: "x@\(trimmed)").domain)
        }
        return domains
    }
}
