import SQLKit

/// Deployment-wide secrets and the replay store of spent proof-of-work challenges.
public struct ProofOfWorkStore: Sendable {
    let database: any AppDatabase

    public init(database: any AppDatabase) {
        self.database = database
    }

    /// The secret called `name`, created from `candidate` if none exists yet. Every instance ends up with the same
    /// value: the first insert wins and everyone reads it back.
    public func secret(named name: String, candidate: String, now: Int) async throws -> String {
        try await database.write { sql in
            try await sql.raw(
                """
                INSERT INTO app_secrets (name, value, created_at) VALUES (\(bind: name), \(bind: candidate), \(bind: now))
                ON CONFLICT (name) DO NOTHING
                """
            ).run()
            return try await sql.raw("SELECT value FROM app_secrets WHERE name = \(bind: name)").first()!.decode(column: "value", as: String.self)
        }
    }

    /// Marks a challenge spent; false when it already was (a replay). One conditional insert decides.
    public func spend(salt: String, expiresAt: Int) async throws -> Bool {
        try await database.write { sql in
            try await sql.raw(
                """
                INSERT INTO pow_spent (salt, expires_at) VALUES (\(bind: salt), \(bind: expiresAt))
                ON CONFLICT (salt) DO NOTHING
                RETURNING salt
                """
            ).first() != nil
        }
    }

    /// Forgets spent challenges that have expired anyway (they would be refused as expired).
    @discardableResult
    public func prune(now: Int) async throws -> Int {
        try await database.write { sql in
            try await sql.raw("DELETE FROM pow_spent WHERE expires_at < \(bind: now) RETURNING salt").all().count
        }
    }
}
