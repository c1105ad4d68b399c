/// A caller of the call centre who has no account: the name they gave and a number to call them back, kept on the
/// waiting request and on the appointment it became (or the one an agent booked), so the counter names them and a
/// closed day's list says whom to phone.
enum Schema024 {
    static let migration = Migration(version: 24, name: "phone_callers") { _ in
        [
            "ALTER TABLE appointments ADD COLUMN caller_name TEXT NULL",
            "ALTER TABLE appointments ADD COLUMN caller_phone TEXT NULL",
            "ALTER TABLE standing_requests ADD COLUMN caller_phone TEXT NULL",
            """
            UPDATE appointments SET caller_name = (SELECT r.caller_name FROM standing_requests r WHERE r.folio = appointments.folio
                AND r.caller_name IS NOT NULL ORDER BY r.id DESC LIMIT 1)
            WHERE EXISTS (SELECT 1 FROM standing_requests r WHERE r.folio = appointments.folio AND r.caller_name IS NOT NULL)
            """,
        ]
    }
}
