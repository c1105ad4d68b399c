/// A household member's appointment records which household membership it was booked under (`dependents` rows are
/// never changed but for `removed_at`), so the counter's OP-7 line — the holder and the second parent or guardian
/// with their CURPs — and the passport's identity are the ones of the booking, whatever the household does later.
enum Schema021 {
    static let migration = Migration(version: 21, name: "appointment_household_record") { _ in
        [
            "ALTER TABLE appointments ADD COLUMN dependent_id BIGINT NULL REFERENCES dependents (id)",
            """
            UPDATE appointments SET dependent_id = (SELECT d.id FROM dependents d WHERE d.curp = appointments.curp AND d.removed_at IS NULL)
            WHERE EXISTS (SELECT 1 FROM dependents d WHERE d.curp = appointments.curp AND d.removed_at IS NULL)
            """,
        ]
    }
}
