import CitasDomain
import CitasPersistence
import Foundation

/// Accounts made straight in the store (benchmarks and simulations measure booking and fairness, not registration;
/// store tests need owners for their appointments).
public enum SeededAccounts {
    /// A mailbox for person `n` that shares no e-mail family with anyone else's (`name.ba@…`), so that bulk
    /// accounts do not look like a farm to the risk detectors.
    public static func distinctEmail(_ n: Int, name: String = "persona") -> String {
        "\(name).\(letters(n))@example.com"
    }

    /// `n` spelled in letters (a, b, … z, ba, bb …).
    public static func letters(_ n: Int) -> String {
        var n = n
        var text = ""
        repeat {
            text = String(UnicodeScalar(UInt8(97 + n % 26))) + text
            n /= 26
        } while n > 0
        return text
    }

    /// Person `n`'s registration with the given mailbox, ready to store.
    public static func newAccount(_ n: Int, email: String) throws -> NewAccount {
        NewAccount(
            email: try EmailAddress(validating: email),
            relayEmail: false,
            curp: TestData.curp(n),
            identity: TestData.identity(n),
            phone: nil,
            language: .es,
            passwordHash: "not-a-real-hash"
        )
    }

    /// Registers person `n` (not verified), as if from `address`; returns the account id.
    @discardableResult
    public static func register(
        _ n: Int,
        email: String,
        from address: String? = nil,
        database: any AppDatabase,
        now: Int = 0
    )
        async throws -> String
    {
        let account = try newAccount(n, email: email)
        let mail = OutgoingMail(kind: "seed", recipient: email, subject: "-", body: "-")
        try await AuditLog.$origin.withValue(address.map { RequestOrigin(address: $0, userAgent: "test") }) {
            try await AccountStore(database: database, seal: TestData.seal).register(
                account,
                verification: .random(),
                expiresAt: Int.max,
                mail: mail,
                now: now
            )
        }
        return account.id
    }

    /// Person `n`'s verified account with the given mailbox; returns the account id and a bearer token. Its mail is
    /// sealed with `seal`: the deployment's, when servers are to deliver it.
    public static func make(
        _ n: Int,
        email: String,
        database: any AppDatabase,
        now: Int,
        seal: SecretSeal = TestData.seal
    ) async throws -> (id: String, token: String) {
        let account = try newAccount(n, email: email)
        let verification = SecretToken.random()
        let accounts = AccountStore(database: database, seal: seal)
        let mail = OutgoingMail(kind: "seed", recipient: email, subject: "-", body: "-")
        try await accounts.register(account, verification: verification, expiresAt: Int.max, mail: mail, now: now)
        try await accounts.verifyEmail(verification, now: now)
        let token = try await SessionStore(database: database, lifetime: SessionLifetime(idle: 7 * 86_400, absolute: 30 * 86_400))
            .start(accountId: account.id, kind: .bearer, now: now)
        return (account.id, token.value)
    }
}
