import CitasDomain
import SQLKit
import Synchronization

/// What a citizen's attempt pays before it is tried: one hit on each shared rate limit, and the proof-of-work it
/// spends. Paid in the attempt's own transaction (`ChargedDatabase`), so an attempt is one write, and kept when the
/// attempt fails: a refused booking still counted and still used up its proof.
public struct AttemptCharges: Sendable {
    /// One hit on a fixed-window counter; refused (`rate_limited`) once the window holds more than `limit`.
    public struct Hit: Sendable {
        /// The limit's name, said in the refusal's `detail` (and counted by it).
        public let rule: String
        public let bucket: String
        public let window: Int
        public let limit: Int

        public init(rule: String, subject: String, window: Int, limit: Int) {
            self.rule = rule
            self.bucket = "\(rule):\(subject)"
            self.window = window
            self.limit = limit
        }
    }

    /// A solved challenge, identified by its salt; accepted once (`pow_replayed` after that).
    public struct Proof: Sendable {
        public let salt: String
        public let expiresAt: Int

        public init(salt: String, expiresAt: Int) {
            self.salt = salt
            self.expiresAt = expiresAt
        }
    }

    public var hits: [Hit]
    public var proof: Proof?
    public let now: Int

    public init(hits: [Hit] = [], proof: Proof? = nil, now: Int) {
        self.hits = hits
        self.proof = proof
        self.now = now
    }

    /// Writes every hit, then spends the proof; returns the refusal if a limit is exhausted (the proof then stays
    /// unspent) or the proof was spent before. Hits count whatever the outcome: every attempt counts.
    func pay(in sql: any SQLDatabase) async throws -> CitasError? {
        let counts = try await RateCounter.hit(hits.map { ($0.bucket, $0.window) }, now: now, in: sql)
        for hit in hits where counts[hit.bucket, default: 0] > hit.limit {
            return CitasError(.rateLimited, detail: hit.rule, retryAfter: hit.window - now % hit.window)
        }
        if let proof, try await !ProofOfWorkStore.spend(salt: proof.salt, expiresAt: proof.expiresAt, in: sql) {
            return CitasError(.powReplayed)
        }
        return nil
    }
}

/// A database whose first write pays an attempt's charges in the same transaction, before the write's own work,
/// which runs under a savepoint: when the work throws, only the work is undone, the charges commit, and the error
/// reaches the caller. Later writes (a store retrying after a folio collision) pay nothing more. Stores built over
/// it (`AppointmentStore(database: ChargedDatabase(…))`) need no other change.
public final class ChargedDatabase: AppDatabase {
    let base: any AppDatabase
    private let charges: Mutex<AttemptCharges?>

    public init(_ base: any AppDatabase, charges: AttemptCharges) {
        self.base = base
        self.charges = Mutex(charges)
    }

    public var engine: DatabaseEngine { base.engine }

    public func read<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await base.read(body)
    }

    public func write<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        guard let charges = self.charges.withLock({ $0.take() }) else { return try await base.write(body) }
        let outcome: Result<T, any Error> = try await base.write { sql in
            if let refusal = try await charges.pay(in: sql) { return .failure(refusal) }
            return try await sql.underSavepoint("attempt", body)
        }
        return try outcome.get()
    }

    /// The base database belongs to whoever made it; closing a charged view closes nothing.
    public func close() async throws {}
}

extension AppDatabase {
    /// Pays `charges` alone, in one transaction: an attempt refused before it could be tried (a malformed proof)
    /// still counts against the limits. Throws the refusal when a limit is exhausted.
    public func pay(_ charges: AttemptCharges) async throws {
        if let refusal = try await write({ sql in try await charges.pay(in: sql) }) { throw refusal }
    }
}
