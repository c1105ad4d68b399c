import CitasDomain
import CitasPersistence
import Hummingbird

/// The staff log-in (its own cookie, SameSite=Strict), log-out and the desk: the member's offices and tools.
struct StaffSessionPages {
    let staff: StaffWeb
    /// Ten attempts per address per quarter hour, counted in the database so every instance agrees; failures are
    /// also counted per member (`LoginFailures`), so guessing from many addresses slows down too.
    static let logInLimit = [RateRule(name: "staff-login", key: .address, limit: 10, window: 900, shared: true)]

    struct LogInForm: Decodable {
        let email: String?
        let password: String?
        let code: String?
    }

    func register(on router: Router<AppRequestContext>) {
        router.get(SiteURL.staffLogIn.route) { request, context in
            let language = try staff.web.language(context)
            // Signed in with the password but not yet enrolled: the second factor page is the way on.
            if try await staff.pendingEnrolment(request) != nil { return Web.redirect(.staffSecondFactor, language) }
            return try await form(request, language)
        }
        router.post(SiteURL.staffLogIn.route) { request, context in
            let language = try staff.web.language(context)
            let submitted = try await staff.web.form(LogInForm.self, request)
            try await staff.web.limiter.check(Self.logInLimit, context)
            let email = String((submitted.email ?? "").prefix(254)).lowercased()
            let failures = staff.web.app.loginFailures
            let (subject, now) = ("staff:\(email)", staff.web.app.clock.now().epoch)
            let wait = try await failures.wait(subject: subject, address: context.clientAddress, now: now)
            guard wait == 0 else { throw CitasError(.rateLimited, retryAfter: wait) }
            let found = try await staff.staff.credentials(email: email)
            let matches = try await staff.hasher.verify(String((submitted.password ?? "").prefix(200)), against: found?.hash ?? PasswordHasher.decoy)
            guard let found, matches else {
                try await failures.recordFailure(subject: subject, address: context.clientAddress, now: now)
                let problem = FieldProblem(field: "email", message: ErrorCode.invalidCredentials.message(in: language))
                return try await form(request, language, email: email, problems: [problem])
            }
            let needsCode = found.role.requiresSecondFactor && found.enrolled
            if needsCode {
                let typed = String((submitted.code ?? "").prefix(40))
                let t = Catalogue.of(language).security
                guard !typed.allSatisfy(\.isWhitespace) else {
                    return try await form(request, language, email: email, problems: [FieldProblem(field: "code", message: t.codeMissing)])
                }
                guard try await staff.secondFactor.accepts(typed, staffId: found.id, now: now) else {
                    try await failures.recordFailure(subject: subject, address: context.clientAddress, now: now)
                    return try await form(request, language, email: email, problems: [FieldProblem(field: "code", message: t.codeWrong)])
                }
            }
            try await failures.recordSuccess(subject: subject, address: context.clientAddress)
            let token = try await staff.staff.startSession(staffId: found.id, secondFactor: needsCode, now: now)
            let enrolling = found.role.requiresSecondFactor && !found.enrolled
            var response = Web.redirect(enrolling ? .staffSecondFactor : .staffDesk, language)
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
            let query = try request.searchText(limit: 60)
            let body = DeskModel(
                offices: offices,
                member: member,
                query: query,
                today: { LocalDate(staff.web.app.clock.now(), in: $0.zone) },
                payments: member.may(.workAgenda) ? PaymentForm(language: language, t: .of(language)) : nil,
                language: language
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

    /// The log-in form; what was typed in the e-mail field stays, the password and code never do.
    private func form(_ request: Request, _ language: Language, email: String = "", problems: [FieldProblem] = []) async throws -> Response {
        let t = Catalogue.of(language)
        let model = FormPage(
            heading: t.staff.logInTitle,
            action: SiteURL.staffLogIn.path(language),
            fields: [
                FormField("email", label: t.forms.email, type: "email", value: email, problems: problems, autocomplete: "username"),
                FormField("password", label: t.forms.password, type: "password", autocomplete: "current-password"),
                FormField(
                    "code",
                    label: t.security.code,
                    hint: t.security.codeHint,
                    problems: problems,
                    required: false,
                    autocomplete: "one-time-code"
                ),
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
    /// One office the member works at: its counter for today and, for those who manage it, its settings.
    struct OfficeLinks: Sendable {
        let name: String
        let detail: String
        let counter: String?
        let settings: String?
    }

    /// The offices of one state (or the consulates of one country), in name order.
    struct Group: Sendable {
        let title: String
        let offices: [OfficeLinks]
    }

    let groups: [Group]
    /// False on the desk that only shows the payment form.
    let showOffices: Bool
    let hasOffices: Bool
    /// The office search, shown when the member works at more offices than fit on a screen.
    let searchable: Bool
    let query: String
    let action: String
    let payments: PaymentForm?

    init(
        offices: [Office],
        member: StaffMember,
        query: String,
        today: (Office) -> LocalDate,
        payments: PaymentForm?,
        language: Language
    ) {
        // Any mark between words separates them (a browser's GET form sends spaces as "+").
        let words = AgendaQuery.fold(query).split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
        let shown = offices.filter { office in
            let text = AgendaQuery.fold("\(office.name) \(office.city) \(office.stateName) \(office.code)")
            return words.allSatisfy { text.contains($0) }
        }
        groups = Dictionary(grouping: shown, by: \.stateName).sorted { $0.key < $1.key }.map { state, offices in
            Group(
                title: state,
                offices: offices.sorted { $0.name < $1.name }.map { office in
                    OfficeLinks(
                        name: office.name,
                        detail: "\(office.city) · \(office.code)",
                        counter: member.may(.readAgenda, office: office.code)
                            ? SiteURL.staffAgenda(office.code).path(language) + "?date=\(today(office))" : nil,
                        settings: member.may(.manageOffice, office: office.code) ? SiteURL.staffSettings(office.code).path(language) : nil
                    )
                }
            )
        }
        showOffices = true
        hasOffices = !shown.isEmpty
        searchable = offices.count > 5
        self.query = query
        action = SiteURL.staffDesk.path(language)
        self.payments = payments
    }

    /// The desk showing only the payment form (after recording one).
    init(payments: PaymentForm) {
        groups = []
        showOffices = false
        hasOffices = false
        searchable = false
        query = ""
        action = ""
        self.payments = payments
    }
}

/// The form that records one payment by its reference.
struct PaymentForm: Sendable {
    let action: String
    let fields: [FormField]

    init(language: Language, t: Catalogue, typed: PaymentPages.RecordForm = PaymentPages.RecordForm(), problems: [FieldProblem] = []) {
        action = SiteURL.staffPayments.path(language)
        fields = [
            FormField("reference", label: t.staff.reference, value: typed.reference ?? "", hint: t.counter.referenceHint, problems: problems),
            FormField("amount", label: t.staff.amount, value: typed.amount ?? "", hint: t.counter.amountHint, problems: problems),
            FormField("paidOn", label: t.staff.paidOn, value: typed.paidOn ?? "", hint: t.counter.paidOnHint, problems: problems),
            FormField("bank", label: t.staff.bank, value: typed.bank ?? "", hint: t.counter.bankHint, problems: problems, required: false),
        ]
    }
}
