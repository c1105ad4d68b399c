import CitasDomain
import CitasPersistence
import Foundation

/// Registration, e-mail verification, log-in and password changes. Every rule that must hold across instances
/// is enforced by the database (unique CURP and mailbox, single-use tokens, counters); this type orders the steps.
public struct IdentityService: Sendable {
    public struct Settings: Sendable {
        /// Base of the links in e-mails, e.g. `https://citas.sre.gob.mx`.
        public var publicURL = "http://127.0.0.1:8080"
        public var verificationLifetime = 24 * 3600
        public var resetLifetime = 3600
        /// Log-in attempts per 15 minutes from one client address (whatever the mailbox; failures per mailbox are
        /// `LoginFailures`' business), and reset requests per address.
        public var loginsPerAddress = 100
        public var resetsPerAddress = 10
        public var throttleWindow = 15 * 60
        /// Cookies carry `Secure` when the public URL is HTTPS.
        public var secureCookies: Bool { publicURL.hasPrefix("https://") }

        public init() {}
    }

    let app: AppContext
    let hasher: PasswordHasher
    let registry: any CurpRegistry
    let policy: EmailPolicy
    let settings: Settings

    public init(app: AppContext, hasher: PasswordHasher, registry: any CurpRegistry, policy: EmailPolicy, settings: Settings) {
        self.app = app
        self.hasher = hasher
        self.registry = registry
        self.policy = policy
        self.settings = settings
    }

    private var now: Int { app.clock.now().epoch }

    /// Validates, checks the identity with the registry, stores the account and queues the verification e-mail.
    /// A mailbox or a CURP that already has an account: its owner gets a notice instead, and the caller sees the
    /// same success, so registration reveals nothing about who is registered.
    public func register(_ form: Registration) async throws {
        let (email, curp, identity, phone, language) = try form.validated(today: app.today)
        let domainClass = try await refusingThrowaway(email)
        try await confirmIdentity(curp, identity)
        let account = NewAccount(
            email: email,
            relayEmail: domainClass == .relay,
            curp: curp,
            identity: identity,
            phone: phone,
            language: language,
            passwordHash: try await hasher.hash(form.password)
        )
        let token = SecretToken.random()
        let link = "\(settings.publicURL)/\(language.rawValue)/verify?token=\(token.value)"
        do {
            try await app.accounts.register(
                account,
                verification: token,
                expiresAt: now + settings.verificationLifetime,
                mail: MailTemplates.verification(to: email.canonical, link: link, language: language),
                now: now
            )
        } catch let error as CitasError where error.code == .emailRegistered {
            let reset = "\(settings.publicURL)/\(language.rawValue)/password/forgot"
            try await app.accounts.enqueue(MailTemplates.alreadyRegistered(to: email.canonical, resetLink: reset, language: language), now: now)
        } catch let error as CitasError where error.code == .curpRegistered {
            // Saying "this CURP has an account" would let anyone test CURPs; the owner hears of it instead.
            guard let owner = try await app.accounts.account(emailOrCurp: curp.value) else { throw error }
            let reset = "\(settings.publicURL)/\(owner.language.rawValue)/password/forgot"
            try await app.accounts.enqueue(MailTemplates.curpInUse(to: owner.email, resetLink: reset, language: owner.language), now: now)
        }
    }

    /// Where the e-mail's domain stands: operator rules first, then the shipped lists.
    /// Asks the registry; a CURP that does not belong to the person typed in is remembered against the client
    /// address, since farms invent or borrow CURPs far more often than people mistype their own.
    func confirmIdentity(_ curp: Curp, _ identity: DeclaredIdentity) async throws {
        do {
            try await registry.confirm(curp, identity: identity)
        } catch let error as CitasError where Self.identityRefusals.contains(error.code) {
            if let address = AuditLog.origin?.address { try await app.risk.recordIdentityRefusal(address: address, code: error.code) }
            throw error
        }
    }

    static let identityRefusals: Set<ErrorCode> = [
        .curpNotInRegistry, .curpMismatchNames, .curpMismatchBirthDate, .curpMismatchSex, .curpMismatchState, .curpMismatchCentury,
    ]

    /// `email_disposable` when the typed address is well formed and its domain is a throw-away one, so a form can
    /// say so with every other problem in its first answer (and the refusal is counted for the reports).
    public func disposable(_ typed: String) async throws -> CitasError? {
        guard let email = try? EmailAddress(validating: typed) else { return nil }
        do {
            _ = try await refusingThrowaway(email)
            return nil
        } catch let error as CitasError where error.code == .emailDisposable {
            return error
        }
    }

    /// The address's domain class; a throw-away domain is counted for the reports and refused (`email_disposable`).
    private func refusingThrowaway(_ email: EmailAddress) async throws -> EmailDomainClass {
        let domainClass = try await classify(email)
        guard domainClass != .blocked else {
            try await app.emailRules.countRefusal(domain: email.domain, on: app.today)
            throw CitasError(.emailDisposable)
        }
        return domainClass
    }

    /// What the CURP lets the form fill in, by way of the registry.
    public func details(of curp: Curp) async -> CurpDetails {
        await registry.details(of: curp)
    }

    public func classify(_ email: EmailAddress) async throws -> EmailDomainClass {
        policy.classify(email, operatorRules: try await app.emailRules.rules(for: email.domainAndParents))
    }

    public func verifyEmail(token: String) async throws {
        guard token.count <= 128 else { throw CitasError(.tokenInvalid) }
        try await app.accounts.verifyEmail(SecretToken(value: token), now: now)
    }

    /// A new session for correct credentials of a verified account. Wrong address and wrong password look the
    /// same (same message, same bcrypt work). Attempts are counted per client address; failures per mailbox and
    /// address, so someone else's wrong guesses never keep the owner out.
    public func logIn(email: String, password: String, clientAddress: String, kind: SessionStore.Kind) async throws -> SecretToken {
        let key = (try? EmailAddress(validating: email).uniquenessKey) ?? String(email.lowercased().prefix(254))
        try await throttle("login:address:\(clientAddress)", limit: settings.loginsPerAddress)
        let subject = "account:\(key)"
        let wait = try await app.loginFailures.wait(subject: subject, address: clientAddress, now: now)
        guard wait == 0 else { throw CitasError(.rateLimited, retryAfter: wait) }
        let credentials = try await app.accounts.credentials(emailKey: key)
        let matches = try await hasher.verify(String(password.prefix(200)), against: credentials?.passwordHash ?? PasswordHasher.decoy)
        guard let credentials, matches else {
            try await app.loginFailures.recordFailure(subject: subject, address: clientAddress, now: now)
            throw CitasError(.invalidCredentials)
        }
        try await app.loginFailures.recordSuccess(subject: subject, address: clientAddress)
        guard credentials.verified else { throw CitasError(.accountNotVerified) }
        guard !credentials.suspended else { throw CitasError(.accountSuspended) }
        return try await app.sessions.start(accountId: credentials.accountId, kind: kind, now: now)
    }

    public func logOut(_ token: SecretToken) async throws {
        try await app.sessions.end(token, now: now)
    }

    /// Queues a reset link if the mailbox has an account; the answer is the same either way.
    public func forgotPassword(email: String, clientAddress: String) async throws {
        try await throttle("forgot:address:\(clientAddress)", limit: settings.resetsPerAddress)
        guard let address = try? EmailAddress(validating: email) else { return }
        let token = SecretToken.random()
        let settings = settings
        try await app.accounts.startPasswordReset(emailKey: address.uniquenessKey, token: token, expiresAt: now + settings.resetLifetime, now: now) {
            account in
            let link = "\(settings.publicURL)/\(account.language.rawValue)/password/reset?token=\(token.value)"
            return MailTemplates.passwordReset(to: account.email, link: link, language: account.language)
        }
    }

    /// Sends the confirmation link again to a mailbox whose account is not confirmed yet: three times per throttle
    /// window (15 minutes) per mailbox and ten per client address; silent about whether the account exists.
    public func resendVerification(email: String, clientAddress: String) async throws {
        try await throttle("resend:address:\(clientAddress)", limit: settings.resetsPerAddress)
        guard let address = try? EmailAddress(validating: email) else { return }
        try await throttle("resend:mailbox:\(address.uniquenessKey)", limit: 3)
        let token = SecretToken.random()
        let settings = settings
        try await app.accounts.reissueVerification(
            emailKey: address.uniquenessKey,
            token: token,
            expiresAt: now + settings.verificationLifetime,
            now: now
        ) { account in
            let link = "\(settings.publicURL)/\(account.language.rawValue)/verify?token=\(token.value)"
            return MailTemplates.verification(to: account.email, link: link, language: account.language)
        }
    }

    public func resetPassword(token: String, newPassword: String) async throws {
        try PasswordPolicy.check(newPassword)
        guard token.count <= 128 else { throw CitasError(.tokenInvalid) }
        try await app.accounts.resetPassword(SecretToken(value: token), newHash: try await hasher.hash(newPassword), now: now)
    }

    public func changePassword(accountId: String, current: String, new: String, session: SecretToken?) async throws {
        guard let hash = try await app.accounts.passwordHash(accountId: accountId),
            try await hasher.verify(String(current.prefix(200)), against: hash)
        else { throw CitasError(.invalidCredentials) }
        try PasswordPolicy.check(new)
        try await app.accounts.changePassword(accountId: accountId, newHash: try await hasher.hash(new), keepingSession: session?.hash, now: now)
    }

    private func throttle(_ bucket: String, limit: Int) async throws {
        let window = settings.throttleWindow
        let hits = try await app.rateCounter.hit(bucket, now: now, window: window)
        guard hits <= limit else { throw CitasError(.rateLimited, retryAfter: window - now % window) }
    }
}
