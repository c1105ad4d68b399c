/// The back office: staff with roles and office scopes, their sessions, the office-day work on appointments
/// (check-in, identity document, attendance, notes, channel), fees as data and payments.
enum Schema009 {
    static let migration = Migration(version: 9, name: "back_office") { engine in
        [
            """
            CREATE TABLE staff (
                id TEXT PRIMARY KEY,
                email TEXT NOT NULL CONSTRAINT staff_email_key UNIQUE,
                name TEXT NOT NULL,
                role TEXT NOT NULL CHECK (role IN ('admin', 'manager', 'clerk', 'agent', 'auditor')),
                password_hash TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                disabled_at BIGINT NULL
            )
            """,
            """
            CREATE TABLE staff_offices (
                staff_id TEXT NOT NULL REFERENCES staff (id),
                office_code TEXT NOT NULL REFERENCES offices (code),
                PRIMARY KEY (staff_id, office_code)
            )
            """,
            """
            CREATE TABLE staff_sessions (
                token_hash TEXT PRIMARY KEY,
                staff_id TEXT NOT NULL REFERENCES staff (id),
                created_at BIGINT NOT NULL,
                last_seen_at BIGINT NOT NULL,
                expires_at BIGINT NOT NULL,
                revoked_at BIGINT NULL
            )
            """,
            "ALTER TABLE appointments ADD COLUMN channel TEXT NOT NULL DEFAULT 'web' CHECK (channel IN ('web', 'api', 'phone', 'draw'))",
            "ALTER TABLE appointments ADD COLUMN checked_in_at BIGINT NULL",
            "ALTER TABLE appointments ADD COLUMN identity_document TEXT NULL",
            "ALTER TABLE appointments ADD COLUMN attended_at BIGINT NULL",
            "ALTER TABLE appointments ADD COLUMN notes TEXT NOT NULL DEFAULT ''",
            // Cancelled because the office closed or shrank the day: not the person's doing, so it does not count
            // towards their yearly limit.
            "ALTER TABLE appointments ADD COLUMN cancelled_by_office INTEGER NOT NULL DEFAULT 0",
            "CREATE INDEX appointments_by_office_day ON appointments (office_code, local_date, status)",
            """
            CREATE TABLE fees (
                year INTEGER NOT NULL,
                validity_years INTEGER NOT NULL CHECK (validity_years IN (1, 3, 6, 10)),
                centavos BIGINT NOT NULL CHECK (centavos > 0),
                discounted_centavos BIGINT NOT NULL CHECK (discounted_centavos > 0),
                PRIMARY KEY (year, validity_years)
            )
            """,
            """
            CREATE TABLE payments (
                reference TEXT PRIMARY KEY,
                curp TEXT NOT NULL,
                validity_years INTEGER NOT NULL,
                discount TEXT NOT NULL CHECK (discount IN ('none', 'senior', 'disability', 'agricultural')),
                fee_year INTEGER NOT NULL,
                due_centavos BIGINT NOT NULL CHECK (due_centavos >= 0),
                credit_centavos BIGINT NOT NULL DEFAULT 0,
                paid_centavos BIGINT NULL,
                bank TEXT NULL,
                paid_on TEXT NULL,
                recorded_by TEXT NULL,
                office_code TEXT NULL,
                created_at BIGINT NOT NULL,
                CHECK (paid_centavos IS NULL OR paid_centavos >= due_centavos)
            )
            """,
            "CREATE INDEX payments_by_curp ON payments (curp, created_at)",
            """
            CREATE TABLE refusal_counts (
                kind TEXT NOT NULL,
                local_date TEXT NOT NULL,
                refusals BIGINT NOT NULL,
                PRIMARY KEY (kind, local_date)
            )
            """,
            """
            CREATE TABLE passports (
                id \(engine.identityKey),
                folio TEXT NOT NULL CONSTRAINT passports_one_per_appointment UNIQUE,
                curp TEXT NOT NULL,
                office_code TEXT NOT NULL,
                document_number TEXT NOT NULL CONSTRAINT passports_document_number_key UNIQUE,
                validity_years INTEGER NOT NULL,
                expiry_date TEXT NOT NULL,
                payment_reference TEXT NOT NULL CONSTRAINT passports_one_per_payment UNIQUE,
                mrz TEXT NOT NULL,
                chip TEXT NOT NULL,
                issued_at BIGINT NOT NULL,
                issued_by TEXT NOT NULL
            )
            """,
            // Each office numbers its passports: a letter and a digit of its own, then seven digits in sequence.
            """
            CREATE TABLE passport_sequences (
                office_code TEXT PRIMARY KEY REFERENCES offices (code),
                ordinal INTEGER NOT NULL CONSTRAINT passport_sequences_ordinal_key UNIQUE,
                next_number INTEGER NOT NULL
            )
            """,
        ]
    }
}
