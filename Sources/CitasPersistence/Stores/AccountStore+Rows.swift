import CitasDomain
import Foundation
import SQLKit

extension AccountStore {
    static func issue(_ token: SecretToken, purpose: String, accountId: String, now: Int, expiresAt: Int, in sql: any SQLDatabase) async throws {
        try await sql.raw(
            """
            INSERT INTO account_tokens (token_hash, account_id, purpose, created_at, expires_at)
            VALUES (\(bind: token.hash), \(bind: accountId), \(bind: purpose), \(bind: now), \(bind: expiresAt))
            """
        ).run()
    }

    /// Marks a token used in one conditional statement: unknown, used and expired tokens all fail the same way.
    static func consume(_ token: SecretToken, purpose: String, now: Int, in sql: any SQLDatabase) async throws -> String {
        let row = try await sql.raw(
            """
            UPDATE account_tokens SET used_at = \(bind: now)
            WHERE token_hash = \(bind: token.hash) AND purpose = \(bind: purpose) AND used_at IS NULL AND expires_at > \(bind: now)
            RETURNING account_id
            """
        ).first()
        guard let row else { throw CitasError(.tokenInvalid) }
        return try row.decode(column: "account_id", as: String.self)
    }

    static func setPassword(accountId: String, hash: String, now: Int, keeping session: String?, in sql: any SQLDatabase) async throws {
        try await sql.raw("UPDATE accounts SET password_hash = \(bind: hash), updated_at = \(bind: now) WHERE id = \(bind: accountId)").run()
        // A reset link mailed earlier must not outlive the password it was meant to replace.
        try await sql.raw(
            """
            UPDATE account_tokens SET used_at = \(bind: now)
            WHERE account_id = \(bind: accountId) AND purpose = 'reset_password' AND used_at IS NULL
            """
        ).run()
        try await sql.raw(
            """
            UPDATE sessions SET revoked_at = \(bind: now)
            WHERE account_id = \(bind: accountId) AND revoked_at IS NULL AND token_hash <> \(bind: session ?? "")
            """
        ).run()
        try await AuditLog.append(sql, at: now, actor: "account:\(accountId)", action: "account.password_changed", subject: "account:\(accountId)")
    }

    static func account(where column: String, equals value: String, in sql: any SQLDatabase) async throws -> Account? {
        try await sql.raw("SELECT * FROM accounts WHERE \(ident: column) = \(bind: value)").first().map(account(from:))
    }

    static func account(from row: any SQLRow) throws -> Account {
        let verified = try row.decode(column: "verified_at", as: Int?.self)
        return Account(
            id: try row.decode(column: "id", as: String.self),
            email: try row.decode(column: "email", as: String.self),
            curp: try row.decode(column: "curp", as: String.self),
            identity: DeclaredIdentity(
                stored: try row.decode(column: "paternal_surname", as: String.self),
                maternal: try row.decode(column: "maternal_surname", as: String.self),
                given: try row.decode(column: "given_names", as: String.self),
                birthDate: try LocalDate(try row.decode(column: "birth_date", as: String.self)),
                sex: DeclaredIdentity.Sex(rawValue: try row.decode(column: "sex", as: String.self)) ?? .x,
                birthState: try row.decode(column: "birth_state", as: String.self)
            ),
            phone: try row.decode(column: "phone", as: String?.self),
            language: Language(rawValue: try row.decode(column: "language", as: String.self)) ?? .es,
            relayEmail: try row.decode(column: "relay_email", as: Int.self) != 0,
            verifiedAt: verified.map { Date(timeIntervalSince1970: TimeInterval($0)) },
            procedure: try row.decode(column: "procedure", as: String?.self).flatMap(Procedure.init(rawValue:)),
            validityYears: try row.decode(column: "validity_years", as: Int?.self)
        )
    }
}
