import CitasDomain
import Foundation
import SQLKit

/// One appointment as the office's agenda shows it.
public struct AgendaRow: Sendable, Hashable {
    public let folio: String
    public let curp: String
    public let name: String
    public let officeCode: String
    public let date: LocalDate
    public let time: LocalTime
    /// The instant it starts (epoch seconds).
    public let startsAt: Int
    public let status: AppointmentStatus
    public let channel: String
    public let identityDocument: String?
    public let notes: String
    /// For a household member's appointment: who answers for them (OP-7 for a minor).
    public let household: Guardianship?
    /// The holder's chosen procedure (a member's is theirs by kind: a minor's passport).
    public let procedure: Procedure?
    public let payment: PaymentState
    /// The turn number check-in gave (`Turn.label` prints it), and whether a clerk has called it.
    public let turn: Int?
    public let called: Bool
}

/// Where the person's fee stands, as the counter sees it.
public enum PaymentState: Int, Sendable, Hashable {
    /// No payment sheet yet.
    case none = 0
    /// A sheet (a reference) but no payment recorded against it.
    case unpaid = 1
    /// Paid, and not yet used by an issued passport.
    case paid = 2
}

/// Who answers for a household member at the counter: the account holder and the second parent or guardian they
/// declared; for a minor both must come or bring the notarised consent (form OP-7).
public struct Guardianship: Sendable, Hashable {
    public let kind: Dependent.Kind
    public let holderName: String
    public let holderCurp: String
    public let secondName: String
    public let secondCurp: String
    public let reason: String
    public let documentNote: String
}

/// Where an agenda page starts: just after this appointment.
public struct AgendaCursor: Sendable, Hashable {
    public let time: LocalTime
    public let folio: String

    public init(time: LocalTime, folio: String) {
        self.time = time
        self.folio = folio
    }
}

/// A page of an office-day's agenda and where the next one starts, if any.
public struct AgendaPage: Sendable, Hashable {
    public let rows: [AgendaRow]
    public let next: AgendaCursor?
}

/// The office-day work on appointments: the agenda, search, check-in with the identity document seen, attendance,
/// notes, and the end-of-day no-show marking. Every change is one conditional UPDATE that also carries the staff
/// member's office scope, so a clerk of office X cannot touch office Y's appointments even with a forged request.
public struct AgendaStore: Sendable {
    let database: any AppDatabase
    let clock: any CitasClock

    public init(database: any AppDatabase, clock: any CitasClock) {
        self.database = database
        self.clock = clock
    }

    /// Appointments on one agenda page: a busy office-day of a heavy year holds thousands.
    public static let pageSize = 100

    /// One page of an office-day's appointments in time order (cancelled ones included, with their status), from
    /// just after `cursor`. Keyset paging over `appointments_by_slot`: any page costs what the first does, and the
    /// cost follows the page, not the day's or the year's volume.
    public func day(
        office: String,
        date: LocalDate,
        staff: StaffMember,
        after cursor: AgendaCursor? = nil,
        status: AppointmentStatus? = nil,
        limit: Int = pageSize
    )
        async throws -> AgendaPage
    {
        guard staff.may(.readAgenda, office: office) else { throw CitasError(.staffForbidden) }
        let start: SQLQueryString =
            cursor.map {
                "AND (a.local_time > \(bind: $0.time.description) OR (a.local_time = \(bind: $0.time.description) AND a.folio > \(bind: $0.folio)))"
            } ?? ""
        let only: SQLQueryString = status.map { "AND a.status = \(bind: $0.rawValue)" } ?? ""
        let rows = try await database.read { sql in
            try await sql.raw(
                """
                \(unsafeRaw: Self.select) WHERE a.office_code = \(bind: office) AND a.local_date = \(bind: date.description) \(start) \(only)
                ORDER BY a.local_time, a.folio LIMIT \(bind: limit + 1)
                """
            ).all().map(Self.row(from:))
        }
        let page = Array(rows.prefix(limit))
        return AgendaPage(rows: page, next: rows.count > limit ? page.last.map { AgendaCursor(time: $0.time, folio: $0.folio) } : nil)
    }

    /// How many of the office-day's appointments are in each state (the counter's counts).
    public func counts(office: String, date: LocalDate, staff: StaffMember) async throws -> [AppointmentStatus: Int] {
        guard staff.may(.readAgenda, office: office) else { throw CitasError(.staffForbidden) }
        return try await database.read { sql in
            var counts: [AppointmentStatus: Int] = [:]
            for row in try await sql.raw(
                """
                SELECT status, COUNT(*) AS n FROM appointments WHERE office_code = \(bind: office) AND local_date = \(bind: date.description)
                GROUP BY status
                """
            ).all() {
                if let status = AppointmentStatus(rawValue: try row.decode(column: "status", as: String.self)) {
                    counts[status] = try row.decode(column: "n", as: Int.self)
                }
            }
            return counts
        }
    }

    /// The office-day's appointments that `text` finds as a clerk types it: a folio, part of a CURP in any case, or
    /// words of a name without accents (`AgendaQuery`). A day is read whole (bounded): even a large office's day is a
    /// few hundred rows, and matching names accent-blind is the same on both engines done here.
    public func find(_ text: String, office: String, date: LocalDate, staff: StaffMember, limit: Int = 5_000) async throws -> [AgendaRow] {
        guard staff.may(.readAgenda, office: office) else { throw CitasError(.staffForbidden) }
        let query = AgendaQuery(text)
        return try await database.read { sql in
            try await sql.raw(
                """
                \(unsafeRaw: Self.select) WHERE a.office_code = \(bind: office) AND a.local_date = \(bind: date.description)
                ORDER BY a.local_time, a.folio LIMIT \(bind: limit)
                """
            ).all().map(Self.row(from:)).filter { query.matches(folio: $0.folio, curp: $0.curp, name: $0.name) }
        }
    }

    /// Appointments by exact folio or CURP, limited to the offices the member may read.
    public func search(_ text: String, staff: StaffMember) async throws -> [AgendaRow] {
        guard StaffAction.readAgenda.roles.contains(staff.role) else { throw CitasError(.staffForbidden) }
        let key = text.trimmingCharacters(in: .whitespaces).uppercased()
        guard (10...18).contains(key.count) else { return [] }
        return try await database.read { sql in
            try await sql.raw(
                """
                \(unsafeRaw: Self.select) WHERE (a.folio = \(bind: key) OR a.curp = \(bind: key)) AND \(Self.scope(staff, column: "a.office_code"))
                ORDER BY a.starts_at DESC LIMIT 20
                """
            ).all().map(Self.row(from:))
        }
    }

    /// Booked → checked in, recording the identity document the clerk saw and giving the next turn number of the
    /// office-day. Only on the appointment's day.
    public func checkIn(folio: String, document: String, staff: StaffMember) async throws {
        let document = String(document.trimmingCharacters(in: .whitespaces).prefix(60))
        guard !document.isEmpty else { throw CitasError(.fieldMissing, detail: "document") }
        let now = clock.now().epoch
        // The appointment's own day: within 12 hours of its start either way.
        let checkable: SQLQueryString = "status = 'booked' AND starts_at BETWEEN \(bind: now - 12 * 3600) AND \(bind: now + 12 * 3600)"
        try await change(
            folio,
            staff: staff,
            // Counts the turn under the same conditions as the UPDATE below, in its transaction: a refused check-in
            // counts nothing, and concurrent check-ins queue on the office-day's counter row.
            before: """
                INSERT INTO office_day_turns (office_code, local_date, last)
                SELECT office_code, local_date, 1 FROM appointments
                WHERE folio = \(bind: folio) AND \(checkable) AND \(Self.scope(staff, column: "office_code"))
                ON CONFLICT (office_code, local_date) DO UPDATE SET last = office_day_turns.last + 1
                """,
            set: """
                status = 'checked_in', checked_in_at = \(bind: now), identity_document = \(bind: document),
                    turn = (SELECT t.last FROM office_day_turns t WHERE t.office_code = appointments.office_code
                        AND t.local_date = appointments.local_date)
                """,
            from: "booked",
            action: "appointment.check_in",
            detail: document,
            extra: "AND \(checkable)"
        )
    }

    /// Calls a checked-in person's turn to the counter (again, if they did not come): the waiting-room screen shows
    /// the latest calls.
    public func call(folio: String, staff: StaffMember) async throws {
        try await change(folio, staff: staff, set: "called_at = \(bind: clock.now().epoch)", from: "checked_in", action: "appointment.call")
    }

    /// Booked → no-show, from the counter, once the appointment's time has passed (the nightly job marks the rest).
    public func markNoShow(folio: String, staff: StaffMember) async throws {
        try await change(
            folio,
            staff: staff,
            set: "status = 'no_show'",
            from: "booked",
            action: "appointment.no_show",
            extra: "AND starts_at < \(bind: clock.now().epoch)"
        )
    }

    /// Checked in → attended.
    public func attend(folio: String, staff: StaffMember) async throws {
        try await change(
            folio,
            staff: staff,
            set: "status = 'attended', attended_at = \(bind: clock.now().epoch)",
            from: "checked_in",
            action: "appointment.attended"
        )
    }

    /// Replaces the appointment's note (any status).
    public func note(folio: String, text: String, staff: StaffMember) async throws {
        let text = String(text.prefix(500))
        try await change(folio, staff: staff, set: "notes = \(bind: text)", from: nil, action: "appointment.note", detail: text)
    }

    /// Marks as no-show every booked appointment whose day has ended (12 hours after its start), with one audit row
    /// each. Running it again finds nothing to do.
    @discardableResult
    public func markNoShows() async throws -> Int {
        var marked = 0
        while true {
            let batch = try await markNoShows(limit: 500)
            marked += batch
            if batch < 500 { return marked }
        }
    }

    /// One bounded transaction of no-show marking. The oldest first through the partial index of booked
    /// appointments by start: `ORDER BY … LIMIT` makes PostgreSQL walk that index and stop, where the plain range
    /// was planned as a scan of every live appointment (it cannot know that booked ones are nearly all in the
    /// future). The outer `status = 'booked'` is re-checked on each row, so instances running the job at once
    /// never mark (or audit) one twice.
    private func markNoShows(limit: Int) async throws -> Int {
        let now = clock.now().epoch
        return try await database.write { sql in
            let folios = try await sql.raw(
                """
                UPDATE appointments SET status = 'no_show', updated_at = \(bind: now)
                WHERE status = 'booked' AND folio IN (
                    SELECT folio FROM appointments WHERE status = 'booked' AND starts_at < \(bind: now - 12 * 3600)
                    ORDER BY starts_at LIMIT \(bind: limit))
                RETURNING folio
                """
            ).all().map { try $0.decode(column: "folio", as: String.self) }
            for folio in folios {
                try await AuditLog.append(sql, at: now, actor: "system", action: "appointment.no_show", subject: "appointment:\(folio)")
            }
            return folios.count
        }
    }

    private func change(
        _ folio: String,
        staff: StaffMember,
        before: SQLQueryString? = nil,
        set: SQLQueryString,
        from status: String?,
        action: String,
        detail: String = "",
        extra: SQLQueryString = ""
    ) async throws {
        guard StaffAction.workAgenda.roles.contains(staff.role) else { throw CitasError(.staffForbidden) }
        let now = clock.now().epoch
        try await database.write { sql in
            if let before { try await sql.raw(before).run() }
            let statusCondition: SQLQueryString = status.map { "AND status = \(bind: $0)" } ?? ""
            let updated = try await sql.raw(
                """
                UPDATE appointments SET \(set), updated_at = \(bind: now)
                WHERE folio = \(bind: folio) \(statusCondition) \(extra) AND \(Self.scope(staff, column: "office_code")) RETURNING folio
                """
            ).all()
            guard updated.isEmpty else {
                try await AuditLog.append(sql, at: now, actor: staff.actor, action: action, subject: "appointment:\(folio)", detail: detail)
                return
            }
            let visible = try await sql.raw(
                "SELECT status FROM appointments WHERE folio = \(bind: folio) AND \(Self.scope(staff, column: "office_code"))"
            ).first()
            throw CitasError(visible == nil ? .appointmentNotFound : .appointmentWrongState)
        }
    }

    /// The SQL condition "this row's office is one the member works at" (always true for national roles).
    static func scope(_ staff: StaffMember, column: String) -> SQLQueryString {
        guard !staff.role.isNational else { return "1 = 1" }
        return "\(unsafeRaw: column) IN (SELECT office_code FROM staff_offices WHERE staff_id = \(bind: staff.id))"
    }

    static let select = """
        SELECT a.folio, a.curp, a.office_code, a.local_date, a.local_time, a.status, a.channel, a.identity_document, a.notes,
            a.starts_at, a.turn, a.called_at, c.procedure,
            COALESCE(c.given_names || ' ' || c.paternal_surname || ' ' || c.maternal_surname,
                d.given_names || ' ' || d.paternal_surname || ' ' || d.maternal_surname,
                a.caller_name, '') AS name,
            (SELECT MAX(CASE WHEN pay.paid_centavos IS NULL THEN 1 ELSE 2 END) FROM payments pay WHERE pay.curp = a.curp
                AND NOT EXISTS (SELECT 1 FROM passports p WHERE p.payment_reference = pay.reference)) AS payment_state,
            d.kind AS member_kind, d.second_parent_name, d.second_parent_curp, d.guardianship_reason, d.document_note,
            h.given_names || ' ' || h.paternal_surname || ' ' || h.maternal_surname AS holder_name, h.curp AS holder_curp
        FROM appointments a LEFT JOIN accounts c ON c.curp = a.curp
            LEFT JOIN dependents d ON d.id = a.dependent_id
            LEFT JOIN accounts h ON h.id = d.account_id
        """

    static func row(from row: any SQLRow) throws -> AgendaRow {
        AgendaRow(
            folio: try row.decode(column: "folio", as: String.self),
            curp: try row.decode(column: "curp", as: String.self),
            name: try row.decode(column: "name", as: String.self),
            officeCode: try row.decode(column: "office_code", as: String.self),
            date: try LocalDate(try row.decode(column: "local_date", as: String.self)),
            time: try LocalTime(try row.decode(column: "local_time", as: String.self)),
            startsAt: try row.decode(column: "starts_at", as: Int.self),
            status: AppointmentStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .booked,
            channel: try row.decode(column: "channel", as: String.self),
            identityDocument: try row.decode(column: "identity_document", as: String?.self),
            notes: try row.decode(column: "notes", as: String.self),
            household: try household(from: row),
            procedure: try row.decode(column: "procedure", as: String?.self).flatMap(Procedure.init(rawValue:)),
            payment: PaymentState(rawValue: try row.decode(column: "payment_state", as: Int?.self) ?? 0) ?? .none,
            turn: try row.decode(column: "turn", as: Int?.self),
            called: try row.decode(column: "called_at", as: Int?.self) != nil
        )
    }

    private static func household(from row: any SQLRow) throws -> Guardianship? {
        try row.decode(column: "member_kind", as: String?.self).flatMap(Dependent.Kind.init(rawValue:)).map { kind in
            Guardianship(
                kind: kind,
                holderName: try row.decode(column: "holder_name", as: String?.self) ?? "",
                holderCurp: try row.decode(column: "holder_curp", as: String?.self) ?? "",
                secondName: try row.decode(column: "second_parent_name", as: String?.self) ?? "",
                secondCurp: try row.decode(column: "second_parent_curp", as: String?.self) ?? "",
                reason: try row.decode(column: "guardianship_reason", as: String?.self) ?? "",
                documentNote: try row.decode(column: "document_note", as: String?.self) ?? ""
            )
        }
    }
}

/// The waiting-room screen's view of an office-day: turns only, never a name or CURP.
public struct NowServing: Sendable, Hashable {
    /// The latest calls, newest first.
    public let called: [Int]
    /// People checked in and not yet called.
    public let waiting: Int

    public init(called: [Int], waiting: Int) {
        self.called = called
        self.waiting = waiting
    }
}

extension AgendaStore {
    /// What the public screen of an office shows today: the last `limit` turns called and how many wait uncalled.
    public func nowServing(office: String, date: LocalDate, limit: Int = 6) async throws -> NowServing {
        try await database.read { sql in
            let called = try await sql.raw(
                """
                SELECT turn FROM appointments WHERE office_code = \(bind: office) AND local_date = \(bind: date.description)
                    AND called_at IS NOT NULL AND turn IS NOT NULL
                ORDER BY called_at DESC, turn DESC LIMIT \(bind: limit)
                """
            ).all().map { try $0.decode(column: "turn", as: Int.self) }
            let waiting = try await sql.raw(
                """
                SELECT COUNT(*) AS n FROM appointments WHERE office_code = \(bind: office) AND local_date = \(bind: date.description)
                    AND status = 'checked_in' AND called_at IS NULL
                """
            ).first()!.decode(column: "n", as: Int.self)
            return NowServing(called: called, waiting: waiting)
        }
    }
}
