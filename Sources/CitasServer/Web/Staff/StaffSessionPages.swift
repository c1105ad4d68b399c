import CitasDomain
import CitasPersistence
import Hummingbird

/// The staff log-in (its own cookie, SameSite=Strict), log-out and the desk: the member's offices and tools.
struct StaffSessionPages {
    let staff: StaffWeb
    /// Ten attempts per address per quarter hour, counted in the database so every instance agrees.
    static let logInLimit = [RateRule(name: "staff-login", key: .address, limit: 10, window: 900, shared: true)]

    struct LogInForm: Decodable {
        let email: String?
        let password: String?
    }

    func register(on router: Router<AppRequestContext>) {
        router.get(SiteURL.staffLogIn.route) { request, context in
            try await form(request, try staff.web.language(context))
        }
        router.post(SiteURL.staffLogIn.route) { request, context in
            let language = try staff.web.language(context)
            let submitted = try await staff.web.form(LogInForm.self, request)
            try await staff.web.limiter.check(Self.logInLimit, context)
            let found = try await staff.staff.credentials(email: String((submitted.email ?? "").prefix(254)))
            let matches = try await staff.hasher.verify(String((submitted.password ?? "").prefix(200)), against: found?.hash ?? PasswordHasher.decoy)
            guard let found, matches else {
                let problem = FieldProblem(field: "email", message: ErrorCode.invalidCredentials.message(in: language))
                return try await form(request, language, problems: [problem])
            }
            let token = try await staff.staff.startSession(staffId: found.id, now: staff.web.app.clock.now().epoch)
            var response = Web.redirect(.staffDesk, language)
            response.setCookie(
                Cookie(name: StaffWeb.cookie, value: token.value, path: "/", secure: staff.web.secureCookies, httpOnly: true, sameSite: .strict)
            )
            return response
        }
        router.post(SiteURL.staffLogOut.route) { request, context in
            let language = try staff.web.language(context)
            _ = try await staff.web.form(LogInForm.self, request)
            if let value = request.cookies[StaffWeb.cookie]?.value, value.count <= 128 {
                try await staff.staff.endSession(SecretToken(value: value), now: staff.web.app.clock.now().epoch)
            }
            var response = Web.redirect(.staffLogIn, language)
            response.setCookie(
                Cookie(name: StaffWeb.cookie, value: "", maxAge: 0, path: "/", secure: staff.web.secureCookies, httpOnly: true, sameSite: .strict)
            )
            return response
        }
        router.get(SiteURL.staffDesk.route) { request, context in
            let language = try staff.web.language(context)
            guard let member = try await staff.member(request) else { return Web.redirect(.staffLogIn, language) }
            let offices = try await staff.web.app.offices.all().filter { member.role.isNational || member.offices.contains($0.code) }
            let body = DeskModel(
                offices: offices.filter { member.may(.readAgenda, office: $0.code) }.map {
                    Link(
                        href: SiteURL.staffAgenda($0.code).path(language) + "?date=\(LocalDate(staff.web.app.clock.now(), in: $0.zone))",
                        text: $0.name
                    )
                },
                settings: offices.filter { member.may(.manageOffice, office: $0.code) }.map {
                    Link(href: SiteURL.staffSettings($0.code).path(language), text: $0.name)
                },
                payments: member.may(.workAgenda) ? PaymentForm(language: language, t: .of(language)) : nil
            )
            return try await staff.page(
                "staff-desk",
                title: Catalogue.of(language).staff.deskTitle,
                member: member,
                body: body,
                request: request,
                language: language
            )
        }
    }

    private func form(_ request: Request, _ language: Language, problems: [FieldProblem] = []) async throws -> Response {
        let t = Catalogue.of(language)
        let model = FormPage(
            heading: t.staff.logInTitle,
            action: SiteURL.staffLogIn.path(language),
            fields: [
                FormField("email", label: t.forms.email, type: "email", problems: problems, autocomplete: "username"),
                FormField("password", label: t.forms.password, type: "password", autocomplete: "current-password"),
            ],
            submit: t.forms.logInButton
        )
        return try await staff.web.page(
            "form",
            title: t.staff.logInTitle,
            model: model,
            request: request,
            language: language,
            status: problems.isEmpty ? .ok : .unauthorized,
            problems: problems
        )
    }
}

/// The desk: the member's offices (links to today's agenda) and, for clerks, the payment form.
struct DeskModel: Sendable {
    let offices: [Link]
    let settings: [Link]
    let payments: PaymentForm?
}

/// The form that records one payment by its reference.
struct PaymentForm: Sendable {
    let action: String
    let fields: [FormField]

    init(language: Language, t: Catalogue, problems: [FieldProblem] = []) {
        action = SiteURL.staffPayments.path(language)
        fields = [
            FormField("reference", label: t.staff.reference, problems: problems),
            FormField("amount", label: t.staff.amount, problems: problems),
            FormField("bank", label: t.staff.bank, problems: problems),
            FormField("paidOn", label: t.staff.paidOn, problems: problems),
        ]
    }
}
