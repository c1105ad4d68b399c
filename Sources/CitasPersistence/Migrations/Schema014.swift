/// The published figures per office and day, summarized once a day is over (`ReportStore.summarize`), so a month's
/// report adds up at most 31 rows per office instead of counting every appointment of the month. A summary is only
/// ever right or absent: any later write that touches an office-day's figures (a late bank payment, a status
/// corrected, a passport issued) deletes that day's row in the same transaction, by trigger, whatever code path
/// wrote it; the report then counts that day from the rows themselves until the job summarizes it again.
///
/// On PostgreSQL a writer and the summarizer could otherwise cross (the writer's delete finding no summary yet, the
/// summary then committed without the writer's change): each trigger takes a shared advisory lock on its office-day
/// (writers never wait for each other) and the summarizer an exclusive one, so it counts only after every writer of
/// that day has committed, and a later writer deletes what it wrote. SQLite's one writer serializes them anyway.
/// Two costs of that, both rare by design: a statement touching many past office-days takes one shared lock each
/// (a whole-table rewrite of a year of slots passed in the scale benchmark), and a writer touching two past
/// office-days of one day while the summarizer takes that day could deadlock with it (PostgreSQL then aborts one
/// after a second; the summarizer retries on its next run).
enum Schema014 {
    /// The advisory lock's first key, naming the report's office-day locks.
    static let lockSpace = 1914

    /// Each table the report reads, with the column holding its day and the columns whose change moves a figure.
    private static let sources: [(table: String, day: String, columns: String)] = [
        ("slots", "local_date", "capacity, office_code, local_date"),
        ("appointments", "local_date", "status, channel, office_code, local_date"),
        ("allocations", "local_date", "ran_at, requests, kind, office_code, local_date"),
        ("payments", "paid_on", "paid_centavos, paid_on, office_code"),
        ("passports", "folio", "folio"),
    ]

    static let migration = Migration(version: 14, name: "report_days") { engine in
        [
            """
            CREATE TABLE report_days (
                office_code TEXT NOT NULL,
                local_date TEXT NOT NULL,
                offered BIGINT NOT NULL,
                booked BIGINT NOT NULL,
                attended BIGINT NOT NULL,
                no_show BIGINT NOT NULL,
                cancelled BIGINT NOT NULL,
                issued BIGINT NOT NULL,
                fees_centavos BIGINT NOT NULL,
                draws BIGINT NOT NULL,
                draw_requests BIGINT NOT NULL,
                draw_allotted BIGINT NOT NULL,
                PRIMARY KEY (office_code, local_date)
            )
            """,
            "CREATE INDEX report_days_by_day ON report_days (local_date)",
        ] + (engine == .postgres ? postgresTriggers : sqliteTriggers)
    }

    /// The office-day a row of `table` counts in, as SQL over `row` (OLD or NEW).
    private static func forget(_ table: String, day: String, row: String) -> String {
        table == "passports"
            ? "DELETE FROM report_days WHERE (office_code, local_date) IN (SELECT office_code, local_date FROM appointments WHERE folio = \(row).folio);"
            : "DELETE FROM report_days WHERE office_code = \(row).office_code AND local_date = \(row).\(day);"
    }

    private static var sqliteTriggers: [String] {
        sources.flatMap { source -> [String] in
            let (table, old, new) = (
                source.table, forget(source.table, day: source.day, row: "OLD"), forget(source.table, day: source.day, row: "NEW")
            )
            return [
                "CREATE TRIGGER report_days_\(table)_insert AFTER INSERT ON \(table) BEGIN \(new) END",
                "CREATE TRIGGER report_days_\(table)_update AFTER UPDATE OF \(source.columns) ON \(table) BEGIN \(old) \(new) END",
                "CREATE TRIGGER report_days_\(table)_delete AFTER DELETE ON \(table) BEGIN \(old) END",
            ]
        }
    }

    /// PostgreSQL: the shared lock on the office-day, then the delete.
    private static func lockAndForget(_ table: String, day: String, row: String) -> String {
        let lock =
            table == "passports"
            ? "PERFORM pg_advisory_xact_lock_shared(\(lockSpace), hashtext(a.office_code || ' ' || a.local_date)) FROM appointments a WHERE a.folio = \(row).folio;"
            : "PERFORM pg_advisory_xact_lock_shared(\(lockSpace), hashtext(\(row).office_code || ' ' || \(row).\(day)));"
        return lock + " " + forget(table, day: day, row: row)
    }

    private static var postgresTriggers: [String] {
        sources.flatMap { source in
            [
                """
                CREATE FUNCTION report_days_forget_\(source.table)() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP <> 'INSERT' THEN \(lockAndForget(source.table, day: source.day, row: "OLD")) END IF;
                    IF TG_OP <> 'DELETE' THEN \(lockAndForget(source.table, day: source.day, row: "NEW")) END IF;
                    RETURN NULL;
                END $$
                """,
                """
                CREATE TRIGGER report_days_\(source.table) AFTER INSERT OR DELETE OR UPDATE OF \(source.columns) ON \(source.table)
                FOR EACH ROW EXECUTE FUNCTION report_days_forget_\(source.table)()
                """,
            ]
        }
    }
}
