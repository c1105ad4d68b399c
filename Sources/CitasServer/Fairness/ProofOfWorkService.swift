import CitasDomain
import CitasPersistence
import Crypto
import Foundation

/// What a proof-of-work buys: an action (`register`, `book`, `draw`), at an office, for an account. All three are
/// under the challenge's signature, so work done for one thing (a quiet office, an anonymous page) buys nothing
/// else. Registration has neither office nor account.
public struct ProofOfWorkBinding: Sendable, Hashable {
    public let scope: String
    public let office: String
    public let account: String

    public init(scope: String, office: String? = nil, account: String? = nil) {
        self.scope = scope
        self.office = office ?? ""
        self.account = account ?? ""
    }
}

/// Issues and checks proof-of-work challenges. The difficulty is a fixed base plus the account's risk: since no
/// seat goes to the fastest client, demand-driven difficulty would only make the honest crowd pay (and let anyone
/// raise everyone's price). Each solution is accepted once.
public struct ProofOfWorkService: Sendable {
    /// Risk adds at most this many bits: a risky account pays more, nobody is locked out.
    public static let maximumRiskBits = 8

    public struct Settings: Sendable {
        /// Leading zero bits asked of everyone: 2^18 hashes, about a second in a phone's browser.
        public var baseDifficulty = 18
        public var lifetime = 300

        public init() {}
    }

    let store: ProofOfWorkStore
    let clock: any CitasClock
    let settings: Settings
    /// Signing keys from the deployment keys file: challenges are signed with the current key, and accepted under
    /// the previous one too, so a rotation refuses nothing already handed out.
    private let keys: [(id: String, key: SymmetricKey)]

    /// Where refusals are counted for the reports.
    let refusals: RefusalCounter?
    let metrics: CitasMetrics

    public init(
        store: ProofOfWorkStore,
        secrets: DeploymentSecrets,
        clock: any CitasClock,
        settings: Settings,
        refusals: RefusalCounter? = nil,
        metrics: CitasMetrics = CitasMetrics()
    ) {
        self.refusals = refusals
        self.metrics = metrics
        self.store = store
        keys = secrets.keys.map { ($0.id, $0.derived(for: "pow-hmac")) }
        self.clock = clock
        self.settings = settings
    }

    private var now: Int { clock.now().epoch }

    /// The zero bits asked of an account with this risk: the base, plus the risk up to its cap.
    func difficulty(riskBits: Int) -> Int {
        settings.baseDifficulty + min(max(0, riskBits), Self.maximumRiskBits)
    }

    /// A fresh challenge for what `binding` names, harder by `riskBits` for a risky account.
    public func challenge(_ binding: ProofOfWorkBinding, riskBits: Int = 0) async throws -> ProofOfWorkChallenge {
        let difficulty = difficulty(riskBits: riskBits)
        let salt = String(SecretToken.random().value.prefix(22))
        let expiresAt = now + settings.lifetime
        let text = ProofOfWorkChallenge.signedText(binding, salt: salt, expiresAt: expiresAt, difficulty: difficulty)
        metrics.powIssued()
        return ProofOfWorkChallenge(
            algorithm: "sha256",
            scope: binding.scope,
            salt: salt,
            expiresAt: expiresAt,
            difficulty: difficulty,
            signature: ProofOfWorkHash.hmac(text, key: keys[0].key)
        )
    }

    /// Accepts a proof once: signed for exactly this binding, not expired, enough zero bits, never seen before, and a
    /// challenge at least as hard as the caller's risk demands (a risky account cannot fetch an easy one anonymously).
    public func check(_ proof: String?, _ binding: ProofOfWorkBinding, riskBits: Int = 0) async throws {
        let spent = try verified(proof, binding, riskBits: riskBits)
        guard try await store.spend(salt: spent.salt, expiresAt: spent.expiresAt) else {
            refusals?.count(CitasError(.powReplayed))
            throw CitasError(.powReplayed)
        }
    }

    /// Checks everything but replay, which costs a write: the proof to spend in the attempt's own transaction
    /// (`AttemptCharges`), where a replay is refused.
    public func verified(_ proof: String?, _ binding: ProofOfWorkBinding, riskBits: Int = 0) throws -> AttemptCharges.Proof {
        do {
            let proof = try verify(proof, binding, riskBits: riskBits)
            metrics.powSolved()
            return proof
        } catch {
            refusals?.count(error)
            throw error
        }
    }

    private func verify(_ proof: String?, _ binding: ProofOfWorkBinding, riskBits: Int) throws(CitasError) -> AttemptCharges.Proof {
        guard let proof, proof.count <= 300 else { throw CitasError(.powMissing) }
        let parts = proof.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 6, parts[0] == binding.scope, let expiresAt = Int(parts[2]), let difficulty = Int(parts[3]),
            (0...64).contains(difficulty)
        else { throw CitasError(.powInvalid) }
        let text = ProofOfWorkChallenge.signedText(binding, salt: parts[1], expiresAt: expiresAt, difficulty: difficulty)
        guard keys.contains(where: { ProofOfWorkHash.constantTimeEqual(ProofOfWorkHash.hmac(text, key: $0.key), parts[4]) }) else {
            throw CitasError(.powInvalid)
        }
        guard expiresAt > now else { throw CitasError(.powExpired) }
        guard difficulty >= self.difficulty(riskBits: riskBits) else { throw CitasError(.powInsufficient) }
        guard ProofOfWorkHash.zeroBits(salt: parts[1], nonce: parts[5]) >= difficulty else { throw CitasError(.powInsufficient) }
        return AttemptCharges.Proof(salt: parts[1], expiresAt: expiresAt)
    }
}
