/// Reminder e-mails, three days and one day before an appointment: a row per appointment and kind, written in the
/// transaction that queues the mail, so each goes out once whichever instance's job gets there first.
enum Schema015 {
    static let migration = Migration(version: 15, name: "appointment_reminders") { _ in
        [
            """
            CREATE TABLE appointment_reminders (
                folio TEXT NOT NULL REFERENCES appointments (folio),
                kind TEXT NOT NULL CHECK (kind IN ('three_days', 'one_day')),
                queued_at BIGINT NOT NULL,
                PRIMARY KEY (folio, kind)
            )
            """
        ]
    }
}
