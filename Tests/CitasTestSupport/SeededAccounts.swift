import CitasDomain
import CitasPersistence
import Foundation

/// Verified accounts with live bearer sessions, made straight in the store (benchmarks and simulations measure
/// booking and fairness, not registration).
public enum SeededAccounts {
    /// Person `n`'s account with the given mailbox; returns the account id and a bearer token.
    public static func make(_ n: Int, email: String, database: any AppDatabase, now: Int) async throws -> (id: String, token: String) {
        let account = NewAccount(
            email: try EmailAddress(validating: email),
            relayEmail: false,
            curp: TestData.curp(n),
            identity: TestData.identity(n),
            phone: nil,
            language: .es,
            passwordHash: "-"
        )
        let verification = SecretToken.random()
        let accounts = AccountStore(database: database)
        let mail = OutgoingMail(kind: "seed", recipient: email, subject: "-", body: "-")
        try await accounts.register(account, verification: verification, expiresAt: Int.max, mail: mail, now: now)
        try await accounts.verifyEmail(verification, now: now)
        let token = try await SessionStore(database: database, lifetime: SessionLifetime(idle: 7 * 86_400, absolute: 30 * 86_400))
            .start(accountId: account.id, kind: .bearer, now: now)
        return (account.id, token.value)
    }
}
