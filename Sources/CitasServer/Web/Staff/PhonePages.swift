import CitasDomain
import CitasPersistence
import Hummingbird

/// The call centre: an agent enters a caller's standing request under the same rules as the web. The caller's CURP
/// must agree with the names, birth date, sex and state they declare (the same check as registration); the request
/// then waits for the office's allocator like anyone's, so an agent has no first-come path either. Limited per
/// agent and per office in the database, audited with the agent as actor.
struct PhonePages {
    let staff: StaffWeb
    static let agentLimit = RateRule(name: "phone:agent", key: .account, limit: 200, window: 3600, shared: true)

    /// Requests all agents together may enter for one office in an hour.
    static func officeLimit(_ office: String) -> RateRule {
        RateRule(name: "phone:office:\(office)", key: .shared, limit: 500, window: 3600, shared: true)
    }

    struct Submitted: Decodable {
        var curp: String?
        var paternalSurname: String?
        var maternalSurname: String?
        var givenNames: String?
        var birthDate: String?
        var sex: String?
        var birthState: String?
        var office: String?
        var timeOfDay: String?
        var from: String?
        var through: String?

        static let empty = Submitted()

        /// The identity part as a registration, with stand-ins for what a caller does not give (e-mail, password).
        var registration: Registration {
            Registration(
                email: "valid@example.com",
                password: "Valid#Passport2026",
                curp: (curp ?? "").uppercased(),
                paternalSurname: paternalSurname ?? "",
                maternalSurname: maternalSurname,
                givenNames: givenNames ?? "",
                birthDate: birthDate ?? "",
                sex: sex ?? "",
                birthState: birthState ?? "",
                phone: nil,
                language: nil
            )
        }

        var typed: RegisterPages.Submitted {
            RegisterPages.Submitted(
                curp: curp,
                paternalSurname: paternalSurname,
                maternalSurname: maternalSurname,
                givenNames: givenNames,
                birthDate: birthDate,
                sex: sex,
                birthState: birthState
            )
        }
    }

    func register(on router: Router<AppRequestContext>) {
        router.get(SiteURL.staffPhone.route) { request, context in
            let language = try staff.web.language(context)
            guard let member = try await staff.require(request, .bookByPhone) else { return Web.redirect(.staffLogIn, language) }
            return try await page(request, language, member, typed: .empty)
        }
        router.post(SiteURL.staffPhone.route) { request, context in
            let language = try staff.web.language(context)
            guard let member = try await staff.require(request, .bookByPhone) else { return Web.redirect(.staffLogIn, language) }
            let form = try await staff.web.form(Submitted.self, request)
            var agentContext = context
            agentContext.accountId = member.actor
            let app = staff.web.app
            // Every attempt counts, refused ones too: an agent cannot probe CURPs faster than the limit.
            try await staff.web.limiter.check([Self.agentLimit], agentContext)
            let identityProblems = form.registration.problems(today: app.today)
            guard identityProblems.isEmpty else {
                let problems = identityProblems.map { FieldProblem(field: $0.field, message: $0.error.message(in: language)) }
                return try await page(request, language, member, typed: form, problems: problems)
            }
            do {
                let (_, curp, identity, _, _) = try form.registration.validated(today: app.today)
                try await staff.web.identity.registry.confirm(curp, identity: identity)
                let office = try await app.offices.require(form.office ?? "")
                try await staff.web.limiter.check([Self.officeLimit(office.code)], agentContext)
                guard let time = SeatPreference.TimeOfDay(rawValue: form.timeOfDay ?? "any") else { throw CitasError(.timeOfDayInvalid) }
                let preference = try SeatPreference(
                    timeOfDay: time,
                    from: try form.from.flatMap { $0.isEmpty ? nil : try LocalDate($0) },
                    through: try form.through.flatMap { $0.isEmpty ? nil : try LocalDate($0) }
                )
                let filed = try await app.requests.request(
                    curp: curp,
                    office: office.code,
                    preference: preference,
                    origin: .phone(
                        agent: member.actor,
                        accountId: try await app.accounts.account(emailOrCurp: curp.value)?.id,
                        callerName: identity.fullName
                    )
                )
                let notice = "\(Catalogue.of(language).staff.phoneBooked) \(filed.id)"
                return try await page(request, language, member, typed: .empty, notice: notice)
            } catch let error as CitasError where error.code != .rateLimited {
                let field = [.officeNotFound: "office", .timeOfDayInvalid: "timeOfDay", .invalidDate: "from", .invalidDateRange: "through"][
                    error.code
                ]
                return try await page(
                    request,
                    language,
                    member,
                    typed: form,
                    problems: [FieldProblem(field: field ?? Registration.field(of: error), message: error.message(in: language))]
                )
            }
        }
    }

    private func page(
        _ request: Request,
        _ language: Language,
        _ member: StaffMember,
        typed: Submitted,
        problems: [FieldProblem] = [],
        notice: String? = nil
    )
        async throws -> Response
    {
        let t = Catalogue.of(language)
        let offices = try await staff.web.app.offices.all()
        let identity = RegisterPages.fields(t, typed.typed, problems).filter { !["email", "password", "phone"].contains($0.name) }
        let model = FormPage(
            heading: t.staff.phoneTitle,
            intro: t.staff.phoneIntro,
            action: SiteURL.staffPhone.path(language),
            fields: identity + [
                FormField(
                    "office",
                    label: t.staff.officeCode,
                    problems: problems,
                    options: [FormField.Option(value: "", label: "—", selected: typed.office == nil)]
                        + offices.map { FormField.Option(value: $0.code, label: "\($0.name) (\($0.code))", selected: typed.office == $0.code) }
                ),
                FormField(
                    "timeOfDay",
                    label: t.offices.timeOfDay,
                    problems: problems,
                    options: [("any", t.offices.anyTime), ("morning", t.offices.morning), ("afternoon", t.offices.afternoon)].map {
                        FormField.Option(value: $0.0, label: $0.1, selected: $0.0 == (typed.timeOfDay ?? "any"))
                    }
                ),
                FormField(
                    "from",
                    label: t.offices.fromDate,
                    type: "date",
                    value: typed.from ?? "",
                    hint: t.offices.dateRangeHint,
                    problems: problems,
                    required: false
                ),
                FormField(
                    "through",
                    label: t.offices.throughDate,
                    type: "date",
                    value: typed.through ?? "",
                    hint: t.offices.dateRangeHint,
                    problems: problems,
                    required: false
                ),
            ],
            submit: t.staff.phoneButton
        )
        let body = StaffPage(nav: StaffNav(member, language: language), body: model)
        return try await staff.web.page(
            "staff-form",
            title: t.staff.phoneTitle,
            model: body,
            request: request,
            language: language,
            problems: problems,
            notice: notice
        )
    }
}
