/// A reviewer's "nothing wrong here": the account leaves the review queue until its score rises above the score it
/// had when dismissed (new evidence brings it back). One row per account, replaced by a later dismissal.
enum Schema023 {
    static let migration = Migration(version: 23, name: "risk_dismissals") { _ in
        [
            """
            CREATE TABLE risk_dismissals (
                account_id TEXT NOT NULL PRIMARY KEY REFERENCES accounts (id),
                score INTEGER NOT NULL CHECK (score >= 0),
                dismissed_by TEXT NOT NULL,
                dismissed_at BIGINT NOT NULL
            )
            """
        ]
    }
}
