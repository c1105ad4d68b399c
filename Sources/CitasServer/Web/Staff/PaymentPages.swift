import CitasDomain
import CitasPersistence
import Foundation
import Hummingbird

/// Clerks record a payment by its reference, or import the bank's reconciliation file (all lines or none).
struct PaymentPages {
    let staff: StaffWeb
    let payments: PaymentStore

    struct RecordForm: Decodable {
        let reference: String?
        let amount: String?
        let bank: String?
        let paidOn: String?
    }

    struct ImportForm: Decodable {
        let csv: String?
    }

    func register(on router: Router<AppRequestContext>) {
        router.post(SiteURL.staffPayments.route) { request, context in
            let language = try staff.web.language(context)
            guard let member = try await staff.require(request, .workAgenda) else { return Web.redirect(.staffLogIn, language) }
            let form = try await staff.web.form(RecordForm.self, request)
            let t = Catalogue.of(language)
            do {
                guard let centavos = Money.centavos(parsing: form.amount ?? "") else { throw CitasError(.amountInvalid, detail: "amount") }
                let line = BankLine(
                    reference: (form.reference ?? "").trimmingCharacters(in: .whitespaces),
                    centavos: centavos,
                    paidOn: try LocalDate(form.paidOn ?? ""),
                    bank: (form.bank ?? "").isEmpty ? "—" : form.bank ?? ""
                )
                try await payments.record(line, office: member.role.isNational ? nil : member.offices.sorted().first, actor: member.actor)
            } catch let error as CitasError {
                let problem = FieldProblem(field: "reference", message: error.message(in: language))
                let body = DeskModel(offices: [], settings: [], payments: PaymentForm(language: language, t: t, problems: [problem]))
                return try await staff.page(
                    "staff-desk",
                    title: t.staff.paymentsTitle,
                    member: member,
                    body: body,
                    request: request,
                    language: language,
                    problems: [problem]
                )
            }
            let body = DeskModel(offices: [], settings: [], payments: PaymentForm(language: language, t: t))
            return try await staff.page(
                "staff-desk",
                title: t.staff.paymentsTitle,
                member: member,
                body: body,
                request: request,
                language: language,
                notice: t.staff.recorded
            )
        }
        router.get(SiteURL.staffImport.route) { request, context in
            let language = try staff.web.language(context)
            guard let member = try await staff.require(request, .workAgenda) else { return Web.redirect(.staffLogIn, language) }
            return try await page(request, language, member)
        }
        router.post(SiteURL.staffImport.route) { request, context in
            let language = try staff.web.language(context)
            guard let member = try await staff.require(request, .workAgenda) else { return Web.redirect(.staffLogIn, language) }
            let csv = try await staff.web.form(ImportForm.self, request, limit: 2 * 1024 * 1024).csv ?? ""
            do {
                let count = try await payments.importBankFile(csv, actor: member.actor)
                return try await page(request, language, member, notice: "\(Catalogue.of(language).staff.imported): \(count)")
            } catch let error as CitasError where error.code == .csvInvalid {
                let problems = (error.detail ?? "").split(separator: ";").map {
                    FieldProblem(field: "csv", message: $0.trimmingCharacters(in: .whitespaces))
                }
                return try await page(
                    request,
                    language,
                    member,
                    csv: csv,
                    problems: [FieldProblem(field: "csv", message: error.code.message(in: language))] + problems
                )
            }
        }
    }

    private func page(
        _ request: Request,
        _ language: Language,
        _ member: StaffMember,
        csv: String = "",
        problems: [FieldProblem] = [],
        notice: String? = nil
    )
        async throws -> Response
    {
        let t = Catalogue.of(language)
        let body = ImportModel(action: SiteURL.staffImport.path(language), csv: csv, error: problems.first?.message)
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
}
