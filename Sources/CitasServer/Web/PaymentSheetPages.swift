import CitasDomain
import CitasPersistence
import Hummingbird

/// The citizen's payment sheet ("hoja de ayuda"): chosen discount → amount due (less a still valid earlier payment)
/// → a reference with check digits to pay at any bank.
struct PaymentSheetPages {
    let web: Web

    struct Submitted: Decodable {
        let discount: String?
        /// A household member's id, for their own sheet; their validity is chosen on it.
        let member: String?
        let validity: String?
    }

    func register(on router: Router<AppRequestContext>) {
        router.get(SiteURL.paymentSheet.route) { request, context in
            let language = try web.language(context)
            guard let context = try await web.signedIn(request, context) else { return Web.redirect(.logIn, language) }
            let account = try await web.app.verifiedAccount(try context.requireAccount())
            let member = try await member(request.uri.queryParameters.get("for").map { String($0) }, of: account)
            return try await page(request, language, account, member: member)
        }
        router.post(SiteURL.paymentSheet.route) { request, context in
            let language = try web.language(context)
            guard let context = try await web.signedIn(request, context) else { return Web.redirect(.logIn, language) }
            let account = try await web.app.verifiedAccount(try context.requireAccount())
            let form = try await web.form(Submitted.self, request)
            let discount = FeeDiscount(rawValue: form.discount ?? "") ?? .none
            let member = try await member(form.member, of: account)
            do {
                let chosen = member == nil ? account.validityYears : form.validity.flatMap { Int($0) }
                guard let validity = chosen else { throw CitasError(.validityNotAllowed) }
                let (curp, birthDate) = member.map { ($0.curp, $0.identity.birthDate) } ?? (account.curp, account.identity.birthDate)
                let year = web.app.today.year
                let credit = try await web.app.payments.credit(curp: curp)?.paidCentavos ?? 0
                let due = try FeeCalculator.due(
                    try await web.app.fees.schedule(),
                    year: year,
                    validityYears: validity,
                    discount: discount,
                    birthDate: birthDate,
                    today: web.app.today,
                    credit: credit
                )
                _ = try await web.app.payments.issue(
                    curp: curp,
                    validityYears: validity,
                    discount: discount,
                    feeYear: year,
                    due: due,
                    credit: credit
                )
            } catch let error as CitasError {
                let field = error.code == .validityNotAllowed && member != nil ? "validity" : "discount"
                return try await page(
                    request,
                    language,
                    account,
                    member: member,
                    problems: [FieldProblem(field: field, message: error.code.message(in: language))]
                )
            }
            return Web.redirect(.paymentSheet, language, query: member.map { "?for=\($0.id)" } ?? "")
        }
    }

    /// The member of the holder's household named by `id`; nil for none, `dependent_not_found` for anyone else's.
    private func member(_ id: String?, of account: Account) async throws -> Dependent? {
        guard let id, !id.isEmpty else { return nil }
        guard let number = Int(id), let member = try await web.app.dependents.list(accountId: account.id).first(where: { $0.id == number })
        else { throw CitasError(.dependentNotFound) }
        return member
    }

    private func page(
        _ request: Request,
        _ language: Language,
        _ account: Account,
        member: Dependent? = nil,
        problems: [FieldProblem] = []
    ) async throws -> Response {
        let t = Catalogue.of(language)
        let sheet = try await web.app.payments.latest(curp: member?.curp ?? account.curp)
        let model = PaymentSheetModel(
            sheet: sheet,
            member: member,
            t: t,
            formats: Formats(language: language),
            language: language,
            problems: problems
        )
        return try await web.page(
            "payment",
            title: member.map { "\(t.account.paymentTitle) · \($0.identity.fullName)" } ?? t.account.paymentTitle,
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
    /// Whose sheet it is when not the holder's, and the hidden field that says so.
    let memberName: String?
    let memberId: String?

    init(sheet: Payment?, member: Dependent? = nil, t: Catalogue, formats: Formats, language: Language, problems: [FieldProblem]) {
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
        memberName = member?.identity.fullName
        memberId = member.map { "\($0.id)" }
        // A member's validity is chosen here (the holder's comes from their procedure, on Mi cuenta).
        let validity = member.map { _ in
            FormField(
                "validity",
                label: a.validity,
                hint: a.validityNote,
                problems: problems,
                options: ProcedureChoice.validities.map {
                    FormField.Option(value: "\($0)", label: $0 == 1 ? a.oneYear : "\($0) \(a.years)", selected: $0 == 3)
                }
            )
        }
        fields =
            (validity.map { [$0] } ?? []) + [
                FormField(
                    "discount",
                    label: a.discount,
                    problems: problems,
                    options: FeeDiscount.allCases.map { FormField.Option(value: $0.rawValue, label: names[$0] ?? $0.rawValue, selected: $0 == .none) }
                )
            ]
    }
}
