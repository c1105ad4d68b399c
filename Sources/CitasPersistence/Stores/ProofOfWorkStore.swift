import SQLKit

/// The replay store of spent proof-of-work challenges (the signing key lives in `DeploymentSecrets`, not here).
public struct ProofOfWorkStore: Sendable {
    let database: any AppDatabase

    public init(database: any AppDatabase) {
        self.database = database
    }

    /// Marks a challenge spent; false when it already was (a replay). One conditional insert decides.
    public func spend(salt: String, expiresAt: Int) async throws -> Bool {
        try await database.write { sql in try await Self.spend(salt: salt, expiresAt: expiresAt, in: sql) }
    }

    /// `spend` in the caller's transaction.
    static func spend(salt: String, expiresAt: Int, in sql: any SQLDatabase) async throws -> Bool {
        try await sql.raw(
            """
            INSERT INTO pow_spent (salt, expires_at) VALUES (\(bind: salt), \(bind: expiresAt))
            ON CONFLICT (salt) DO NOTHING
            RETURNING salt
            """
        ).first() != nil
    }

    /// Forgets spent challenges that have expired anyway (they would be refused as expired).
    @discardableResult
    public func prune(now: Int) async throws -> Int {
        try await database.write { sql in
            try await sql.raw("DELETE FROM pow_spent WHERE expires_at < \(bind: now) RETURNING salt").all().count
        }
    }
}
