/// Fairness as data and claw-back: each office's release schedule, the e-mail family and suspension of an
/// account, and the identity refusals per client address (a farm signal).
enum Schema007 {
    static let migration = Migration(version: 7, name: "release_schedules_risk_suspension") { _ in
        [
            "ALTER TABLE offices ADD COLUMN release_time TEXT NOT NULL DEFAULT '09:00'",
            "ALTER TABLE offices ADD COLUMN release_days_ahead INTEGER NOT NULL DEFAULT 60 CHECK (release_days_ahead BETWEEN 0 AND 365)",
            // Accounts registered before this version have no family; the family detector skips them.
            "ALTER TABLE accounts ADD COLUMN email_family TEXT NULL",
            "CREATE INDEX accounts_by_email_family ON accounts (email_family)",
            "ALTER TABLE accounts ADD COLUMN suspended_at BIGINT NULL",
            "ALTER TABLE accounts ADD COLUMN suspension_reason TEXT NULL",
            """
            CREATE TABLE identity_refusals (
                client_address TEXT NOT NULL,
                code TEXT NOT NULL,
                at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX identity_refusals_by_address ON identity_refusals (client_address, at)",
            "CREATE INDEX seat_releases_by_slot ON seat_releases (office_code, local_date, local_time)",
            "CREATE INDEX draw_requests_by_folio ON draw_requests (folio)",
        ]
    }
}
