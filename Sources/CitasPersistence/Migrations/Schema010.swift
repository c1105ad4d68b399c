/// Indexes that keep the jobs and reports flat as a national year of appointments piles up (measured with
/// `citas-bench national-year`): the no-show job only looks at booked appointments, and the monthly report reads
/// payments by office and day.
enum Schema010 {
    static let migration = Migration(version: 10, name: "scale_indexes") { _ in
        [
            "CREATE INDEX appointments_booked_by_start ON appointments (starts_at) WHERE status = 'booked'",
            "CREATE INDEX payments_by_office_day ON payments (office_code, paid_on)",
        ]
    }
}
