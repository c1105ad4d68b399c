/// Offices, holidays, day exceptions, slots, appointments and the audit log.
enum Schema001 {
    static let migration = Migration(version: 1, name: "offices_slots_appointments") { engine in
        [
            """
            CREATE TABLE offices (
                code TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                kind TEXT NOT NULL,
                country TEXT NOT NULL,
                state_code TEXT NOT NULL,
                state_name TEXT NOT NULL,
                city TEXT NOT NULL,
                time_zone TEXT NOT NULL,
                address TEXT NOT NULL,
                services TEXT NOT NULL,
                hours TEXT NOT NULL,
                breaks TEXT NOT NULL,
                slot_minutes INTEGER NOT NULL CHECK (slot_minutes BETWEEN 5 AND 240),
                counters INTEGER NOT NULL CHECK (counters >= 0)
            )
            """,
            """
            CREATE TABLE holidays (
                country TEXT NOT NULL,
                local_date TEXT NOT NULL,
                name TEXT NOT NULL,
                PRIMARY KEY (country, local_date)
            )
            """,
            """
            CREATE TABLE office_exceptions (
                office_code TEXT NOT NULL REFERENCES offices (code),
                local_date TEXT NOT NULL,
                hours TEXT NULL,
                reason TEXT NOT NULL,
                PRIMARY KEY (office_code, local_date)
            )
            """,
            """
            CREATE TABLE slots (
                office_code TEXT NOT NULL REFERENCES offices (code),
                local_date TEXT NOT NULL,
                local_time TEXT NOT NULL,
                starts_at BIGINT NOT NULL,
                capacity INTEGER NOT NULL CHECK (capacity >= 0),
                booked INTEGER NOT NULL DEFAULT 0 CHECK (booked >= 0 AND booked <= capacity),
                PRIMARY KEY (office_code, local_date, local_time)
            )
            """,
            """
            CREATE TABLE appointments (
                folio TEXT NOT NULL,
                curp TEXT NOT NULL,
                office_code TEXT NOT NULL,
                local_date TEXT NOT NULL,
                local_time TEXT NOT NULL,
                starts_at BIGINT NOT NULL,
                status TEXT NOT NULL CHECK (status IN ('booked', 'checked_in', 'attended', 'no_show', 'cancelled')),
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL,
                CONSTRAINT appointments_pkey PRIMARY KEY (folio),
                FOREIGN KEY (office_code, local_date, local_time) REFERENCES slots (office_code, local_date, local_time)
            )
            """,
            // The invariant "one live appointment per CURP" lives here, not in code.
            """
            CREATE UNIQUE INDEX appointments_one_live_per_curp ON appointments (curp)
            WHERE status IN ('booked', 'checked_in')
            """,
            "CREATE INDEX appointments_by_slot ON appointments (office_code, local_date, local_time)",
            "CREATE INDEX appointments_by_curp ON appointments (curp)",
            """
            CREATE TABLE audit_log (
                id \(engine.identityKey),
                at BIGINT NOT NULL,
                actor TEXT NOT NULL,
                action TEXT NOT NULL,
                subject TEXT NOT NULL,
                detail TEXT NOT NULL
            )
            """,
            "CREATE INDEX audit_log_by_subject ON audit_log (subject, id)",
        ] + engine.appendOnly("audit_log")
    }
}
