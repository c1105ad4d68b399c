/// The audit log becomes tamper-evident (`AuditChain`): each row carries its place in one of the chains and the hash
/// of the row before it; the rows written before the chain began are summed up by one digest recorded here.
enum Schema025 {
    static let migration = Migration(version: 25, name: "audit_chain", code: AuditChain.recordHistory) { engine in
        [
            "ALTER TABLE audit_log ADD COLUMN chain INTEGER NULL",
            "ALTER TABLE audit_log ADD COLUMN chain_seq BIGINT NULL",
            "ALTER TABLE audit_log ADD COLUMN prev_hash TEXT NULL",
            "ALTER TABLE audit_log ADD COLUMN hash TEXT NULL",
            "CREATE UNIQUE INDEX audit_log_chain ON audit_log (chain, chain_seq) WHERE chain IS NOT NULL",
            // Each chain's newest position and hash: the row an append locks, so a chain never forks.
            "CREATE TABLE audit_chain_heads (chain INTEGER PRIMARY KEY, seq BIGINT NOT NULL, hash TEXT NOT NULL)",
        ] + (0..<AuditChain.chains).map { "INSERT INTO audit_chain_heads (chain, seq, hash) VALUES (\($0), 0, '')" } + [
            "CREATE TABLE audit_history (through_id BIGINT NOT NULL, rows BIGINT NOT NULL, digest TEXT NOT NULL, recorded_at BIGINT NOT NULL)"
        ] + engine.appendOnly("audit_history")
    }
}
