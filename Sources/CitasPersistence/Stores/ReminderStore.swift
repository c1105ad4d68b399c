import CitasDomain
import Foundation
import SQLKit

/// Reminder e-mails before an appointment, three days and one day ahead, each queued once (`appointment_reminders`
/// holds one row per appointment and kind, inserted in the transaction that queues the mail). A booking made less
/// than three days ahead gets only the one-day reminder; one made less than a day ahead gets none (its confirmation
/// has just gone out).
public struct ReminderStore: Sendable {
    let database: any AppDatabase
    let clock: any CitasClock

    public init(database: any AppDatabase, clock: any CitasClock) {
        self.database = database
        self.clock = clock
    }

    /// A reminder: how long before the appointment it goes out, and the time left below which it is skipped
    /// (inside a day, the one-day reminder speaks instead of the three-day one).
    struct Kind: Sendable {
        let name: String
        let days: Int
        let skippedWithin: Int
        var lead: Int { days * 86_400 }
    }

    static let kinds = [Kind(name: "three_days", days: 3, skippedWithin: 86_400), Kind(name: "one_day", days: 1, skippedWithin: 0)]

    /// Queues every reminder now due, in batches of `batch`; returns how many were queued.
    @discardableResult
    public func queueDue(batch: Int = 500) async throws -> Int {
        let now = clock.now().epoch
        var queued = 0
        for reminder in Self.kinds {
            while true {
                let count = try await database.write { sql in try await Self.queue(reminder, now: now, limit: batch, in: sql) }
                queued += count
                if count < batch { break }
            }
        }
        return queued
    }

    private static func queue(_ reminder: Kind, now: Int, limit: Int, in sql: any SQLDatabase) async throws -> Int {
        let due = try await sql.raw(
            """
            SELECT a.folio, a.local_date, a.local_time, o.name AS office, c.email, c.language
            FROM appointments a JOIN offices o ON o.code = a.office_code JOIN accounts c ON c.curp = a.curp
            WHERE a.status = 'booked' AND a.starts_at > \(bind: now + reminder.skippedWithin) AND a.starts_at <= \(bind: now + reminder.lead)
                AND a.created_at <= a.starts_at - \(bind: reminder.lead)
                AND NOT EXISTS (SELECT 1 FROM appointment_reminders r WHERE r.folio = a.folio AND r.kind = \(bind: reminder.name))
            ORDER BY a.starts_at, a.folio LIMIT \(bind: limit)
            """
        ).all()
        var queued = 0
        for row in due {
            let folio = try row.decode(column: "folio", as: String.self)
            // The row is the once-only guard: another instance that got here first has it, and this one sends nothing.
            let claimed = try await sql.raw(
                """
                INSERT INTO appointment_reminders (folio, kind, queued_at) VALUES (\(bind: folio), \(bind: reminder.name), \(bind: now))
                ON CONFLICT DO NOTHING RETURNING folio
                """
            ).first()
            guard claimed != nil else { continue }
            let mail = MailTemplates.reminder(
                to: try row.decode(column: "email", as: String.self),
                folio: folio,
                office: try row.decode(column: "office", as: String.self),
                date: try LocalDate(try row.decode(column: "local_date", as: String.self)),
                time: try LocalTime(try row.decode(column: "local_time", as: String.self)),
                daysBefore: reminder.days,
                language: Language(rawValue: try row.decode(column: "language", as: String.self)) ?? .es
            )
            try await OutboxStore.enqueue(mail, now: now, in: sql)
            queued += 1
        }
        return queued
    }
}
