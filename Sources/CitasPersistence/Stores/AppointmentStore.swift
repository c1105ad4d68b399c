import CitasDomain
import Foundation
import SQLKit

/// What a person asks for when booking: an identity and a slot.
public struct BookingRequest: Sendable, Hashable {
    public let curp: Curp
    public let officeCode: String
    public let date: LocalDate
    public let time: LocalTime
    /// Who acts, for the audit log (`citizen`, `api`, a staff id…).
    public let actor: String
    /// How the booking came: the pages, the API, a call-centre agent on the phone, a draw.
    public let channel: Channel
    /// Where the confirmation goes, when the caller already knows (a signed-in citizen): the transaction then need
    /// not look the holder up. Nil: the holder's account, if any, is read in the transaction.
    public var recipient: Recipient?
    /// The account booking for a member of its household (`curp` is then the member's): confirmed, with the member's
    /// ownership row locked, inside the booking's transaction.
    public var household: String?
    /// A phone caller without an account: the name they gave and a number to call back.
    public var caller: Caller?

    /// Who called the call centre, as they said.
    public struct Caller: Sendable, Hashable {
        public let name: String
        public let phone: String

        public init(name: String, phone: String) {
            self.name = String(name.prefix(200))
            self.phone = String(phone.prefix(30))
        }
    }

    /// The confirmation's addressee and the office's name as it should read.
    public struct Recipient: Sendable, Hashable {
        public let email: String
        public let language: Language
        public let officeName: String

        public init(email: String, language: Language, officeName: String) {
            self.email = email
            self.language = language
            self.officeName = officeName
        }
    }

    public enum Channel: String, Sendable, Hashable {
        case web, api, phone, draw
    }

    public init(curp: Curp, officeCode: String, date: LocalDate, time: LocalTime, actor: String, channel: Channel = .web) {
        self.curp = curp
        self.officeCode = officeCode
        self.date = date
        self.time = time
        self.actor = actor
        self.channel = channel
    }
}

/// The booking primitives. Each is one transaction whose correctness rests on the database:
/// a conditional UPDATE claims a seat, a partial unique index keeps one live appointment per CURP,
/// conditional statements apply the booking policy, and the audit row commits with the change.
public struct AppointmentStore: Sendable {
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

    /// Claims a seat open for direct booking and records the appointment (a waiting request of the same person is
    /// closed: they booked), or throws `slot_full`, `seat_held_for_lottery`, `slot_in_past`, `slot_not_found`,
    /// `office_not_found`, `curp_has_live_appointment`, `no_show_penalty` or `yearly_limit` having changed nothing.
    public func book(_ request: BookingRequest) async throws -> Appointment {
        let now = clock.now()
        let folio = Folio.random()
        do {
            let engine = database.engine
            let appointment = try await database.write { sql in
                if let household = request.household {
                    try await DependentStore.confirmActsFor(curp: request.curp.value, accountId: household, engine: engine, in: sql)
                }
                let startsAt = try await SeatClaims.claim(request, now: now, in: sql)
                return try await Self.record(folio, request, startsAt: startsAt, now: now, policy: policy, in: sql)
            }
            metrics.booked(channel: request.channel.rawValue)
            return appointment
        } catch {
            switch UniqueKey.violated(by: error) {
            case .liveAppointmentPerCurp: throw CitasError(.curpHasLiveAppointment)
            case .folio: return try await book(request)
            default: throw error
            }
        }
    }

    /// Records a booking whose seat is claimed: the appointment (under the booking rules), the person's waiting
    /// request closed, the confirmation queued and the audit row, all in the caller's transaction.
    static func record(
        _ folio: Folio,
        _ request: BookingRequest,
        startsAt: Int,
        now: Date,
        policy: BookingPolicy,
        note: String = "",
        in sql: any SQLDatabase
    ) async throws -> Appointment {
        try await insert(folio: folio, request: request, startsAt: startsAt, now: now.epoch, policy: policy, in: sql)
        try await StandingRequestStore.withdrawAll(curp: request.curp.value, now: now.epoch, bookedAs: folio, in: sql)
        try await confirm(folio, request, now: now.epoch, in: sql)
        try await AuditLog.append(
            sql,
            at: now.epoch,
            actor: request.actor,
            action: "appointment.book",
            subject: "appointment:\(folio)",
            detail: "\(request.officeCode) \(request.date) \(request.time)" + (note.isEmpty ? "" : " \(note)")
        )
        return Appointment(
            folio: folio.value,
            curp: request.curp.value,
            officeCode: request.officeCode,
            date: request.date,
            time: request.time,
            status: .booked,
            startsAt: Date(timeIntervalSince1970: TimeInterval(startsAt)),
            createdAt: now,
            updatedAt: now
        )
    }

    /// Writes the booking's confirmation to the holder's mailbox in the booking's transaction (the outbox sends it
    /// once it commits); for a move, the mail says which time it replaces. A phone booking for somebody without an
    /// account has nobody to write to.
    static func confirm(_ folio: Folio, _ request: BookingRequest, replacing old: Appointment? = nil, now: Int, in sql: any SQLDatabase) async throws
    {
        var recipient = request.recipient
        if recipient == nil { recipient = try await Self.recipient(curp: request.curp.value, office: request.officeCode, in: sql) }
        guard let recipient else { return }
        let mail: OutgoingMail
        if let old {
            let oldOffice = old.officeCode == request.officeCode ? recipient.officeName : try await Self.officeName(old.officeCode, in: sql)
            mail = MailTemplates.moved(
                to: recipient.email,
                folio: folio.value,
                office: recipient.officeName,
                date: request.date,
                time: request.time,
                was: (oldOffice, old.date, old.time),
                language: recipient.language
            )
        } else {
            mail = MailTemplates.booked(
                to: recipient.email,
                folio: folio.value,
                office: recipient.officeName,
                date: request.date,
                time: request.time,
                language: recipient.language
            )
        }
        try await OutboxStore.enqueue(mail, now: now, in: sql)
    }

    private static func officeName(_ code: String, in sql: any SQLDatabase) async throws -> String {
        try await sql.raw("SELECT name FROM offices WHERE code = \(bind: code)").first()?.decode(column: "name", as: String.self) ?? code
    }

    /// The account holding `curp` or having it in its household, if there is one, with the office's name.
    static func recipient(curp: String, office: String, in sql: any SQLDatabase) async throws -> BookingRequest.Recipient? {
        try await sql.raw(
            """
            SELECT a.email, a.language, o.name FROM curp_owners w JOIN accounts a ON a.id = w.account_id
                JOIN offices o ON o.code = \(bind: office)
            WHERE w.curp = \(bind: curp)
            """
        ).first().map { row in
            BookingRequest.Recipient(
                email: try row.decode(column: "email", as: String.self),
                language: Language(rawValue: try row.decode(column: "language", as: String.self)) ?? .es,
                officeName: try row.decode(column: "name", as: String.self)
            )
        }
    }

    /// Cancels a booked appointment until the moment it starts (only moves close `changeLeadTime` before: a person
    /// who cannot come must be able to say so rather than become a no-show). Its seat goes to the office's next
    /// batch like every freed seat, and the holder is mailed. Throws `appointment_not_found` or
    /// `appointment_not_cancellable` (checked in, over, or already cancelled), changing nothing.
    public func cancel(folio: Folio, curp: Curp, actor: String) async throws -> Appointment {
        let now = clock.now().epoch
        let policy = policy
        let cancelled = try await database.write { sql in
            guard
                let row = try await sql.raw(
                    """
                    UPDATE appointments SET status = 'cancelled', updated_at = \(bind: now)
                    WHERE folio = \(bind: folio.value) AND curp = \(bind: curp.value) AND status = 'booked' AND starts_at > \(bind: now)
                    RETURNING \(unsafeRaw: Self.columns)
                    """
                ).first()
            else {
                let exists = try await Self.find(folio: folio, curp: curp, in: sql) != nil
                throw CitasError(exists ? .appointmentNotCancellable : .appointmentNotFound)
            }
            let appointment = try Self.appointment(from: row)
            try await Allocator.free(appointment, now: now, policy: policy, in: sql)
            try await StandingRequestStore.withdrawAll(curp: curp.value, now: now, in: sql)
            if let holder = try await Self.recipient(curp: curp.value, office: appointment.officeCode, in: sql) {
                let mail = MailTemplates.cancelled(
                    to: holder.email,
                    folio: folio.value,
                    office: holder.officeName,
                    date: appointment.date,
                    time: appointment.time,
                    language: holder.language
                )
                try await OutboxStore.enqueue(mail, now: now, in: sql)
            }
            try await AuditLog.append(sql, at: now, actor: actor, action: "appointment.cancel", subject: "appointment:\(folio)")
            return appointment
        }
        metrics.cancelled()
        return cancelled
    }

    /// The appointment with this folio, if it belongs to this CURP (a folio alone reveals nothing).
    public func find(folio: Folio, curp: Curp) async throws -> Appointment? {
        try await database.read { sql in try await Self.find(folio: folio, curp: curp, in: sql) }
    }

    /// The live appointment with this folio, for the service's own use (the mail sender attaching a comprobante).
    public func live(folio: String) async throws -> Appointment? {
        try await database.read { sql in
            try await sql.raw(
                "SELECT \(unsafeRaw: Self.columns) FROM appointments WHERE folio = \(bind: folio) AND status IN ('booked', 'checked_in')"
            ).first().map(Self.appointment(from:))
        }
    }

    /// The CURP's live appointment, if any (there is at most one: the database makes sure).
    public func current(curp: Curp) async throws -> Appointment? {
        try await database.read { sql in
            try await sql.raw(
                "SELECT \(unsafeRaw: Self.columns) FROM appointments WHERE curp = \(bind: curp.value) AND status IN ('booked', 'checked_in')"
            ).first().map(Self.appointment(from:))
        }
    }

    /// One earlier appointment of a person, with the passport issued at it if any.
    public struct Past: Sendable {
        public let appointment: Appointment
        public let passportNumber: String?
    }

    /// The CURP's appointments that are no longer live, newest first (at most `limit`), each with its passport.
    public func history(curp: Curp, limit: Int = 10) async throws -> [Past] {
        try await database.read { sql in
            try await sql.raw(
                """
                SELECT \(unsafeRaw: Self.columns),
                    (SELECT p.document_number FROM passports p WHERE p.folio = appointments.folio) AS document_number
                FROM appointments
                WHERE curp = \(bind: curp.value) AND status NOT IN ('booked', 'checked_in')
                ORDER BY starts_at DESC, folio LIMIT \(bind: limit)
                """
            ).all().map {
                Past(appointment: try Self.appointment(from: $0), passportNumber: try $0.decode(column: "document_number", as: String?.self))
            }
        }
    }

    /// Live appointments of an office on a day, in time order.
    public func live(office: String, on date: LocalDate) async throws -> [Appointment] {
        try await database.read { sql in
            try await sql.raw(
                """
                SELECT \(unsafeRaw: Self.columns) FROM appointments
                WHERE office_code = \(bind: office) AND local_date = \(bind: date.description) AND status IN ('booked', 'checked_in')
                ORDER BY local_time, folio
                """
            ).all().map(Self.appointment(from:))
        }
    }

    static let columns = "folio, curp, office_code, local_date, local_time, starts_at, status, reschedules, created_at, updated_at"

    private static func find(folio: Folio, curp: Curp, in sql: any SQLDatabase) async throws -> Appointment? {
        try await sql.raw("SELECT \(unsafeRaw: columns) FROM appointments WHERE folio = \(bind: folio.value) AND curp = \(bind: curp.value)")
            .first().map(appointment(from:))
    }

    static func appointment(from row: any SQLRow) throws -> Appointment {
        Appointment(
            folio: try row.decode(column: "folio", as: String.self),
            curp: try row.decode(column: "curp", as: String.self),
            officeCode: try row.decode(column: "office_code", as: String.self),
            date: try LocalDate(try row.decode(column: "local_date", as: String.self)),
            time: try LocalTime(try row.decode(column: "local_time", as: String.self)),
            status: AppointmentStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .cancelled,
            reschedules: try row.decode(column: "reschedules", as: Int.self),
            startsAt: Date(timeIntervalSince1970: TimeInterval(try row.decode(column: "starts_at", as: Int.self))),
            createdAt: Date(timeIntervalSince1970: TimeInterval(try row.decode(column: "created_at", as: Int.self))),
            updatedAt: Date(timeIntervalSince1970: TimeInterval(try row.decode(column: "updated_at", as: Int.self)))
        )
    }
}
