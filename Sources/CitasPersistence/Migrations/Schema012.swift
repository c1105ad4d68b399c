/// Secrets out of the database: the proof-of-work key moves to the deployment keys file (`DeploymentSecrets`),
/// sent mail forgets its body (the links it carried were live), and sent mail is found by age for pruning. Failed
/// log-ins are counted per subject and address (`LoginFailures`) instead of every attempt per mailbox; staff get a
/// second factor.
enum Schema012 {
    static let migration = Migration(version: 12, name: "secrets_out_of_database_login_failures_staff_totp") { _ in
        [
            "DROP TABLE app_secrets",
            "UPDATE outbox SET body = '' WHERE sent_at IS NOT NULL",
            "CREATE INDEX outbox_sent ON outbox (sent_at) WHERE sent_at IS NOT NULL",
            """
            CREATE TABLE login_failures (
                subject TEXT NOT NULL,
                address TEXT NOT NULL,
                failures INTEGER NOT NULL CHECK (failures > 0),
                last_failed_at BIGINT NOT NULL,
                PRIMARY KEY (subject, address)
            )
            """,
            "CREATE INDEX login_failures_by_age ON login_failures (last_failed_at)",
            // Staff second factor: the TOTP key sealed under the deployment keys, when it was confirmed, and the last
            // 30-second step used (a code works once). A session records when its second factor was given.
            "ALTER TABLE staff ADD COLUMN totp_secret TEXT NULL",
            "ALTER TABLE staff ADD COLUMN totp_confirmed_at BIGINT NULL",
            "ALTER TABLE staff ADD COLUMN totp_last_step BIGINT NULL",
            "ALTER TABLE staff_sessions ADD COLUMN second_factor_at BIGINT NULL",
            """
            CREATE TABLE staff_recovery_codes (
                staff_id TEXT NOT NULL REFERENCES staff (id),
                code_hash TEXT NOT NULL,
                used_at BIGINT NULL,
                PRIMARY KEY (staff_id, code_hash)
            )
            """,
        ]
    }
}
