import CitasDomain
import Foundation
import Hummingbird

/// Registration, CURP first: the person types their CURP; the next page holds the whole form with the birth date
/// (three numeric fields), sex and state the CURP encodes already filled in, asking "¿Son correctos?". Every wrong
/// field is marked at once (a throw-away e-mail domain included), what was typed is kept except the password, and
/// a refusal for too many attempts keeps it too. Then "check your e-mail".
struct RegisterPages {
    let web: Web

    /// The form as posted; every field optional so a missing one is a field error, not a decoding failure. `step`
    /// is `curp` for the first page's CURP alone.
    struct Submitted: Decodable {
        var step: String?
        var email: String?
        var curp: String?
        var paternalSurname: String?
        var maternalSurname: String?
        var givenNames: String?
        var birthDay: String?
        var birthMonth: String?
        var birthYear: String?
        /// `YYYY-MM-DD` in one field, as older forms and scripts send it; the three fields win when given.
        var birthDate: String?
        var sex: String?
        var birthState: String?
        var phone: String?
        var pow: String?
        var password: String?

        /// The birth date as the domain reads it: day, month and year typed apart become `YYYY-MM-DD` (one digit is
        /// padded; anything else is passed on as typed, so it fails as `invalid_date`).
        var typedBirthDate: String {
            let parts = [birthYear, birthMonth, birthDay].map { ($0 ?? "").trimmingCharacters(in: .whitespaces) }
            guard parts.contains(where: { !$0.isEmpty }) else { return birthDate ?? "" }
            let padded = parts.enumerated().map { index, part in index > 0 && part.count == 1 && part.allSatisfy(\.isNumber) ? "0" + part : part }
            return padded.joined(separator: "-")
        }

        func registration(_ language: Language) -> Registration {
            Registration(
                email: email ?? "",
                password: password ?? "",
                curp: (curp ?? "").uppercased().trimmingCharacters(in: .whitespaces),
                paternalSurname: paternalSurname ?? "",
                maternalSurname: maternalSurname,
                givenNames: givenNames ?? "",
                birthDate: typedBirthDate,
                sex: sex ?? "",
                birthState: birthState ?? "",
                phone: phone,
                language: language.rawValue
            )
        }

        /// The same person with what the CURP says filled in where nothing was typed.
        func filling(from details: CurpDetails) -> Submitted {
            var filled = self
            let empty = { (value: String?) in (value ?? "").isEmpty }
            if empty(birthDay) && empty(birthMonth) && empty(birthYear) {
                filled.birthDay = String(details.birthDate.day)
                filled.birthMonth = String(details.birthDate.month)
                filled.birthYear = String(details.birthDate.year)
            }
            if empty(sex) { filled.sex = details.sex }
            if empty(birthState) { filled.birthState = details.birthState }
            return filled
        }
    }

    func register(on router: Router<AppRequestContext>) {
        router.get(SiteURL.register.route) { request, context in
            try await curpPage(request, try web.language(context), typed: Submitted())
        }
        router.post(SiteURL.register.route) { request, context in
            let language = try web.language(context)
            let submitted = try await web.form(Submitted.self, request)
            if submitted.step == "curp" { return try await afterCurp(request, language, submitted) }
            let registration = submitted.registration(language)
            var problems = registration.problems(today: web.app.today)
            if !problems.contains(where: { $0.field == "email" }), let disposable = try await web.identity.disposable(registration.email) {
                problems.append(("email", disposable))
            }
            guard problems.isEmpty else { return try await form(request, language, typed: submitted, errors: problems) }
            do {
                try await web.limiter.check(web.limits.registrations, context)
                try await web.pow.check(submitted.pow, ProofOfWorkBinding(scope: "register"))
                try await web.identity.register(registration)
            } catch let error as CitasError {
                return try await form(request, language, typed: submitted, errors: [(Self.field(of: error), error)])
            }
            // The next page names the address the link went to (kept an hour, on this browser only).
            var response = Web.redirect(.registered, language)
            response.setCookie(
                Cookie(
                    name: Self.sentCookie,
                    value: PercentEncoding.query(registration.email.trimmingCharacters(in: .whitespaces)),
                    maxAge: 3600,
                    path: "/",
                    secure: web.secureCookies,
                    httpOnly: true,
                    sameSite: .lax
                )
            )
            return response
        }
        router.get(SiteURL.registered.route) { request, context in
            try await sentPage(request, try web.language(context))
        }
        router.post(SiteURL.resendVerification.route) { request, context in
            let language = try web.language(context)
            let typed = try await web.form(Resend.self, request).email ?? ""
            let email = typed.isEmpty ? Self.sentAddress(request) ?? "" : typed
            try await web.identity.resendVerification(email: email, clientAddress: context.clientAddress)
            return try await sentPage(request, language, notice: Catalogue.of(language).forms.resent)
        }
    }

    /// The resend form: the address typed, or none when the page already knows it.
    struct Resend: Decodable {
        let email: String?
    }

    /// Remembers, for the "check your e-mail" page, where the link went.
    static let sentCookie = "citas_registered"

    static func sentAddress(_ request: Request) -> String? {
        request.cookies[sentCookie]?.value.removingPercentEncoding.flatMap { $0.isEmpty ? nil : String($0.prefix(254)) }
    }

    /// "Check your e-mail": the address the link went to, and a button to send it again.
    private func sentPage(_ request: Request, _ language: Language, notice: String? = nil) async throws -> Response {
        let t = Catalogue.of(language).forms
        let address = Self.sentAddress(request)
        let model = FormPage(
            heading: t.sentTitle,
            intro: address.map { t.sentTo.replacingOccurrences(of: "{email}", with: $0) } ?? t.sentBody,
            action: SiteURL.resendVerification.path(language),
            fields: address == nil ? [FormField("email", label: t.email, type: "email", autocomplete: "email")] : [],
            submit: t.resendButton,
            links: [Link(href: SiteURL.logIn.path(language), text: t.logInTitle)]
        )
        return try await web.page("form", title: t.sentTitle, model: model, request: request, language: language, notice: notice)
    }

    /// The first page: the CURP alone.
    private func curpPage(_ request: Request, _ language: Language, typed: Submitted, problem: FieldProblem? = nil) async throws -> Response {
        let t = Catalogue.of(language)
        let model = FormPage(
            heading: t.forms.registerTitle,
            intro: t.forms.curpFirstIntro,
            action: SiteURL.register.path(language),
            hidden: [Hidden(name: "step", value: "curp")],
            fields: [FormField("curp", label: t.forms.curp, value: typed.curp ?? "", hint: t.forms.curpHint, problems: problem.map { [$0] } ?? [])],
            submit: t.forms.continueButton,
            links: [
                Link(href: "https://www.gob.mx/curp/", text: t.forms.findCurp), Link(href: SiteURL.logIn.path(language), text: t.forms.logInTitle),
            ]
        )
        return try await web.page(
            "form",
            title: t.forms.registerTitle,
            model: model,
            request: request,
            language: language,
            problems: problem.map { [$0] } ?? []
        )
    }

    /// A valid CURP opens the whole form with what it encodes filled in; a wrong one is said on the first page.
    private func afterCurp(_ request: Request, _ language: Language, _ submitted: Submitted) async throws -> Response {
        let typed = (submitted.curp ?? "").uppercased().trimmingCharacters(in: .whitespaces)
        do {
            let curp = try Curp(validating: typed, today: web.app.today)
            var filled = submitted.filling(from: await web.identity.details(of: curp))
            filled.curp = curp.value
            return try await form(request, language, typed: filled, confirming: true)
        } catch let error as CitasError {
            return try await curpPage(
                request,
                language,
                typed: submitted,
                problem: FieldProblem(field: "curp", message: error.code.message(in: language))
            )
        }
    }

    /// Proof-of-work failures belong to the form as a whole; everything else to its field.
    static func field(of error: CitasError) -> String {
        error.code.rawValue.hasPrefix("pow_") ? "pow" : Registration.field(of: error)
    }

    private func form(
        _ request: Request,
        _ language: Language,
        typed: Submitted,
        errors: [(field: String, error: CitasError)] = [],
        confirming: Bool = false
    ) async throws -> Response {
        let t = Catalogue.of(language)
        // Next to its field, the message needs no detail naming the field or repeating the value; a refusal for too
        // many attempts says how long to wait, in words.
        let order = Self.fields(t, Submitted(), []).map(\.name) + ["pow"]
        let problems = errors.sorted { (order.firstIndex(of: $0.field) ?? order.count) < (order.firstIndex(of: $1.field) ?? order.count) }.map {
            // The date is typed in three boxes here, so the API's "YYYY-MM-DD" wording would mislead.
            var message = $0.error.code == .invalidDate ? t.forms.birthDateInvalid : $0.error.code.message(in: language)
            if let wait = $0.error.retryAfter {
                message += " " + Formats(language: language).tryAgain(after: wait)
            }
            return FieldProblem(field: $0.field, message: message)
        }
        let model = FormPage(
            heading: t.forms.registerTitle,
            intro: confirming ? t.forms.confirmDetails : t.forms.registerIntro,
            action: SiteURL.register.path(language),
            fields: Self.fields(t, typed, problems),
            pow: try await web.challenge(ProofOfWorkBinding(scope: "register"), language: language),
            submit: t.forms.registerButton,
            links: [Link(href: SiteURL.logIn.path(language), text: t.forms.logInTitle)]
        )
        let limited = errors.first { $0.error.code == .rateLimited }?.error
        var response = try await web.page(
            "form",
            title: t.forms.registerTitle,
            model: model,
            request: request,
            language: language,
            status: limited == nil ? (problems.isEmpty ? .ok : .unprocessableContent) : .tooManyRequests,
            problems: problems
        )
        if let wait = limited?.retryAfter { response.headers[.retryAfter] = String(wait) }
        return response
    }

    static func fields(_ t: Catalogue, _ typed: Submitted, _ problems: [FieldProblem]) -> [FormField] {
        let f = t.forms
        let sexes = [("M", f.sexWoman), ("H", f.sexMan), ("X", f.sexX)].map {
            FormField.Option(value: $0.0, label: $0.1, selected: typed.sex == $0.0)
        }
        let states = (CurpStates.named + [("NE", f.bornAbroad)]).map {
            FormField.Option(value: $0.0, label: $0.1, selected: typed.birthState == $0.0)
        }
        return [
            FormField("curp", label: f.curp, value: typed.curp ?? "", hint: f.curpHint, problems: problems),
            FormField(
                "paternalSurname",
                label: f.paternalSurname,
                value: typed.paternalSurname ?? "",
                problems: problems,
                autocomplete: "family-name"
            ),
            FormField("maternalSurname", label: f.maternalSurname, value: typed.maternalSurname ?? "", problems: problems, required: false),
            FormField("givenNames", label: f.givenNames, value: typed.givenNames ?? "", problems: problems, autocomplete: "given-name"),
            FormField(
                "birthDate",
                label: f.birthDate,
                hint: f.birthDateHint,
                problems: problems,
                dateParts: [
                    FormField.DatePart(name: "birthDay", label: f.day, value: typed.birthDay ?? "", size: "day"),
                    FormField.DatePart(name: "birthMonth", label: f.month, value: typed.birthMonth ?? "", size: "month"),
                    FormField.DatePart(name: "birthYear", label: f.year, value: typed.birthYear ?? "", size: "year"),
                ]
            ),
            FormField(
                "sex",
                label: f.sex,
                problems: problems,
                options: [FormField.Option(value: "", label: "—", selected: typed.sex == nil)] + sexes
            ),
            FormField(
                "birthState",
                label: f.birthState,
                problems: problems,
                options: [FormField.Option(value: "", label: "—", selected: typed.birthState == nil)] + states
            ),
            FormField("email", label: f.email, type: "email", value: typed.email ?? "", hint: f.emailHint, problems: problems, autocomplete: "email"),
            FormField("password", label: f.password, type: "password", hint: f.passwordHint, problems: problems, autocomplete: "new-password"),
            FormField("phone", label: f.phone, type: "tel", value: typed.phone ?? "", problems: problems, required: false, autocomplete: "tel"),
        ]
    }
}
