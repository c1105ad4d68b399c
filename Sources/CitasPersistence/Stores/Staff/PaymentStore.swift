import CitasDomain
import Foundation
import SQLKit

/// A payment sheet ("hoja de ayuda") and, once the bank has been paid, the payment.
public struct Payment: Sendable, Hashable {
    public let reference: String
    public let curp: String
    public let validityYears: Int
    public let discount: FeeDiscount
    public let feeYear: Int
    public let dueCentavos: Int
    public let creditCentavos: Int
    public let paidCentavos: Int?
    public let bank: String?
    public let paidOn: LocalDate?

    public var isPaid: Bool { paidCentavos != nil }
}

/// Payment sheets and payments. A sheet is issued for what the person owes; the payment is recorded once, by a
/// clerk or from the bank's reconciliation file, with one conditional UPDATE each.
public struct PaymentStore: Sendable {
    let database: any AppDatabase
    let clock: any CitasClock

    public init(database: any AppDatabase, clock: any CitasClock) {
        self.database = database
        self.clock = clock
    }

    /// The newest paid payment of the CURP made within the last five years and not yet used by an issued passport:
    /// it counts towards the next fee, so a fee rise is charged as the difference.
    public func credit(curp: String) async throws -> Payment? {
        let since = LocalDate(clock.now(), in: TimeZone(identifier: "America/Mexico_City")!).adding(days: -FeeCalculator.paymentValidityYears * 365)
        return try await database.read { sql in
            try await sql.raw(
                """
                SELECT * FROM payments pay WHERE pay.curp = \(bind: curp) AND pay.paid_centavos IS NOT NULL AND pay.paid_on >= \(bind: since.description)
                    AND NOT EXISTS (SELECT 1 FROM passports p WHERE p.payment_reference = pay.reference)
                ORDER BY pay.paid_on DESC LIMIT 1
                """
            ).first().map(Self.payment(from:))
        }
    }

    /// Issues a sheet with a fresh reference; returns it.
    public func issue(curp: String, validityYears: Int, discount: FeeDiscount, feeYear: Int, due: Int, credit: Int) async throws -> Payment {
        let now = clock.now().epoch
        var generator = SystemRandomNumberGenerator()
        let reference = PaymentReference.make(using: &generator)
        try await database.write { sql in
            try await sql.raw(
                """
                INSERT INTO payments (reference, curp, validity_years, discount, fee_year, due_centavos, credit_centavos, created_at)
                VALUES (\(bind: reference), \(bind: curp), \(bind: validityYears), \(bind: discount.rawValue), \(bind: feeYear), \(bind: due),
                    \(bind: credit), \(bind: now))
                """
            ).run()
            try await AuditLog.append(sql, at: now, actor: "curp:\(curp)", action: "payment.sheet", subject: "payment:\(reference)", detail: "\(due)")
        }
        return Payment(
            reference: reference,
            curp: curp,
            validityYears: validityYears,
            discount: discount,
            feeYear: feeYear,
            dueCentavos: due,
            creditCentavos: credit,
            paidCentavos: nil,
            bank: nil,
            paidOn: nil
        )
    }

    /// The CURP's newest sheet.
    public func latest(curp: String) async throws -> Payment? {
        try await database.read { sql in
            try await sql.raw("SELECT * FROM payments WHERE curp = \(bind: curp) ORDER BY created_at DESC, reference LIMIT 1").first()
                .map(Self.payment(from:))
        }
    }

    public func find(_ reference: String) async throws -> Payment? {
        try await database.read { sql in
            try await sql.raw("SELECT * FROM payments WHERE reference = \(bind: reference)").first().map(Self.payment(from:))
        }
    }

    /// Records a payment once. Throws `payment_reference_invalid`, `payment_not_found`, `payment_recorded` or
    /// `payment_amount_short`, changing nothing.
    public func record(_ line: BankLine, office: String?, actor: String) async throws {
        try await database.write { sql in try await Self.record(line, office: office, actor: actor, now: clock.now().epoch, in: sql) }
    }

    /// Imports a bank reconciliation file (`reference,amount,paid_on,bank`, amounts in pesos with centavos):
    /// every line is checked and recorded in one transaction; one bad line and nothing is imported, with each bad
    /// line reported. Returns how many payments were recorded.
    public func importBankFile(_ text: String, actor: String) async throws -> Int {
        let lines = try BankLine.parse(text)
        let now = clock.now().epoch
        return try await database.write { sql in
            var problems: [BankFileProblem] = []
            for (number, line) in lines {
                do {
                    try await Self.record(line, office: nil, actor: actor, now: now, in: sql)
                } catch let error as CitasError {
                    problems.append(BankFileProblem(line: number, error: error))
                }
            }
            guard problems.isEmpty else { throw BankFileRefused(problems: problems) }
            return lines.count
        }
    }

    static func record(_ line: BankLine, office: String?, actor: String, now: Int, in sql: any SQLDatabase) async throws {
        guard PaymentReference.isValid(line.reference) else { throw CitasError(.paymentReferenceInvalid) }
        let updated = try await sql.raw(
            """
            UPDATE payments SET paid_centavos = \(bind: line.centavos), bank = \(bind: line.bank), paid_on = \(bind: line.paidOn.description),
                recorded_by = \(bind: actor), office_code = \(bind: office)
            WHERE reference = \(bind: line.reference) AND paid_centavos IS NULL AND due_centavos <= \(bind: line.centavos) RETURNING reference
            """
        ).all()
        guard updated.isEmpty else {
            try await AuditLog.append(
                sql,
                at: now,
                actor: actor,
                action: "payment.record",
                subject: "payment:\(line.reference)",
                detail: "\(line.centavos) \(line.bank)"
            )
            return
        }
        guard let row = try await sql.raw("SELECT paid_centavos FROM payments WHERE reference = \(bind: line.reference)").first() else {
            throw CitasError(.paymentNotFound)
        }
        throw CitasError(try row.decode(column: "paid_centavos", as: Int?.self) != nil ? .paymentRecorded : .paymentAmountShort)
    }

    static func payment(from row: any SQLRow) throws -> Payment {
        Payment(
            reference: try row.decode(column: "reference", as: String.self),
            curp: try row.decode(column: "curp", as: String.self),
            validityYears: try row.decode(column: "validity_years", as: Int.self),
            discount: FeeDiscount(rawValue: try row.decode(column: "discount", as: String.self)) ?? .none,
            feeYear: try row.decode(column: "fee_year", as: Int.self),
            dueCentavos: try row.decode(column: "due_centavos", as: Int.self),
            creditCentavos: try row.decode(column: "credit_centavos", as: Int.self),
            paidCentavos: try row.decode(column: "paid_centavos", as: Int?.self),
            bank: try row.decode(column: "bank", as: String?.self),
            paidOn: try row.decode(column: "paid_on", as: String?.self).flatMap { try? LocalDate($0) }
        )
    }
}

/// One payment as a bank reports it.
public struct BankLine: Sendable, Hashable {
    public let reference: String
    public let centavos: Int
    public let paidOn: LocalDate
    public let bank: String

    public init(reference: String, centavos: Int, paidOn: LocalDate, bank: String) {
        self.reference = reference
        self.centavos = centavos
        self.paidOn = paidOn
        self.bank = String(bank.prefix(60))
    }

    /// `reference,amount,paid_on,bank` with a header, each field read as a clerk would type it (`TypedPayment`). Every
    /// line that cannot be read is reported, with its field, before anything is recorded.
    static func parse(_ text: String) throws -> [(Int, BankLine)] {
        var lines: [(Int, BankLine)] = []
        var problems: [BankFileProblem] = []
        for (index, record) in CSVReader.records(text).enumerated() {
            let number = index + 2
            do throws(CitasError) {
                guard let bank = record["bank"], !bank.trimmingCharacters(in: .whitespaces).isEmpty else {
                    throw CitasError(.fieldMissing, detail: "bank")
                }
                let typed = try TypedPayment(
                    reference: record["reference"] ?? "",
                    amount: record["amount"] ?? "",
                    paidOn: record["paid_on"] ?? "",
                    bank: bank
                )
                lines.append((number, BankLine(reference: typed.reference, centavos: typed.centavos, paidOn: typed.paidOn, bank: typed.bank)))
            } catch {
                problems.append(BankFileProblem(line: number, error: error))
            }
        }
        if lines.isEmpty && problems.isEmpty { problems.append(BankFileProblem(line: 1, error: CitasError(.csvInvalid))) }
        guard problems.isEmpty else { throw BankFileRefused(problems: problems) }
        return lines
    }
}

/// One line of a bank file that was not recorded, and why (`error.detail` names the field when it is one).
public struct BankFileProblem: Sendable {
    public let line: Int
    public let error: CitasError
}

/// A bank file refused whole: every line that could not be read or recorded, so the clerk fixes all at once.
public struct BankFileRefused: Error, Sendable {
    public let problems: [BankFileProblem]
}
