import CitasDomain
import CitasPersistence
import Foundation
import Hummingbird

/// Clerks record a payment by its reference — typed the way people type it, then confirmed against whose sheet it
/// is — or import the bank's reconciliation file, uploaded or pasted (all lines or none, each bad line explained).
struct PaymentPages {
    let staff: StaffWeb
    let payments: PaymentStore

    struct RecordForm: Decodable {
        var reference: String?
        var amount: String?
        var bank: String?
        var paidOn: String?
        /// Set by the confirmation page's button: record now. Absent: check and show whose payment it is.
        var confirm: String?
    }

    struct ImportForm: Decodable {
        let csv: String?
        /// The uploaded file's contents.
        let file: String?
    }

    func register(on router: Router<AppRequestContext>) {
        router.post(SiteURL.staffPayments.route) { request, context in
            let language = try staff.web.language(context)
            guard let member = try await staff.require(request, .workAgenda) else { return Web.redirect(.staffLogIn, language) }
            let form = try await staff.web.form(RecordForm.self, request)
            let t = Catalogue.of(language)
            // "Correct it" on the confirmation: the form again with what was typed.
            if form.confirm == "edit" { return try await desk(request, language, member, form: form) }
            let typed: TypedPayment
            let sheet: Payment
            do {
                typed = try TypedPayment(reference: form.reference ?? "", amount: form.amount ?? "", paidOn: form.paidOn ?? "", bank: form.bank ?? "")
                guard let found = try await payments.find(typed.reference) else { throw CitasError(.paymentNotFound, detail: "reference") }
                guard !found.isPaid else { throw CitasError(.paymentRecorded, detail: "reference") }
                guard typed.centavos >= found.dueCentavos else { throw CitasError(.paymentAmountShort, detail: "amount") }
                sheet = found
            } catch let error as CitasError {
                return try await desk(request, language, member, form: form, problem: error)
            }
            let payer = try await payer(of: sheet.curp)
            guard form.confirm == "1" else {
                let body = PaymentConfirmModel(form: form, typed: typed, sheet: sheet, payer: payer, language: language)
                return try await staff.page(
                    "staff-payment-confirm",
                    title: t.counter.confirmTitle,
                    member: member,
                    body: body,
                    request: request,
                    language: language
                )
            }
            let line = BankLine(
                reference: typed.reference,
                centavos: typed.centavos,
                paidOn: typed.paidOn,
                bank: typed.bank.isEmpty ? "—" : typed.bank
            )
            do {
                try await payments.record(line, office: member.role.isNational ? nil : member.offices.sorted().first, actor: member.actor)
            } catch let error as CitasError {
                return try await desk(request, language, member, form: form, problem: error)
            }
            let notice = t.counter.recordedFor.replacingOccurrences(of: "{name}", with: payer)
                .replacingOccurrences(of: "{amount}", with: Formats(language: language).money(centavos: typed.centavos))
            return try await desk(request, language, member, form: RecordForm(), notice: notice)
        }
        router.get(SiteURL.staffImport.route) { request, context in
            let language = try staff.web.language(context)
            guard let member = try await staff.require(request, .workAgenda) else { return Web.redirect(.staffLogIn, language) }
            return try await page(request, language, member)
        }
        router.post(SiteURL.staffImport.route) { request, context in
            let language = try staff.web.language(context)
            guard let member = try await staff.require(request, .workAgenda) else { return Web.redirect(.staffLogIn, language) }
            let form = try await staff.web.uploadForm(ImportForm.self, request, limit: 2 * 1024 * 1024)
            // The file when one was chosen, else what was pasted.
            let file = (form.file ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            let csv = file.isEmpty ? form.csv ?? "" : file
            let t = Catalogue.of(language).counter
            do {
                let count = try await payments.importBankFile(csv, actor: member.actor)
                return try await page(request, language, member, notice: "\(Catalogue.of(language).staff.imported): \(count)")
            } catch let refused as BankFileRefused {
                let lines = refused.problems.map { problem in
                    let field = problem.error.detail.flatMap { FieldNames.spoken($0, in: language) }
                    return (field == nil ? t.lineProblem : t.lineProblemField).replacingOccurrences(of: "{line}", with: "\(problem.line)")
                        .replacingOccurrences(of: "{field}", with: field ?? "")
                        .replacingOccurrences(of: "{message}", with: problem.error.code.message(in: language))
                }
                let summary = FieldProblem(field: "csv", message: ErrorCode.csvInvalid.message(in: language))
                return try await page(request, language, member, csv: csv, problems: [summary], lines: lines)
            }
        }
    }

    /// Who a payment sheet is for, in words: the account holder or the household member with that CURP.
    private func payer(of curp: String) async throws -> String {
        if let account = try await staff.web.app.accounts.account(emailOrCurp: curp) { return "\(account.identity.fullName) (\(curp))" }
        if let member = try await staff.web.app.dependents.member(curp: curp) { return "\(member.identity.fullName) (\(curp))" }
        return curp
    }

    /// The desk's payment form again: what was typed kept, the refusal beside the field it concerns.
    private func desk(
        _ request: Request,
        _ language: Language,
        _ member: StaffMember,
        form: RecordForm,
        problem: CitasError? = nil,
        notice: String? = nil
    ) async throws -> Response {
        let t = Catalogue.of(language)
        let field = ["reference": "reference", "amount": "amount", "paid_on": "paidOn", "bank": "bank"][problem?.detail ?? ""] ?? "reference"
        let problems = problem.map { [FieldProblem(field: field, message: $0.code.message(in: language))] } ?? []
        let body = DeskModel(payments: PaymentForm(language: language, t: t, typed: form, problems: problems))
        return try await staff.page(
            "staff-desk",
            title: t.staff.paymentsTitle,
            member: member,
            body: body,
            request: request,
            language: language,
            status: problems.isEmpty ? .ok : problem?.code.httpStatus,
            problems: problems,
            notice: notice
        )
    }

    private func page(
        _ request: Request,
        _ language: Language,
        _ member: StaffMember,
        csv: String = "",
        problems: [FieldProblem] = [],
        lines: [String] = [],
        notice: String? = nil
    )
        async throws -> Response
    {
        let t = Catalogue.of(language)
        let body = ImportModel(action: SiteURL.staffImport.path(language), csv: csv, error: problems.first?.message, lines: lines)
        return try await staff.page(
            "staff-import",
            title: t.staff.importTitle,
            member: member,
            body: body,
            request: request,
            language: language,
            problems: problems,
            notice: notice
        )
    }
}

/// The model of `staff-import.mustache`.
struct ImportModel: Sendable {
    let action: String
    let csv: String
    let error: String?
    /// Each refused line, said in words with its field.
    let lines: [String]
    let hasLines: Bool

    init(action: String, csv: String, error: String?, lines: [String]) {
        self.action = action
        self.csv = csv
        self.error = error
        self.lines = lines
        hasLines = !lines.isEmpty
    }
}

/// The model of `staff-payment-confirm.mustache`: whose payment it is and what will be recorded, with the typed
/// values carried to the button that records them.
struct PaymentConfirmModel: Sendable {
    let action: String
    let payer: String
    let facts: [VerifyModel.Result.Fact]
    let reference: String
    let amount: String
    let paidOn: String
    let bank: String

    init(form: PaymentPages.RecordForm, typed: TypedPayment, sheet: Payment, payer: String, language: Language) {
        let t = Catalogue.of(language)
        let formats = Formats(language: language)
        action = SiteURL.staffPayments.path(language)
        self.payer = payer
        facts = [
            VerifyModel.Result.Fact(label: t.counter.payer, value: payer),
            VerifyModel.Result.Fact(label: t.staff.reference, value: typed.reference),
            VerifyModel.Result.Fact(label: t.counter.due, value: formats.money(centavos: sheet.dueCentavos)),
            VerifyModel.Result.Fact(label: t.counter.typedAmount, value: formats.money(centavos: typed.centavos)),
            VerifyModel.Result.Fact(label: t.staff.paidOn, value: formats.date(typed.paidOn)),
            VerifyModel.Result.Fact(label: t.staff.bank, value: typed.bank.isEmpty ? "—" : typed.bank),
        ]
        reference = form.reference ?? ""
        amount = form.amount ?? ""
        paidOn = form.paidOn ?? ""
        bank = form.bank ?? ""
    }
}
