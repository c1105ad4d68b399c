import CitasDomain
import Foundation
import SQLKit

/// What issuing needs to know, handed to the chip builder inside the issuing transaction.
public struct PassportRequest: Sendable {
    public let documentNumber: String
    public let curp: String
    public let identity: DeclaredIdentity
    public let validityYears: Int
    public let officeCode: String
    public let issuedOn: LocalDate
}

/// Whom a passport is about to be issued for: what the issue page shows the clerk.
public struct PassportPreview: Sendable, Hashable {
    public let curp: String
    public let identity: DeclaredIdentity
    public let validityYears: Int
}

/// What the builder returns: the printed MRZ, the chip files (JSON of base64 by file name) and the expiry date.
public struct BuiltPassport: Sendable {
    public let mrz: String
    public let chip: String
    public let expiryDate: LocalDate

    public init(mrz: String, chip: String, expiryDate: LocalDate) {
        self.mrz = mrz
        self.chip = chip
        self.expiryDate = expiryDate
    }
}

/// An issued passport as the back office shows it.
public struct IssuedPassport: Sendable, Hashable {
    public let documentNumber: String
    public let folio: String
    public let curp: String
    public let officeCode: String
    public let validityYears: Int
    public let expiryDate: LocalDate
    public let mrz: String
    public let chip: String
}

/// Issuing passports: only for an attended appointment of the clerk's office, against a paid payment not used
/// before, with a number from the office's own sequence — all in one transaction with its audit row.
public struct PassportStore: Sendable {
    let database: any AppDatabase
    let clock: any CitasClock

    public init(database: any AppDatabase, clock: any CitasClock) {
        self.database = database
        self.clock = clock
    }

    /// Issues the passport of appointment `folio`. Throws `appointment_not_found` (or not the member's office),
    /// `appointment_wrong_state` (not attended, or already issued), `payment_not_found` (no valid payment).
    public func issue(
        folio: String,
        staff: StaffMember,
        build: @escaping @Sendable (PassportRequest) throws -> BuiltPassport
    ) async throws -> IssuedPassport {
        guard staff.may(.workAgenda) else { throw CitasError(.staffForbidden) }
        // Two offices issuing their very first passports at once race for an ordinal; the loser simply tries again.
        for _ in 0..<3 {
            do {
                return try await issueOnce(folio: folio, staff: staff, build: build)
            } catch  where UniqueKey.violated(by: error) == .passportSequenceOrdinal {
                continue
            } catch  where UniqueKey.violated(by: error) == .passportPerAppointment {
                throw CitasError(.appointmentWrongState)
            }
        }
        return try await issueOnce(folio: folio, staff: staff, build: build)
    }

    /// Who the passport of appointment `folio` would be for, and for how many years, checked as issuance checks
    /// it (attended, not yet issued, a usable payment): what the clerk confirms before taking the photo.
    public func preview(folio: String, staff: StaffMember) async throws -> PassportPreview {
        let today = LocalDate(clock.now(), in: TimeZone(identifier: "America/Mexico_City")!)
        return try await database.read { sql in
            let (curp, _, identity, payment) = try await Self.holder(folio: folio, staff: staff, today: today, in: sql)
            return PassportPreview(curp: curp, identity: identity, validityYears: payment.validity)
        }
    }

    /// The appointment's CURP, office, holder identity (the account's, or the household member's it was booked
    /// for: a child's passport is the child's) and usable payment; throws why a passport cannot be issued for it.
    static func holder(
        folio: String,
        staff: StaffMember,
        today: LocalDate,
        in sql: any SQLDatabase
    ) async throws
        -> (curp: String, office: String, identity: DeclaredIdentity, payment: (reference: String, validity: Int))
    {
        guard
            let appointment = try await sql.raw(
                """
                SELECT a.curp, a.office_code, a.status, a.dependent_id, (SELECT COUNT(*) FROM passports p WHERE p.folio = a.folio) AS issued
                FROM appointments a WHERE a.folio = \(bind: folio) AND \(AgendaStore.scope(staff, column: "a.office_code"))
                """
            ).first()
        else { throw CitasError(.appointmentNotFound) }
        let curp = try appointment.decode(column: "curp", as: String.self)
        let office = try appointment.decode(column: "office_code", as: String.self)
        guard try appointment.decode(column: "status", as: String.self) == "attended", try appointment.decode(column: "issued", as: Int.self) == 0
        else { throw CitasError(.appointmentWrongState) }
        var identity = try await AccountStore.account(where: "curp", equals: curp, in: sql)?.identity
        if identity == nil, let member = try appointment.decode(column: "dependent_id", as: Int?.self) {
            identity = try await sql.raw("SELECT * FROM dependents WHERE id = \(bind: member)").first()
                .map(DependentStore.dependent(from:)).map(\.identity)
        }
        guard let identity else { throw CitasError(.appointmentNotFound) }
        guard let payment = try await Self.usablePayment(curp: curp, today: today, in: sql) else { throw CitasError(.paymentNotFound) }
        return (curp, office, identity, (payment.reference, payment.validity))
    }

    private func issueOnce(
        folio: String,
        staff: StaffMember,
        build: @escaping @Sendable (PassportRequest) throws -> BuiltPassport
    ) async throws -> IssuedPassport {
        let now = clock.now().epoch
        let today = LocalDate(clock.now(), in: TimeZone(identifier: "America/Mexico_City")!)
        return try await database.write { sql in
            let (curp, office, identity, payment) = try await Self.holder(folio: folio, staff: staff, today: today, in: sql)
            let number = try await Self.nextNumber(office: office, in: sql)
            let request = PassportRequest(
                documentNumber: number,
                curp: curp,
                identity: identity,
                validityYears: payment.validity,
                officeCode: office,
                issuedOn: today
            )
            let built = try build(request)
            try await sql.raw(
                """
                INSERT INTO passports (folio, curp, office_code, document_number, validity_years, expiry_date, payment_reference, mrz, chip,
                    issued_at, issued_by)
                VALUES (\(bind: folio), \(bind: curp), \(bind: office), \(bind: number), \(bind: payment.validity),
                    \(bind: built.expiryDate.description), \(bind: payment.reference), \(bind: built.mrz), \(bind: built.chip), \(bind: now),
                    \(bind: staff.actor))
                """
            ).run()
            try await AuditLog.append(sql, at: now, actor: staff.actor, action: "passport.issue", subject: "appointment:\(folio)", detail: number)
            return IssuedPassport(
                documentNumber: number,
                folio: folio,
                curp: curp,
                officeCode: office,
                validityYears: payment.validity,
                expiryDate: built.expiryDate,
                mrz: built.mrz,
                chip: built.chip
            )
        }
    }

    /// A passport by number, if the member may see its office's data.
    public func find(number: String, staff: StaffMember) async throws -> IssuedPassport? {
        try await database.read { sql in
            try await sql.raw(
                """
                SELECT folio, curp, office_code, document_number, validity_years, expiry_date, mrz, chip FROM passports
                WHERE document_number = \(bind: number) AND \(AgendaStore.scope(staff, column: "office_code"))
                """
            ).first().map { row in
                IssuedPassport(
                    documentNumber: try row.decode(column: "document_number", as: String.self),
                    folio: try row.decode(column: "folio", as: String.self),
                    curp: try row.decode(column: "curp", as: String.self),
                    officeCode: try row.decode(column: "office_code", as: String.self),
                    validityYears: try row.decode(column: "validity_years", as: Int.self),
                    expiryDate: try LocalDate(try row.decode(column: "expiry_date", as: String.self)),
                    mrz: try row.decode(column: "mrz", as: String.self),
                    chip: try row.decode(column: "chip", as: String.self)
                )
            }
        }
    }

    /// The CURP's newest paid payment of the last five years that no passport has used.
    static func usablePayment(curp: String, today: LocalDate, in sql: any SQLDatabase) async throws -> (reference: String, validity: Int)? {
        let since = today.adding(days: -FeeCalculator.paymentValidityYears * 365).description
        return try await sql.raw(
            """
            SELECT reference, validity_years FROM payments pay WHERE pay.curp = \(bind: curp) AND pay.paid_centavos IS NOT NULL
                AND pay.paid_on >= \(bind: since) AND NOT EXISTS (SELECT 1 FROM passports p WHERE p.payment_reference = pay.reference)
            ORDER BY pay.paid_on DESC LIMIT 1
            """
        ).first().map { (try $0.decode(column: "reference", as: String.self), try $0.decode(column: "validity_years", as: Int.self)) }
    }

    /// The office's next number: its letter and digit, then seven digits. The first passport of an office claims
    /// the next free ordinal; a race for it fails on the unique ordinal and the transaction is retried by the caller.
    static func nextNumber(office: String, in sql: any SQLDatabase) async throws -> String {
        try await sql.raw(
            """
            INSERT INTO passport_sequences (office_code, ordinal, next_number)
            SELECT \(bind: office), (SELECT COUNT(*) FROM passport_sequences), 1
            WHERE NOT EXISTS (SELECT 1 FROM passport_sequences WHERE office_code = \(bind: office))
            ON CONFLICT (office_code) DO NOTHING
            """
        ).run()
        guard
            let row = try await sql.raw(
                """
                UPDATE passport_sequences SET next_number = next_number + 1 WHERE office_code = \(bind: office)
                RETURNING ordinal, next_number - 1 AS number
                """
            ).first()
        else { throw CitasError(.internalError, detail: "no passport sequence") }
        let ordinal = try row.decode(column: "ordinal", as: Int.self)
        let letters = Array("ABCDEFGHJKLMNPQRSTUVWXYZ")
        return "\(letters[(ordinal / 10) % letters.count])\(ordinal % 10)" + String(format: "%07d", try row.decode(column: "number", as: Int.self))
    }
}
