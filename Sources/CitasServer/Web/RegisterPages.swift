import CitasDomain
import Hummingbird

/// Registration: the form (every wrong field marked at once, what was typed kept except the password), then
/// "check your e-mail".
struct RegisterPages {
    let web: Web

    /// The form as posted; every field optional so a missing one is a field error, not a decoding failure.
    struct Submitted: Decodable {
        var email: String?
        var curp: String?
        var paternalSurname: String?
        var maternalSurname: String?
        var givenNames: String?
        var birthDate: String?
        var sex: String?
        var birthState: String?
        var phone: String?
        var pow: String?
        var password: String?

        func registration(_ language: Language) -> Registration {
            Registration(
                email: email ?? "",
                password: password ?? "",
                curp: (curp ?? "").uppercased(),
                paternalSurname: paternalSurname ?? "",
                maternalSurname: maternalSurname,
                givenNames: givenNames ?? "",
                birthDate: birthDate ?? "",
                sex: sex ?? "",
                birthState: birthState ?? "",
                phone: phone,
                language: language.rawValue
            )
        }
    }

    func register(on router: Router<AppRequestContext>) {
        router.get(SiteURL.register.route) { request, context in
            try await form(request, try web.language(context), typed: Submitted())
        }
        router.post(SiteURL.register.route) { request, context in
            let language = try web.language(context)
            let submitted = try await web.form(Submitted.self, request)
            let registration = submitted.registration(language)
            let problems = registration.problems(today: web.app.today)
            guard problems.isEmpty else { return try await form(request, language, typed: submitted, errors: problems) }
            do {
                try await web.limiter.check(web.limits.registrations, context)
                try await web.pow.check(submitted.pow, ProofOfWorkBinding(scope: "register"))
                try await web.identity.register(registration)
            } catch let error as CitasError where error.code.httpStatus != .tooManyRequests {
                return try await form(request, language, typed: submitted, errors: [(Self.field(of: error), error)])
            }
            return Web.redirect(.registered, language)
        }
        router.get(SiteURL.registered.route) { request, context in
            let language = try web.language(context)
            let t = Catalogue.of(language)
            let model = MessagePage(heading: t.forms.sentTitle, body: [t.forms.sentBody], link: nil)
            return try await web.page("message", title: t.forms.sentTitle, model: model, request: request, language: language)
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
        errors: [(field: String, error: CitasError)] = []
    ) async throws -> Response {
        let t = Catalogue.of(language)
        // Next to its field, the message needs no detail naming the field or repeating the value.
        let problems = errors.map { FieldProblem(field: $0.field, message: $0.error.code.message(in: language)) }
        let model = FormPage(
            heading: t.forms.registerTitle,
            intro: t.forms.registerIntro,
            action: SiteURL.register.path(language),
            fields: Self.fields(t, typed, problems),
            pow: try await web.challenge(ProofOfWorkBinding(scope: "register")),
            submit: t.forms.registerButton,
            links: [Link(href: SiteURL.logIn.path(language), text: t.forms.logInTitle)]
        )
        let status: HTTPResponse.Status = problems.isEmpty ? .ok : .unprocessableContent
        return try await web.page(
            "form",
            title: t.forms.registerTitle,
            model: model,
            request: request,
            language: language,
            status: status,
            problems: problems
        )
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
            FormField("email", label: f.email, type: "email", value: typed.email ?? "", hint: f.emailHint, problems: problems, autocomplete: "email"),
            FormField("password", label: f.password, type: "password", hint: f.passwordHint, problems: problems, autocomplete: "new-password"),
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
            FormField("birthDate", label: f.birthDate, value: typed.birthDate ?? "", hint: f.birthDateHint, problems: problems, autocomplete: "bday"),
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
            FormField("phone", label: f.phone, type: "tel", value: typed.phone ?? "", problems: problems, required: false, autocomplete: "tel"),
        ]
    }
}
