import CitasDomain
import SQLKit

/// The SQL forms of the allocation rules, next to each other so the statements that enforce them agree.
enum SeatSQL {
    /// True when the standing request `r` accepts the slot `slot` (a table name or alias): the SQL form of
    /// `SeatPreference.accepts`, comparing `HH:MM` and `YYYY-MM-DD` text as the Swift types compare values.
    static func accepts(_ slot: String) -> String {
        let noon = SeatPreference.TimeOfDay.noon.description
        return """
            (r.time_of_day = 'any' OR (r.time_of_day = 'morning' AND \(slot).local_time < '\(noon)')
                OR (r.time_of_day = 'afternoon' AND \(slot).local_time >= '\(noon)'))
            AND (r.from_date IS NULL OR \(slot).local_date >= r.from_date) AND (r.through_date IS NULL OR \(slot).local_date <= r.through_date)
            """
    }

    /// True when somebody other than `curp` waits alone for the slot's office and accepts it: then the seat is the
    /// allocator's, never a first-come booking's. A household waiting together does not hold one open seat back:
    /// it needs a run of them, which the next allocation looks for among open and held seats alike.
    static func someoneWaits(for slot: String, except curp: String) -> SQLQueryString {
        """
        EXISTS (SELECT 1 FROM standing_requests r WHERE r.office_code = \(unsafeRaw: slot).office_code AND r.status = 'waiting'
            AND r.group_id IS NULL AND r.curp <> \(bind: curp) AND \(unsafeRaw: accepts(slot)))
        """
    }
}
