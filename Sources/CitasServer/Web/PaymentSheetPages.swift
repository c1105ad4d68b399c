import CitasDomain
import CitasPersistence
import Hummingbird

/// The citizen's payment sheet ("hoja de ayuda"): chosen discount → amount due (less a still valid earlier payment)
/// → a reference with check digits to pay at any bank.
struct PaymentSheetPages {
    let web: Web

    struct Submitted: Decodable {
        let discount: String?
    }

    func register(on router: Router<AppRequestContext>) {
        router.get(SiteURL.paymentSheet.route) { request, context in
            let language = try web.language(context)
            guard let context = try await web.signedIn(request, context) else { return Web.redirect(.logIn, language) }
            let account = try await web.app.verifiedAccount(try context.requireAccount())
            return try await page(request, language, account)
        }
        router.post(SiteURL.paymentSheet.route) { request, context in
            let language = try web.language(context)
            guard let context = try await web.signedIn(request, context) else { return Web.redirect(.logIn, language) }
            let account = try await web.app.verifiedAccount(try context.requireAccount())
            let discount = FeeDiscount(rawValue: try await web.form(Submitted.self, request).discount ?? "") ?? .none
            do {
                guard let validity = account.validityYears else { throw CitasError(.validityNotAllowed) }
                let year = web.app.today.year
                let credit = try await web.app.payments.credit(curp: account.curp)?.paidCentavos ?? 0
                let due = try FeeCalculator.due(
                    try await web.app.fees.schedule(),
                    year: year,
                    validityYears: validity,
                    discount: discount,
                    birthDate: account.identity.birthDate,
                    today: web.app.today,
                    credit: credit
                )
                _ = try await web.app.payments.issue(
                    curp: account.curp,
                    validityYears: validity,
                    discount: discount,
                    feeYear: year,
                    due: due,
                    credit: credit
                )
            } catch let error as CitasError {
                return try await page(
                    request,
                    language,
                    account,
                    problems: [FieldProblem(field: "discount", message: error.code.message(in: language))]
                )
            }
            return Web.redirect(.paymentSheet, language)
        }
    }

    private func page(_ request: Request, _ language: Language, _ account: Account, problems: [FieldProblem] = []) async throws -> Response {
        let t = Catalogue.of(language)
        let sheet = try await web.app.payments.latest(curp: account.curp)
        let model = PaymentSheetModel(sheet: sheet, t: t, formats: Formats(language: language), language: language, problems: problems)
        return try await web.page(
            "payment",
            title: t.account.paymentTitle,
            model: model,
            request: request,
            language: language,
            problems: problems
        )
    }
}

/// The model of `payment.mustache`.
struct PaymentSheetModel: Sendable {
    let reference: String?
    let amount: String?
    let credit: String?
    let validity: String?
    let discount: String?
    let paid: String?
    let action: String
    let fields: [FormField]

    init(sheet: Payment?, t: Catalogue, formats: Formats, language: Language, problems: [FieldProblem]) {
        let a = t.account
        let names: [FeeDiscount: String] = [
            .none: a.discountNone, .senior: a.discountSenior, .disability: a.discountDisability, .agricultural: a.discountAgricultural,
        ]
        reference = sheet.map { formats.reference($0.reference) }
        amount = sheet.map { formats.money(centavos: $0.dueCentavos) }
        credit = sheet.flatMap { $0.creditCentavos > 0 ? formats.money(centavos: $0.creditCentavos) : nil }
        validity = sheet.map { "\($0.validityYears) \(a.years)" }
        discount = sheet.map { names[$0.discount] ?? "" }
        paid = sheet.flatMap { sheet in sheet.paidOn.map { "\(a.paidOn) \(formats.date($0))" } ?? (sheet.isPaid ? nil : a.unpaid) }
        action = SiteURL.paymentSheet.path(language)
        fields = [
            FormField(
                "discount",
                label: a.discount,
                problems: problems,
                options: FeeDiscount.allCases.map { FormField.Option(value: $0.rawValue, label: names[$0] ?? $0.rawValue, selected: $0 == .none) }
            )
        ]
    }
}
