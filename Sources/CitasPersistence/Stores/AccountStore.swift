import CitasDomain
import Foundation
import SQLKit

/// A registration ready to be stored: every field already validated, the password already hashed.
public struct NewAccount: Sendable {
    public let id: String
    public let email: EmailAddress
    public let relayEmail: Bool
    public let curp: Curp
    public let identity: DeclaredIdentity
    public let phone: String?
    public let language: Language
    public let passwordHash: String

    public init(
        email: EmailAddress,
        relayEmail: Bool,
        curp: Curp,
        identity: DeclaredIdentity,
        phone: String?,
        language: Language,
        passwordHash: String
    ) {
        id = UUID().uuidString.lowercased()
        self.email = email
        self.relayEmail = relayEmail
        self.curp = curp
        self.identity = identity
        self.phone = phone
        self.language = language
        self.passwordHash = passwordHash
    }
}

/// What login needs to know about an account.
public struct Credentials: Sendable {
    public let accountId: String
    public let passwordHash: String
    public let verified: Bool
    public let suspended: Bool
}

/// Accounts, their single-use e-mail tokens and passwords. Uniqueness of CURP and mailbox is the database's.
/// Every mail queued here carries a link that acts for the account, so it waits in the outbox sealed.
public struct AccountStore: Sendable {
    let database: any AppDatabase
    let seal: SecretSeal

    public init(database: any AppDatabase, seal: SecretSeal) {
        self.database = database
        self.seal = seal
    }

    /// Stores the account, its verification token and the e-mail that carries it, in one transaction.
    /// Throws `curp_registered`, or `email_registered` (which callers must not reveal to the person).
    public func register(_ account: NewAccount, verification: SecretToken, expiresAt: Int, mail: OutgoingMail, now: Int) async throws {
        do {
            try await database.write { sql in
                try await sql.raw(
                    """
                    INSERT INTO accounts (id, email, email_key, curp, password_hash, paternal_surname, maternal_surname, given_names,
                        birth_date, sex, birth_state, phone, language, relay_email, registered_from, email_family, created_at, updated_at)
                    VALUES (\(bind: account.id), \(bind: account.email.canonical), \(bind: account.email.uniquenessKey),
                        \(bind: account.curp.value), \(bind: account.passwordHash), \(bind: account.identity.paternalSurname),
                        \(bind: account.identity.maternalSurname), \(bind: account.identity.givenNames),
                        \(bind: account.identity.birthDate.description), \(bind: account.identity.sex.rawValue),
                        \(bind: account.identity.birthState), \(bind: account.phone), \(bind: account.language.rawValue),
                        \(bind: account.relayEmail ? 1 : 0), \(bind: AuditLog.origin?.address), \(bind: account.email.family), \(bind: now), \(bind: now))
                    """
                ).run()
                // The CURP's one owner: fails when it is already someone's dependent (or, racing, an account's).
                try await sql.raw(
                    "INSERT INTO curp_owners (curp, account_id, role) VALUES (\(bind: account.curp.value), \(bind: account.id), 'holder')"
                ).run()
                try await Self.issue(verification, purpose: "verify_email", accountId: account.id, now: now, expiresAt: expiresAt, in: sql)
                try await OutboxStore.enqueue(mail, now: now, sealedBy: seal, in: sql)
                try await AuditLog.append(sql, at: now, actor: "account:\(account.id)", action: "account.register", subject: "account:\(account.id)")
            }
        } catch {
            switch UniqueKey.violated(by: error) {
            case .accountCurp, .curpOwner: throw CitasError(.curpRegistered)
            case .accountEmail: throw CitasError(.emailRegistered)
            default: throw error
            }
        }
    }

    /// Queues a message on its own (e.g. telling an owner that someone tried to re-register their address).
    public func enqueue(_ mail: OutgoingMail, now: Int) async throws {
        try await database.write { sql in try await OutboxStore.enqueue(mail, now: now, sealedBy: seal, in: sql) }
    }

    /// Consumes a verification token and marks its account verified; `token_invalid` if unknown, used or expired.
    @discardableResult
    public func verifyEmail(_ token: SecretToken, now: Int) async throws -> String {
        try await database.write { sql in
            let accountId: String
            do {
                accountId = try await Self.consume(token, purpose: "verify_email", now: now, in: sql)
            } catch let error as CitasError where error.code == .tokenInvalid {
                // A link opened a second time (another device, the mail app's preview) for an account it already
                // activated: say so, rather than "invalid", so the person simply logs in.
                let active = try await sql.raw(
                    """
                    SELECT 1 AS hit FROM account_tokens t JOIN accounts a ON a.id = t.account_id
                    WHERE t.token_hash = \(bind: token.hash) AND t.purpose = 'verify_email' AND a.verified_at IS NOT NULL
                    """
                ).first()
                throw active == nil ? error : CitasError(.accountAlreadyActive)
            }
            try await sql.raw(
                "UPDATE accounts SET verified_at = \(bind: now), updated_at = \(bind: now) WHERE id = \(bind: accountId) AND verified_at IS NULL"
            )
            .run()
            try await AuditLog.append(sql, at: now, actor: "account:\(accountId)", action: "account.verify_email", subject: "account:\(accountId)")
            return accountId
        }
    }

    /// Issues a new confirmation link and queues its e-mail, if an account that is not yet confirmed uses this
    /// mailbox; says nothing either way (whether an address has an account stays private).
    public func reissueVerification(
        emailKey: String,
        token: SecretToken,
        expiresAt: Int,
        now: Int,
        mail: @escaping @Sendable (Account) -> OutgoingMail
    )
        async throws
    {
        let link = LinkMail(purpose: "verify_email", audit: "account.verification_resent", token: token, expiresAt: expiresAt, mail: mail)
        try await send(link, toMailbox: emailKey, now: now) { !$0.isVerified }
    }

    /// Issues a reset token and queues its e-mail, if an account uses this mailbox; says nothing either way.
    public func startPasswordReset(
        emailKey: String,
        token: SecretToken,
        expiresAt: Int,
        now: Int,
        mail: @escaping @Sendable (Account) -> OutgoingMail
    )
        async throws
    {
        let link = LinkMail(purpose: "reset_password", audit: "account.reset_requested", token: token, expiresAt: expiresAt, mail: mail)
        try await send(link, toMailbox: emailKey, now: now) { _ in true }
    }

    /// A mailed link that acts for its account: the token's purpose, the audit action, and the mail that carries it.
    private struct LinkMail: Sendable {
        let purpose: String
        let audit: String
        let token: SecretToken
        let expiresAt: Int
        let mail: @Sendable (Account) -> OutgoingMail
    }

    /// Issues `link`'s token and queues its sealed mail in one transaction, if the mailbox's account exists and
    /// `wanted` accepts it.
    private func send(_ link: LinkMail, toMailbox emailKey: String, now: Int, wanted: @escaping @Sendable (Account) -> Bool) async throws {
        let seal = seal
        try await database.write { sql in
            guard let account = try await Self.account(where: "email_key", equals: emailKey, in: sql), wanted(account) else { return }
            try await Self.issue(link.token, purpose: link.purpose, accountId: account.id, now: now, expiresAt: link.expiresAt, in: sql)
            try await OutboxStore.enqueue(link.mail(account), now: now, sealedBy: seal, in: sql)
            try await AuditLog.append(sql, at: now, actor: "account:\(account.id)", action: link.audit, subject: "account:\(account.id)")
        }
    }

    /// Consumes a reset token, sets the new password and ends every session of the account.
    public func resetPassword(_ token: SecretToken, newHash: String, now: Int) async throws {
        try await database.write { sql in
            let accountId = try await Self.consume(token, purpose: "reset_password", now: now, in: sql)
            try await Self.setPassword(accountId: accountId, hash: newHash, now: now, keeping: nil, in: sql)
        }
    }

    /// Sets a new password and ends every other session of the account.
    public func changePassword(accountId: String, newHash: String, keepingSession: String?, now: Int) async throws {
        try await database.write { sql in
            try await Self.setPassword(accountId: accountId, hash: newHash, now: now, keeping: keepingSession, in: sql)
        }
    }

    public func credentials(emailKey: String) async throws -> Credentials? {
        try await database.read { sql in
            try await sql.raw("SELECT id, password_hash, verified_at, suspended_at FROM accounts WHERE email_key = \(bind: emailKey)").first().map {
                row in
                Credentials(
                    accountId: try row.decode(column: "id", as: String.self),
                    passwordHash: try row.decode(column: "password_hash", as: String.self),
                    verified: try row.decode(column: "verified_at", as: Int?.self) != nil,
                    suspended: try row.decode(column: "suspended_at", as: Int?.self) != nil
                )
            }
        }
    }

    public func passwordHash(accountId: String) async throws -> String? {
        try await database.read { sql in
            try await sql.raw("SELECT password_hash FROM accounts WHERE id = \(bind: accountId)").first()?.decode(
                column: "password_hash",
                as: String.self
            )
        }
    }

    public func account(id: String) async throws -> Account? {
        try await database.read { sql in try await Self.account(where: "id", equals: id, in: sql) }
    }

    /// Records the procedure and validity the person chose (already checked against their age).
    public func setProcedure(accountId: String, _ choice: ProcedureChoice, now: Int) async throws {
        try await database.write { sql in
            try await sql.raw(
                """
                UPDATE accounts SET procedure = \(bind: choice.procedure.rawValue), validity_years = \(bind: choice.validityYears),
                    updated_at = \(bind: now)
                WHERE id = \(bind: accountId)
                """
            ).run()
            try await AuditLog.append(
                sql,
                at: now,
                actor: "account:\(accountId)",
                action: "account.procedure",
                subject: "account:\(accountId)",
                detail: "\(choice.procedure.rawValue) \(choice.validityYears)y"
            )
        }
    }

    /// The account of an e-mail address (any variant of its mailbox) or of a CURP, for operators.
    public func account(emailOrCurp: String) async throws -> Account? {
        guard emailOrCurp.contains("@") else {
            let curp = emailOrCurp.uppercased()
            return try await database.read { sql in try await Self.account(where: "curp", equals: curp, in: sql) }
        }
        let key = try EmailAddress(validating: emailOrCurp).uniquenessKey
        return try await database.read { sql in try await Self.account(where: "email_key", equals: key, in: sql) }
    }
}
