/// A household waiting together: the standing requests filed in one step for several people of one account share
/// `group_id` (the first request's id). The allocator gives them consecutive seats of one day at one lottery turn,
/// or none; each member keeps their own request, so one waiting request per CURP still holds.
enum Schema020 {
    static let migration = Migration(version: 20, name: "household_waiting_groups") { _ in
        [
            "ALTER TABLE standing_requests ADD COLUMN group_id BIGINT NULL",
            "CREATE INDEX standing_requests_by_group ON standing_requests (group_id) WHERE group_id IS NOT NULL",
        ]
    }
}
