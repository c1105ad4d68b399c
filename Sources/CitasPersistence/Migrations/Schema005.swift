/// Release draws: slots of an office-day stay closed until its draw has allotted them; requests wait for the
/// next draw of their office, one pending request per CURP.
enum Schema005 {
    static let migration = Migration(version: 5, name: "release_draws") { engine in
        [
            "ALTER TABLE slots ADD COLUMN open INTEGER NOT NULL DEFAULT 1",
            """
            CREATE TABLE draws (
                id \(engine.identityKey),
                office_code TEXT NOT NULL REFERENCES offices (code),
                local_date TEXT NOT NULL,
                release_at BIGINT NOT NULL,
                seed TEXT NULL,
                drawn_at BIGINT NULL,
                requests INTEGER NOT NULL DEFAULT 0,
                allotted INTEGER NOT NULL DEFAULT 0,
                CONSTRAINT draws_office_day UNIQUE (office_code, local_date)
            )
            """,
            "CREATE INDEX draws_due ON draws (release_at) WHERE drawn_at IS NULL",
            """
            CREATE TABLE draw_requests (
                id \(engine.identityKey),
                office_code TEXT NOT NULL REFERENCES offices (code),
                account_id TEXT NOT NULL REFERENCES accounts (id),
                curp TEXT NOT NULL,
                time_of_day TEXT NOT NULL CHECK (time_of_day IN ('any', 'morning', 'afternoon')),
                roll_over INTEGER NOT NULL,
                status TEXT NOT NULL CHECK (status IN ('pending', 'allotted', 'unlucky', 'skipped', 'withdrawn')),
                draw_id BIGINT NULL,
                folio TEXT NULL,
                created_at BIGINT NOT NULL,
                decided_at BIGINT NULL
            )
            """,
            "CREATE UNIQUE INDEX draw_requests_one_pending_per_curp ON draw_requests (curp) WHERE status = 'pending'",
            "CREATE INDEX draw_requests_by_office ON draw_requests (office_code, status, id)",
        ]
    }
}
