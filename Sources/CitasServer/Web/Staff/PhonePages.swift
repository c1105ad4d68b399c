import CitasDomain
import CitasPersistence
import Foundation
import Hummingbird

/// The call centre: an agent books a caller into a free time of the office and day they ask for, or enters their
/// standing request, under the same rules as the web. The caller's CURP must agree with the names, birth date, sex
/// and state they declare (the same check as registration). Free times are the seats open to anyone, so booking one
/// by phone is no faster path than the web; everything else waits for the office's allocator. Limited per agent and
/// per office in the database, audited with the agent as actor.
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
        var callerPhone: String?
        var office: String?
        /// The day the caller asks for, as typed (DD/MM/AAAA or AAAA-MM-DD).
        var date: String?
        /// A free time picked from the list, or one typed ("9:00").
        var time: String?
        var typedTime: String?
        var timeOfDay: String?
        var from: String?
        var through: String?
        /// Which button: `find` the day's free times, `book` one, or `wait` for a seat.
        var step: String?

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

    /// A refusal about one field of the form.
    private struct Refused: Error {
        let field: String
        let error: CitasError
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
            // Every attempt counts, refused ones too: an agent cannot probe CURPs faster than the limit.
            try await staff.web.limiter.check([Self.agentLimit], agentContext)
            let identityProblems = form.registration.problems(today: staff.web.app.today)
            guard identityProblems.isEmpty else {
                let problems = identityProblems.map { FieldProblem(field: $0.field, message: $0.error.message(in: language)) }
                return try await page(request, language, member, typed: form, problems: problems)
            }
            do {
                return try await act(request, form, member: member, context: agentContext, language: language)
            } catch let refused as Refused {
                let problem = FieldProblem(field: refused.field, message: refused.error.message(in: language))
                return try await page(request, language, member, typed: form, problems: [problem], status: refused.error.code.httpStatus)
            } catch let error as CitasError where error.code != .rateLimited {
                let problem = FieldProblem(field: Registration.field(of: error), message: error.message(in: language))
                return try await page(request, language, member, typed: form, problems: [problem], status: error.code.httpStatus)
            }
        }
    }

    /// Checks the caller and the office, then does what the pressed button asks: list the day's free times, book
    /// one, or file a standing request.
    private func act(
        _ request: Request,
        _ form: Submitted,
        member: StaffMember,
        context: AppRequestContext,
        language: Language
    ) async throws -> Response {
        let app = staff.web.app
        let (_, curp, identity, _, _) = try form.registration.validated(today: app.today)
        try await staff.web.identity.registry.confirm(curp, identity: identity)
        let phone: String
        do throws(CitasError) {
            guard let typed = try Registration.phone(form.callerPhone) else { throw CitasError(.fieldMissing, detail: "phone") }
            phone = typed
        } catch { throw Refused(field: "callerPhone", error: error) }
        guard let office = try await app.offices.find(form.office ?? "") else { throw Refused(field: "office", error: CitasError(.officeNotFound)) }
        try await staff.web.limiter.check([Self.officeLimit(office.code)], context)
        let account = try await app.accounts.account(emailOrCurp: curp.value)
        let day = try Self.day(form.date)
        switch (form.step, day) {
        case ("book", let day?):
            guard let time = LocalTime.typed(form.typedTime ?? "") ?? LocalTime.typed(form.time ?? "") else {
                throw Refused(field: "time", error: CitasError(.invalidTime))
            }
            var booking = BookingRequest(curp: curp, officeCode: office.code, date: day, time: time, actor: member.actor, channel: .phone)
            if account == nil { booking.caller = BookingRequest.Caller(name: identity.fullName, phone: phone) }
            let booked: Appointment
            do {
                booked = try await staff.web.limiter.counting { try await app.appointments.book(booking) }
            } catch let error as CitasError where error.code != .rateLimited && error.code != .curpHasLiveAppointment {
                throw Refused(field: "time", error: error)
            }
            return try await confirmation(request, booked, office: office, member: member, language: language)
        case ("find", let day?), (nil, let day?):
            return try await page(request, language, member, typed: form, day: (office, day))
        case ("find", nil), ("book", nil):
            throw Refused(field: "date", error: CitasError(.fieldMissing, detail: "date"))
        case (let step?, _) where step != "wait":
            // Only the page's own buttons: anything else is a forged form, and nothing is filed.
            throw CitasError(.formInvalid)
        default:
            guard let time = SeatPreference.TimeOfDay(rawValue: form.timeOfDay ?? "any") else {
                throw Refused(field: "timeOfDay", error: CitasError(.timeOfDayInvalid))
            }
            let preference: SeatPreference
            do throws(CitasError) {
                preference = try SeatPreference(timeOfDay: time, from: try Self.day(form.from), through: try Self.day(form.through))
            } catch { throw Refused(field: "through", error: error) }
            let filed = try await app.requests.request(
                curp: curp,
                office: office.code,
                preference: preference,
                origin: .phone(agent: member.actor, accountId: account?.id, callerName: identity.fullName, callerPhone: phone)
            )
            let notice = "\(Catalogue.of(language).staff.phoneBooked) \(filed.id)"
            return try await page(request, language, member, typed: .empty, notice: notice)
        }
    }

    /// A day as typed, or nil when left empty.
    private static func day(_ text: String?) throws(CitasError) -> LocalDate? {
        let text = (text ?? "").trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { return nil }
        guard let day = LocalDate.typed(text) else { throw CitasError(.invalidDate, detail: "date") }
        return day
    }

    /// The booked appointment, with the folio in groups to read out.
    private func confirmation(
        _ request: Request,
        _ booked: Appointment,
        office: Office,
        member: StaffMember,
        language: Language
    ) async throws -> Response {
        let t = Catalogue.of(language)
        let formats = Formats(language: language)
        let when = t.phone.bookedAt.replacingOccurrences(of: "{office}", with: office.name)
            .replacingOccurrences(of: "{day}", with: formats.date(booked.date)).replacingOccurrences(of: "{time}", with: formats.time(booked.time))
        let body = PhoneBookedModel(
            folio: (try? Folio(validating: booked.folio))?.spoken ?? booked.folio,
            when: when,
            again: SiteURL.staffPhone.path(language)
        )
        return try await staff.page(
            "staff-phone-booked",
            title: t.phone.bookedTitle,
            member: member,
            body: body,
            request: request,
            language: language
        )
    }

    private func page(
        _ request: Request,
        _ language: Language,
        _ member: StaffMember,
        typed: Submitted,
        day: (office: Office, date: LocalDate)? = nil,
        problems: [FieldProblem] = [],
        status: HTTPResponse.Status? = nil,
        notice: String? = nil
    )
        async throws -> Response
    {
        let t = Catalogue.of(language)
        let identity = RegisterPages.fields(t, typed.typed, problems).filter { !["email", "password", "phone"].contains($0.name) }
        var times: [OfficeDayModel.Time]?
        if let day {
            let formats = Formats(language: language)
            times = try await staff.web.app.slots.slots(office: day.office.code, on: day.date).filter { $0.free > 0 }.map {
                OfficeDayModel.Time(
                    value: $0.time.description,
                    label: "\(formats.time($0.time)) · \(formats.count($0.free)) \(t.offices.freeSeats)",
                    id: "time-\($0.time.minutes)",
                    soon: false
                )
            }
        }
        let body = PhoneModel(
            typed: typed,
            identity: identity,
            offices: try await staff.web.app.offices.all(),
            day: day.map { (Formats(language: language).date($0.date), times ?? []) },
            problems: problems,
            language: language
        )
        return try await staff.page(
            "staff-phone",
            title: t.staff.phoneTitle,
            member: member,
            body: body,
            request: request,
            language: language,
            status: status ?? (problems.isEmpty ? .ok : .unprocessableContent),
            problems: problems,
            notice: notice
        )
    }
}

/// The model of `staff-phone.mustache`: the caller, the office (grouped by state), the day and its free times, and
/// the waiting-list preferences.
struct PhoneModel: Sendable {
    struct Option: Sendable {
        let value: String
        let label: String
        let selected: Bool
    }

    struct Group: Sendable {
        let label: String
        let options: [Option]
    }

    let action: String
    let identity: [FormField]
    let phone: FormField
    let groups: [Group]
    let officeError: String?
    let date: FormField
    let dayTitle: String?
    let times: [OfficeDayModel.Time]
    let hasTimes: Bool
    let noTimes: Bool
    let typedTime: FormField
    let timeError: String?
    let waitFields: [FormField]

    init(
        typed: PhonePages.Submitted,
        identity: [FormField],
        offices: [Office],
        day: (words: String, times: [OfficeDayModel.Time])?,
        problems: [FieldProblem],
        language: Language
    ) {
        let t = Catalogue.of(language)
        action = SiteURL.staffPhone.path(language)
        self.identity = identity
        phone = FormField(
            "callerPhone",
            label: t.phone.callerPhone,
            type: "tel",
            value: typed.callerPhone ?? "",
            hint: t.phone.callerPhoneHint,
            problems: problems,
            autocomplete: "off"
        )
        groups = Dictionary(grouping: offices, by: \.stateName).sorted { $0.key < $1.key }.map { state, offices in
            Group(
                label: state,
                options: offices.sorted { $0.name < $1.name }.map {
                    Option(value: $0.code, label: "\($0.name) · \($0.city)", selected: typed.office == $0.code)
                }
            )
        }
        officeError = problems.first { $0.field == "office" }?.message
        date = FormField("date", label: t.phone.date, value: typed.date ?? "", hint: t.phone.dateHint, problems: problems, required: false)
        dayTitle = day.map { t.phone.freeTimes.replacingOccurrences(of: "{day}", with: $0.words) }
        times = day?.times ?? []
        hasTimes = !times.isEmpty
        noTimes = day != nil && times.isEmpty
        typedTime = FormField(
            "typedTime",
            label: t.phone.typedTime,
            value: typed.typedTime ?? "",
            hint: t.phone.typedTimeHint,
            problems: problems,
            required: false
        )
        timeError = problems.first { $0.field == "time" }?.message
        waitFields = [
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
            FormField("through", label: t.offices.throughDate, type: "date", value: typed.through ?? "", problems: problems, required: false),
        ]
    }
}

/// The model of `staff-phone-booked.mustache`.
struct PhoneBookedModel: Sendable {
    let folio: String
    let when: String
    let again: String
}
