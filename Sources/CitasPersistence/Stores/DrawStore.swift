import CitasDomain
import Foundation
import SQLKit

/// A person's wish to be in the next release draw of an office.
public struct DrawRequest: Sendable, Hashable {
    public enum TimeOfDay: String, Sendable, Codable, CaseIterable {
        case any, morning, afternoon

        func accepts(_ time: LocalTime) -> Bool {
            switch self {
            case .any: true
            case .morning: time.minutes < 12 * 60
            case .afternoon: time.minutes >= 12 * 60
            }
        }
    }

    public let id: Int
    public let officeCode: String
    public let timeOfDay: TimeOfDay
    public let rollOver: Bool
    public let status: String
    public let folio: String?
}

/// Draw requests and the draws that allot released office-days.
public struct DrawStore: Sendable {
    let database: any AppDatabase
    let clock: any CitasClock
    let policy: BookingPolicy

    public init(database: any AppDatabase, clock: any CitasClock, policy: BookingPolicy = BookingPolicy()) {
        self.database = database
        self.clock = clock
        self.policy = policy
    }

    /// Joins the next draw of `office`. One pending request per CURP (a partial unique index), none while the
    /// CURP holds a live appointment (a condition of the insert).
    public func request(
        accountId: String,
        curp: Curp,
        office: String,
        timeOfDay: DrawRequest.TimeOfDay,
        rollOver: Bool
    ) async throws
        -> DrawRequest
    {
        let now = Int(clock.now().timeIntervalSince1970)
        do {
            return try await database.write { sql in
                let row = try await sql.raw(
                    """
                    INSERT INTO draw_requests (office_code, account_id, curp, time_of_day, roll_over, status, created_at)
                    SELECT \(bind: office), \(bind: accountId), \(bind: curp.value), \(bind: timeOfDay.rawValue), \(bind: rollOver ? 1 : 0),
                        'pending', \(bind: now)
                    WHERE NOT EXISTS (SELECT 1 FROM appointments WHERE curp = \(bind: curp.value) AND status IN ('booked', 'checked_in'))
                    RETURNING id
                    """
                ).first()
                guard let row else { throw CitasError(.curpHasLiveAppointment) }
                let id = try row.decode(column: "id", as: Int.self)
                try await AuditLog.append(
                    sql,
                    at: now,
                    actor: "account:\(accountId)",
                    action: "draw.request",
                    subject: "draw_request:\(id)",
                    detail: office
                )
                return DrawRequest(id: id, officeCode: office, timeOfDay: timeOfDay, rollOver: rollOver, status: "pending", folio: nil)
            }
        } catch {
            if UniqueKey.violated(by: error) == .pendingDrawRequest { throw CitasError(.drawRequestPending) }
            throw error
        }
    }

    /// The account's requests, newest first.
    public func requests(accountId: String) async throws -> [DrawRequest] {
        try await database.read { sql in
            try await sql.raw(
                """
                SELECT id, office_code, time_of_day, roll_over, status, folio FROM draw_requests
                WHERE account_id = \(bind: accountId) ORDER BY id DESC
                """
            ).all().map { row in
                DrawRequest(
                    id: try row.decode(column: "id", as: Int.self),
                    officeCode: try row.decode(column: "office_code", as: String.self),
                    timeOfDay: DrawRequest.TimeOfDay(rawValue: try row.decode(column: "time_of_day", as: String.self)) ?? .any,
                    rollOver: try row.decode(column: "roll_over", as: Int.self) != 0,
                    status: try row.decode(column: "status", as: String.self),
                    folio: try row.decode(column: "folio", as: String?.self)
                )
            }
        }
    }

    /// The next draw of an office that has not run: its office-day and release instant.
    public func nextDraw(office: String) async throws -> (date: LocalDate, releaseAt: Int)? {
        try await database.read { sql in
            try await sql.raw(
                "SELECT local_date, release_at FROM draws WHERE office_code = \(bind: office) AND drawn_at IS NULL ORDER BY release_at LIMIT 1"
            ).first().map { (try LocalDate(try $0.decode(column: "local_date", as: String.self)), try $0.decode(column: "release_at", as: Int.self)) }
        }
    }
}
