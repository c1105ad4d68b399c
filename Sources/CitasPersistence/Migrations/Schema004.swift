/// Proof-of-work: the shared signing secret (one per deployment, created by whichever instance needs it first)
/// and the store of spent challenges that makes each one single-use.
enum Schema004 {
    static let migration = Migration(version: 4, name: "proof_of_work") { _ in
        [
            "CREATE TABLE app_secrets (name TEXT PRIMARY KEY, value TEXT NOT NULL, created_at BIGINT NOT NULL)",
            "CREATE TABLE pow_spent (salt TEXT PRIMARY KEY, expires_at BIGINT NOT NULL)",
            "CREATE INDEX pow_spent_expiry ON pow_spent (expires_at)",
        ]
    }
}
