/// Minors' appointments and passports in the daily summaries (procedure OP-7): counted through `dependents` rows
/// of kind `minor` that existed when the appointment was made, so a later change to a household never changes a
/// figure already summarized. Summaries written before this had no minors to count (households are new).
enum Schema019 {
    static let migration = Migration(version: 19, name: "report_minors") { _ in
        [
            "ALTER TABLE report_days ADD COLUMN minors_booked BIGINT NOT NULL DEFAULT 0",
            "ALTER TABLE report_days ADD COLUMN minors_issued BIGINT NOT NULL DEFAULT 0",
        ]
    }
}
