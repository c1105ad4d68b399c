/// One allocation engine for every seat. A slot's free seats are either held for the allocator (the default for
/// any seat that becomes free) or open for direct booking (`direct`, leftovers nobody waiting accepted);
/// `seat_releases` and its random timers are gone. `draws` become `allocations` (release draws, and batches at
/// random instants), `draw_requests` become `standing_requests` that wait until allotted, booked or withdrawn.
enum Schema011 {
    static let migration = Migration(version: 11, name: "one_allocation_engine") { engine in
        let overriding = engine == .postgres ? " OVERRIDING SYSTEM VALUE" : ""
        var statements = [
            "ALTER TABLE slots ADD COLUMN direct INTEGER NOT NULL DEFAULT 0 CHECK (direct >= 0 AND booked + direct <= capacity)",
            // Free seats of released days were bookable before; seats waiting for their release timer become held.
            "UPDATE slots SET direct = capacity - booked WHERE open = 1 AND capacity > booked",
            """
            UPDATE slots SET booked = booked - (SELECT COUNT(*) FROM seat_releases r WHERE r.released_at IS NULL
                AND r.office_code = slots.office_code AND r.local_date = slots.local_date AND r.local_time = slots.local_time)
            WHERE EXISTS (SELECT 1 FROM seat_releases r WHERE r.released_at IS NULL
                AND r.office_code = slots.office_code AND r.local_date = slots.local_date AND r.local_time = slots.local_time)
            """,
            "DROP TABLE seat_releases",
            """
            CREATE TABLE allocations (
                id \(engine.identityKey),
                office_code TEXT NOT NULL REFERENCES offices (code),
                kind TEXT NOT NULL CHECK (kind IN ('release', 'batch')),
                local_date TEXT NULL,
                due_at BIGINT NOT NULL,
                seed TEXT NULL,
                ran_at BIGINT NULL,
                entrants TEXT NULL,
                seats TEXT NULL,
                requests INTEGER NOT NULL DEFAULT 0,
                allotted INTEGER NOT NULL DEFAULT 0,
                CHECK ((kind = 'release') = (local_date IS NOT NULL)),
                CONSTRAINT allocations_release_per_day UNIQUE (office_code, local_date)
            )
            """,
            "CREATE UNIQUE INDEX allocations_one_batch_waiting ON allocations (office_code) WHERE kind = 'batch' AND ran_at IS NULL",
            "CREATE INDEX allocations_due ON allocations (due_at) WHERE ran_at IS NULL",
            "CREATE INDEX allocations_by_office ON allocations (office_code, ran_at)",
            """
            INSERT INTO allocations (id, office_code, kind, local_date, due_at, seed, ran_at, requests, allotted)\(overriding)
            SELECT id, office_code, 'release', local_date, release_at, seed, drawn_at, requests, allotted FROM draws
            """,
            // Offices with held seats get a batch at once, so nothing converted above waits for a seat source.
            """
            INSERT INTO allocations (office_code, kind, due_at)
            SELECT DISTINCT office_code, 'batch', 0 FROM slots WHERE open = 1 AND capacity > booked + direct
            """,
            "DROP TABLE draws",
            """
            CREATE TABLE standing_requests (
                id \(engine.identityKey),
                office_code TEXT NOT NULL REFERENCES offices (code),
                account_id TEXT NULL REFERENCES accounts (id),
                curp TEXT NOT NULL,
                time_of_day TEXT NOT NULL CHECK (time_of_day IN ('any', 'morning', 'afternoon')),
                from_date TEXT NULL,
                through_date TEXT NULL,
                move_folio TEXT NULL,
                channel TEXT NOT NULL CHECK (channel IN ('web', 'api', 'phone')),
                agent TEXT NULL,
                caller_name TEXT NULL,
                status TEXT NOT NULL CHECK (status IN ('waiting', 'allotted', 'skipped', 'withdrawn')),
                allocation_id BIGINT NULL,
                folio TEXT NULL,
                seat TEXT NULL,
                created_at BIGINT NOT NULL,
                decided_at BIGINT NULL,
                CHECK (account_id IS NOT NULL OR agent IS NOT NULL),
                CHECK (status <> 'allotted' OR (allocation_id IS NOT NULL AND folio IS NOT NULL AND seat IS NOT NULL)),
                CHECK (status <> 'skipped' OR allocation_id IS NOT NULL)
            )
            """,
            "CREATE UNIQUE INDEX standing_requests_one_waiting_per_curp ON standing_requests (curp) WHERE status = 'waiting'",
            "CREATE INDEX standing_requests_by_office ON standing_requests (office_code, status, id)",
            "CREATE INDEX standing_requests_by_account ON standing_requests (account_id, id)",
            "CREATE INDEX standing_requests_by_agent ON standing_requests (agent, created_at)",
            """
            INSERT INTO standing_requests (id, office_code, account_id, curp, time_of_day, channel, status, allocation_id, folio,
                seat, created_at, decided_at)\(overriding)
            SELECT id, office_code, account_id, curp, time_of_day, 'web',
                CASE status WHEN 'pending' THEN 'waiting' WHEN 'unlucky' THEN 'withdrawn' ELSE status END, draw_id, folio,
                CASE status WHEN 'allotted' THEN COALESCE((SELECT a.local_date || ' ' || a.local_time FROM appointments a
                    WHERE a.folio = draw_requests.folio), '') END, created_at, decided_at
            FROM draw_requests
            """,
            "DROP TABLE draw_requests",
        ]
        if engine == .postgres {
            statements += ["allocations", "standing_requests"].map { table in
                "SELECT setval(pg_get_serial_sequence('\(table)', 'id'), COALESCE((SELECT MAX(id) FROM \(table)), 0) + 1, false)"
            }
        }
        return statements
    }
}
