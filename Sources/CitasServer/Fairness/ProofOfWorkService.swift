import CitasDomain
import CitasPersistence
import Foundation
import Synchronization

/// Issues and checks proof-of-work challenges. Difficulty grows with recent demand for the same thing (so a
/// flash crowd of bots pays more) and with the account's risk; each solution is accepted once.
public struct ProofOfWorkService: Sendable {
    public struct Settings: Sendable {
        /// Leading zero bits asked for when nothing is busy: 2^18 hashes, about a second in a phone's browser.
        public var baseDifficulty = 18
        public var lifetime = 300
        /// Challenges per minute for one scope and office before difficulty starts to rise (one bit per doubling).
        public var loadThreshold = 60
        public var maximumExtra = 8

        public init() {}
    }

    let store: ProofOfWorkStore
    let counter: RateCounter
    let clock: any CitasClock
    let settings: Settings
    /// The deployment's secret never changes once created, so one read per process is enough.
    private let cachedSecret = SecretCache()

    /// Where refusals are counted for the reports.
    let refusals: RefusalCounter?

    public init(store: ProofOfWorkStore, counter: RateCounter, clock: any CitasClock, settings: Settings, refusals: RefusalCounter? = nil) {
        self.refusals = refusals
        self.store = store
        self.counter = counter
        self.clock = clock
        self.settings = settings
    }

    private var now: Int { clock.now().epoch }

    private func secret() async throws -> String {
        if let secret = cachedSecret.value.withLock({ $0 }) { return secret }
        let secret = try await store.secret(named: "pow-hmac", candidate: SecretToken.random().value, now: now)
        cachedSecret.value.withLock { $0 = secret }
        return secret
    }

    /// A fresh challenge for `scope` (`register`, `book`…), harder when `demandKey` is busy or the client risky.
    public func challenge(scope: String, demandKey: String, riskBits: Int = 0) async throws -> ProofOfWorkChallenge {
        let recent = try await counter.hit("pow:\(scope):\(demandKey)", now: now, window: 60)
        var extra = 0
        while extra < settings.maximumExtra && recent > settings.loadThreshold << extra { extra += 1 }
        let difficulty = settings.baseDifficulty + extra + max(0, riskBits)
        let salt = String(SecretToken.random().value.prefix(22))
        let expiresAt = now + settings.lifetime
        let text = ProofOfWorkChallenge.signedText(scope: scope, salt: salt, expiresAt: expiresAt, difficulty: difficulty)
        return ProofOfWorkChallenge(
            algorithm: "sha256",
            scope: scope,
            salt: salt,
            expiresAt: expiresAt,
            difficulty: difficulty,
            signature: ProofOfWorkHash.hmac(text, key: try await secret())
        )
    }

    /// Accepts a proof once: right scope, genuine signature, not expired, enough zero bits, never seen before, and a
    /// challenge at least as hard as the caller's risk demands (a risky account cannot fetch an easy one anonymously).
    public func check(_ proof: String?, scope: String, riskBits: Int = 0) async throws {
        do {
            try await verify(proof, scope: scope, riskBits: riskBits)
        } catch let error as CitasError {
            refusals?.count(error.code)
            throw error
        }
    }

    private func verify(_ proof: String?, scope: String, riskBits: Int) async throws {
        guard let proof, proof.count <= 300 else { throw CitasError(.powMissing) }
        let parts = proof.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 6, parts[0] == scope, let expiresAt = Int(parts[2]), let difficulty = Int(parts[3]), (0...64).contains(difficulty)
        else { throw CitasError(.powInvalid) }
        let text = ProofOfWorkChallenge.signedText(scope: scope, salt: parts[1], expiresAt: expiresAt, difficulty: difficulty)
        guard ProofOfWorkHash.constantTimeEqual(ProofOfWorkHash.hmac(text, key: try await secret()), parts[4]) else {
            throw CitasError(.powInvalid)
        }
        guard expiresAt > now else { throw CitasError(.powExpired) }
        guard difficulty >= settings.baseDifficulty + riskBits else { throw CitasError(.powInsufficient) }
        guard ProofOfWorkHash.zeroBits(salt: parts[1], nonce: parts[5]) >= difficulty else { throw CitasError(.powInsufficient) }
        guard try await store.spend(salt: parts[1], expiresAt: expiresAt) else { throw CitasError(.powReplayed) }
    }
}

/// Holds the signing secret once read.
final class SecretCache: Sendable {
    let value = Mutex<String?>(nil)
}
