import CitasDomain
import Foundation
import SQLKit

/// Standing requests: how anyone asks for a seat that is not open for direct booking. Filing one schedules the
/// office's next batch, so a person never waits for a seat that is already free.
public struct StandingRequestStore: Sendable {
    let database: any AppDatabase
    let clock: any CitasClock
    let policy: BookingPolicy
    let metrics: CitasMetrics

    public init(database: any AppDatabase, clock: any CitasClock, policy: BookingPolicy = BookingPolicy(), metrics: CitasMetrics = CitasMetrics()) {
        self.database = database
        self.clock = clock
        self.policy = policy
        self.metrics = metrics
    }

    /// Files a request at `office` (for a member of `household`'s household when that is given). One waiting request
    /// per CURP (a partial unique index); a new appointment only
    /// while the CURP holds no live one, a move (`moveFolio`) only for the CURP's booked appointment that may still
    /// be moved. Conditions of the insert, never checked first.
    public func request(
        curp: Curp,
        office: String,
        preference: SeatPreference,
        moveFolio: Folio? = nil,
        origin: Requester,
        household: String? = nil
    ) async throws -> StandingRequest {
        let now = clock.now().epoch
        let policy = policy
        let engine = database.engine
        let condition: SQLQueryString =
            if let moveFolio {
                """
                EXISTS (SELECT 1 FROM appointments WHERE folio = \(bind: moveFolio.value) AND curp = \(bind: curp.value) AND status = 'booked'
                    AND reschedules < \(bind: policy.maxReschedules) AND starts_at >= \(bind: now + policy.changeLeadTime)
                    AND \(AppointmentStore.yearlyCount(curp: curp.value, now: now)) < \(bind: policy.bookingsPerYear))
                """
            } else {
                "NOT EXISTS (SELECT 1 FROM appointments WHERE curp = \(bind: curp.value) AND status IN ('booked', 'checked_in'))"
            }
        do {
            let filed = try await database.write { sql in
                // For a member of the asking account's household: confirmed (and the membership locked) here.
                if let household { try await DependentStore.confirmActsFor(curp: curp.value, accountId: household, engine: engine, in: sql) }
                let row = try await sql.raw(
                    """
                    INSERT INTO standing_requests (office_code, account_id, curp, time_of_day, from_date, through_date, move_folio, channel,
                        agent, caller_name, caller_phone, status, created_at)
                    SELECT \(bind: office), \(bind: origin.accountId), \(bind: curp.value), \(bind: preference.timeOfDay.rawValue),
                        \(bind: preference.from?.description), \(bind: preference.through?.description), \(bind: moveFolio?.value),
                        \(bind: origin.channel.rawValue), \(bind: origin.agent), \(bind: origin.callerName), \(bind: origin.callerPhone), 'waiting',
                        \(bind: now)
                    WHERE \(condition)
                    RETURNING \(unsafeRaw: Self.columns)
                    """
                ).first()
                guard let row else {
                    guard let moveFolio else { throw CitasError(.curpHasLiveAppointment) }
                    throw try await AppointmentStore.whyUnchangeable(folio: moveFolio, curp: curp, now: now, policy: policy, in: sql)
                }
                let request = try Self.request(from: row)
                try await AuditLog.append(
                    sql,
                    at: now,
                    actor: origin.actor,
                    action: moveFolio == nil ? "request.file" : "request.move",
                    subject: "request:\(request.id)",
                    detail:
                        "\(office) \(preference.timeOfDay.rawValue) \(preference.from?.description ?? "-")..\(preference.through?.description ?? "-")"
                        + " channel=\(origin.channel.rawValue)"
                )
                try await Allocator.seatsFreed(office: office, now: now, policy: policy, in: sql)
                return request
            }
            metrics.drawRequests(1)
            return filed
        } catch {
            if UniqueKey.violated(by: error) == .waitingRequest { throw CitasError(.drawRequestPending) }
            throw error
        }
    }

    /// Withdraws the account's waiting request — a household's waiting together as one: every member's request of
    /// the group goes; throws `not_found` when there is none with that id.
    public func withdraw(id: Int, accountId: String) async throws {
        let now = clock.now().epoch
        try await database.write { sql in
            let rows = try await sql.raw(
                """
                UPDATE standing_requests SET status = 'withdrawn', decided_at = \(bind: now)
                WHERE account_id = \(bind: accountId) AND status = 'waiting'
                    AND (id = \(bind: id) OR group_id = (SELECT g.group_id FROM standing_requests g WHERE g.id = \(bind: id)))
                RETURNING id
                """
            ).all()
            guard !rows.isEmpty else { throw CitasError(.notFound, detail: "request") }
            for row in rows {
                let withdrawn = try row.decode(column: "id", as: Int.self)
                try await AuditLog.append(sql, at: now, actor: "account:\(accountId)", action: "request.withdraw", subject: "request:\(withdrawn)")
            }
        }
    }

    /// Closes whatever the CURP is waiting for, inside the caller's transaction (it booked — `folio` says which
    /// appointment, so the person sees why —, cancelled, or was suspended).
    @discardableResult
    static func withdrawAll(curp: String, now: Int, bookedAs folio: Folio? = nil, in sql: any SQLDatabase) async throws -> Int {
        try await sql.raw(
            """
            UPDATE standing_requests SET status = 'withdrawn', decided_at = \(bind: now), folio = \(bind: folio?.value)
            WHERE curp = \(bind: curp) AND status = 'waiting' RETURNING id
            """
        ).all().count
    }

    /// The account's requests, newest first.
    public func requests(accountId: String) async throws -> [StandingRequest] {
        try await database.read { sql in
            try await sql.raw(
                "SELECT \(unsafeRaw: Self.columns) FROM standing_requests WHERE account_id = \(bind: accountId) ORDER BY id DESC"
            ).all().map(Self.request(from:))
        }
    }

    /// How many people wait at the office now (shown on its page: it tells a person whether seats are drawn).
    public func waiting(office: String) async throws -> Int {
        try await database.read { sql in
            try await sql.raw(
                "SELECT COUNT(*) AS n FROM standing_requests WHERE office_code = \(bind: office) AND status = 'waiting'"
            ).first()!.decode(column: "n", as: Int.self)
        }
    }

    static let columns = "id, office_code, curp, group_id, time_of_day, from_date, through_date, move_folio, status, folio"

    static func request(from row: any SQLRow) throws -> StandingRequest {
        StandingRequest(
            id: try row.decode(column: "id", as: Int.self),
            officeCode: try row.decode(column: "office_code", as: String.self),
            curp: try row.decode(column: "curp", as: String.self),
            group: try row.decode(column: "group_id", as: Int?.self),
            preference: try preference(from: row),
            moveFolio: try row.decode(column: "move_folio", as: String?.self),
            status: StandingRequest.Status(rawValue: try row.decode(column: "status", as: String.self)) ?? .withdrawn,
            folio: try row.decode(column: "folio", as: String?.self)
        )
    }

    static func preference(from row: any SQLRow) throws -> SeatPreference {
        try SeatPreference(
            timeOfDay: SeatPreference.TimeOfDay(rawValue: try row.decode(column: "time_of_day", as: String.self)) ?? .any,
            from: try row.decode(column: "from_date", as: String?.self).map { try LocalDate($0) },
            through: try row.decode(column: "through_date", as: String?.self).map { try LocalDate($0) }
        )
    }
}
