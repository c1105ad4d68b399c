/// The counter's queue: check-in gives each person a turn number for the office-day, counted in
/// `office_day_turns` (one row per office-day, incremented by an upsert in the check-in transaction, so two clerks
/// checking people in at once never hand out one number twice and a refused check-in uses none), and a clerk calls
/// a turn (`called_at`) for the waiting-room screen.
enum Schema022 {
    static let migration = Migration(version: 22, name: "counter_turns") { _ in
        [
            """
            CREATE TABLE office_day_turns (
                office_code TEXT NOT NULL REFERENCES offices (code),
                local_date TEXT NOT NULL,
                last INTEGER NOT NULL CHECK (last > 0),
                PRIMARY KEY (office_code, local_date)
            )
            """,
            "ALTER TABLE appointments ADD COLUMN turn INTEGER NULL",
            "ALTER TABLE appointments ADD COLUMN called_at BIGINT NULL",
            "CREATE UNIQUE INDEX appointments_one_turn ON appointments (office_code, local_date, turn) WHERE turn IS NOT NULL",
            "CREATE INDEX appointments_called ON appointments (office_code, local_date, called_at) WHERE called_at IS NOT NULL",
        ]
    }
}
