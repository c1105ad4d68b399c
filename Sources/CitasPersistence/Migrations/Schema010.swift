/// Indexes that keep the jobs and reports flat as a national year of appointments piles up (measured with
/// `citas-bench national-year`): the no-show job only looks at booked appointments, the monthly report reads
/// payments by office and day, and the agenda pages through an office-day in index order.
enum Schema010 {
    static let migration = Migration(version: 10, name: "scale_indexes") { _ in
        [
            "CREATE INDEX appointments_booked_by_start ON appointments (starts_at) WHERE status = 'booked'",
            "CREATE INDEX payments_by_office_day ON payments (office_code, paid_on)",
            // The agenda pages through an office-day by (time, folio): with the folio in the slot index, both engines
            // read a page straight off the index in order and stop, whatever the day holds.
            "DROP INDEX appointments_by_slot",
            "CREATE INDEX appointments_by_slot ON appointments (office_code, local_date, local_time, folio)",
        ]
    }
}
