/// Identity: e-mail domain rules and refusal counts, accounts, single-use tokens, sessions, rate-limit
/// counters and the outbox.
enum Schema002 {
    static let migration = Migration(version: 2, name: "accounts_sessions_outbox") { engine in
        [
            """
            CREATE TABLE email_domain_rules (
                domain TEXT PRIMARY KEY,
                rule TEXT NOT NULL CHECK (rule IN ('block', 'allow')),
                source TEXT NOT NULL,
                created_at BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE email_refusals (
                domain TEXT NOT NULL,
                local_date TEXT NOT NULL,
                refusals INTEGER NOT NULL,
                PRIMARY KEY (domain, local_date)
            )
            """,
            // One account per CURP and per normalised e-mail: unique constraints, not code.
            """
            CREATE TABLE accounts (
                id TEXT PRIMARY KEY,
                email TEXT NOT NULL,
                email_key TEXT NOT NULL CONSTRAINT accounts_email_key UNIQUE,
                curp TEXT NOT NULL CONSTRAINT accounts_curp_key UNIQUE,
                password_hash TEXT NOT NULL,
                paternal_surname TEXT NOT NULL,
                maternal_surname TEXT NOT NULL,
                given_names TEXT NOT NULL,
                birth_date TEXT NOT NULL,
                sex TEXT NOT NULL CHECK (sex IN ('H', 'M', 'X')),
                birth_state TEXT NOT NULL,
                phone TEXT NULL,
                language TEXT NOT NULL CHECK (language IN ('es', 'en')),
                relay_email INTEGER NOT NULL DEFAULT 0,
                verified_at BIGINT NULL,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE account_tokens (
                token_hash TEXT PRIMARY KEY,
                account_id TEXT NOT NULL REFERENCES accounts (id),
                purpose TEXT NOT NULL CHECK (purpose IN ('verify_email', 'reset_password')),
                created_at BIGINT NOT NULL,
                expires_at BIGINT NOT NULL,
                used_at BIGINT NULL
            )
            """,
            "CREATE INDEX account_tokens_by_account ON account_tokens (account_id, purpose)",
            """
            CREATE TABLE sessions (
                token_hash TEXT PRIMARY KEY,
                account_id TEXT NOT NULL REFERENCES accounts (id),
                kind TEXT NOT NULL CHECK (kind IN ('cookie', 'bearer')),
                created_at BIGINT NOT NULL,
                last_seen_at BIGINT NOT NULL,
                expires_at BIGINT NOT NULL,
                revoked_at BIGINT NULL
            )
            """,
            "CREATE INDEX sessions_by_account ON sessions (account_id)",
            """
            CREATE TABLE rate_counters (
                bucket TEXT NOT NULL,
                window_start BIGINT NOT NULL,
                hits INTEGER NOT NULL,
                PRIMARY KEY (bucket, window_start)
            )
            """,
            """
            CREATE TABLE outbox (
                id \(engine.identityKey),
                kind TEXT NOT NULL,
                recipient TEXT NOT NULL,
                subject TEXT NOT NULL,
                body TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                next_attempt_at BIGINT NOT NULL,
                attempts INTEGER NOT NULL DEFAULT 0,
                claimed_until BIGINT NULL,
                sent_at BIGINT NULL,
                last_error TEXT NULL
            )
            """,
            "CREATE INDEX outbox_pending ON outbox (next_attempt_at) WHERE sent_at IS NULL",
        ]
    }
}
