import CitasDomain
import CitasPersistence
import Hummingbird

/// The call centre books for a caller under the same rules as online; the appointment records channel `phone`
/// and the agent as actor. Agents are limited per agent, in the database, like citizens are per account.
struct PhonePages {
    let staff: StaffWeb
    static let limit = [RateRule(name: "phone:agent", key: .account, limit: 200, window: 3600, shared: true)]

    struct Submitted: Decodable {
        let curp: String?
        let office: String?
        let date: String?
        let time: String?
    }

    func register(on router: Router<AppRequestContext>) {
        router.get(SiteURL.staffPhone.route) { request, context in
            let language = try staff.web.language(context)
            guard let member = try await staff.require(request, .bookByPhone) else { return Web.redirect(.staffLogIn, language) }
            return try await page(request, language, member, typed: Submitted(curp: nil, office: nil, date: nil, time: nil))
        }
        router.post(SiteURL.staffPhone.route) { request, context in
            let language = try staff.web.language(context)
            guard let member = try await staff.require(request, .bookByPhone) else { return Web.redirect(.staffLogIn, language) }
            let form = try await staff.web.form(Submitted.self, request)
            var agentContext = context
            agentContext.accountId = member.actor
            do {
                try await staff.web.limiter.check(Self.limit, agentContext)
                let office = try await staff.web.app.offices.require(form.office ?? "")
                let booked = try await staff.web.app.appointments.book(
                    BookingRequest(
                        curp: try Curp(validating: (form.curp ?? "").uppercased(), today: staff.web.app.today),
                        officeCode: office.code,
                        date: try LocalDate(form.date ?? ""),
                        time: try LocalTime(form.time ?? ""),
                        actor: member.actor,
                        channel: .phone
                    )
                )
                return try await page(request, language, member, typed: form, notice: "\(Catalogue.of(language).staff.phoneBooked) \(booked.folio)")
            } catch let error as CitasError where error.code != .rateLimited {
                return try await page(
                    request,
                    language,
                    member,
                    typed: form,
                    problems: [FieldProblem(field: "curp", message: error.message(in: language))]
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
        let model = FormPage(
            heading: t.staff.phoneTitle,
            intro: t.staff.phoneIntro,
            action: SiteURL.staffPhone.path(language),
            fields: [
                FormField("curp", label: t.forms.curp, value: typed.curp ?? "", hint: t.forms.curpHint, problems: problems),
                FormField("office", label: t.staff.officeCode, value: typed.office ?? ""),
                FormField("date", label: t.staff.date, value: typed.date ?? "", hint: t.forms.birthDateHint),
                FormField("time", label: t.staff.time, value: typed.time ?? ""),
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
