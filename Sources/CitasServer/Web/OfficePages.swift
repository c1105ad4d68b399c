import CitasDomain
import CitasPersistence
import Foundation
import Hummingbird

/// Offices by state with search, one office's released days and next draw, one day's free times; waiting for a
/// seat (or a move), booking and moving an appointment. Every action goes through `CitizenActions`, like the API.
struct OfficePages {
    let web: Web
    let actions: CitizenActions
    let horizonDays: Int

    /// The standing-request form; with a household, whom it is for comes apart (`HouseholdTicks`).
    struct DrawForm: Decodable {
        let timeOfDay: String?
        let from: String?
        let through: String?
        let pow: String?
    }

    /// The booking form. `from` is the folio the page offered to move (absent: the page offered a booking), so a
    /// form submitted again from the browser's history never books twice or moves an appointment silently.
    struct SlotForm: Decodable {
        let date: String?
        let time: String?
        let pow: String?
        let from: String?
    }

    func register(on router: Router<AppRequestContext>) {
        router.get(SiteURL.offices.route) { request, context in
            let language = try web.language(context)
            let t = Catalogue.of(language)
            let query = try request.searchText(limit: 60)
            let model = OfficeListModel(
                try await web.app.offices.all(),
                free: try await web.app.slots.freeSeatsByOffice(),
                next: try await web.app.allocations.nextReleases(),
                query: query,
                t: t,
                language: language
            )
            return try await web.page("offices", title: t.offices.title, model: model, request: request, language: language)
        }
        router.get(SiteURL.office(":code").route) { request, context in
            let language = try web.language(context)
            return try await officePage(request, context, language, office: try await web.app.offices.require(try context.parameters.require("code")))
        }
        router.get(SiteURL.officeDay(":code", ":date").route) { request, context in
            let language = try web.language(context)
            let office = try await web.app.offices.require(try context.parameters.require("code"))
            return try await dayPage(request, context, language, office: office, date: try LocalDate(try context.parameters.require("date")))
        }
        router.post(SiteURL.drawRequest(":code").route) { request, context in
            let language = try web.language(context)
            guard let signedIn = try await web.signedIn(request, context) else { return Web.redirect(.logIn, language) }
            let office = try await web.app.offices.require(try context.parameters.require("code"))
            let (form, ticks) = try await web.form(DrawForm.self, with: HouseholdTicks.self, request)
            do {
                let wish = CitizenActions.Wish(office: office.code, timeOfDay: form.timeOfDay, from: form.from, through: form.through)
                let people = ticks.household ?? (holder: true, members: [])
                _ = try await actions.requestSeat(
                    wish,
                    proof: form.pow,
                    channel: .web,
                    context: signedIn,
                    members: people.members,
                    holder: people.holder
                )
            } catch let error as CitasError where error.code != .rateLimited {
                return try await officePage(
                    request,
                    signedIn,
                    language,
                    office: office,
                    problem: FieldProblem(field: error.code == .nobodyChosen ? "member" : "timeOfDay", message: error.message(in: language)),
                    status: error.code.httpStatus
                )
            }
            return Web.redirect(.account, language, query: "?done=joined")
        }
        router.post(SiteURL.book(":code").route) { request, context in
            let language = try web.language(context)
            guard let signedIn = try await web.signedIn(request, context) else { return Web.redirect(.logIn, language) }
            let office = try await web.app.offices.require(try context.parameters.require("code"))
            let (form, ticks) = try await web.form(SlotForm.self, with: HouseholdTicks.self, request)
            let slot = CitizenActions.SlotChoice(office: office.code, date: form.date ?? "", time: form.time ?? "")
            var done = "?done=booked"
            do {
                if let household = ticks.household, household.holder == false || !household.members.isEmpty {
                    return try await bookForHousehold(household, slot: slot, proof: form.pow, context: signedIn, language: language)
                }
                let curp = try await actions.verifiedCurp(signedIn)
                let current = try await web.app.appointments.current(curp: curp)
                // The same form sent again (Back, reload from history) after it worked: answer with what it made.
                if let current, current.officeCode == office.code, current.date.description == slot.date, current.time.description == slot.time {
                    return Web.redirect(.appointment, language, query: form.from == nil ? "?done=booked" : "?done=same")
                }
                switch (form.from, current) {
                case (nil, nil):
                    _ = try await actions.book(slot, proof: form.pow, channel: .web, context: signedIn)
                case (let from?, let current?) where from == current.folio:
                    _ = try await actions.reschedule(try Folio(validating: current.folio), to: slot, proof: form.pow, context: signedIn)
                    done = "?done=moved&was=\(current.date)T\(current.time)"
                case (nil, _?):
                    throw CitasError(.curpHasLiveAppointment)
                default:
                    throw StaleMove()
                }
            } catch let error as CitasError where error.code != .rateLimited {
                return try await dayPage(
                    request,
                    signedIn,
                    language,
                    office: office,
                    date: form,
                    problem: error.message(in: language),
                    field: error.code == .nobodyChosen ? "member" : "time",
                    status: error.code.httpStatus
                )
            } catch is StaleMove {
                let text = Catalogue.of(language).offices.staleMove
                return try await dayPage(request, signedIn, language, office: office, date: form, problem: text, status: .conflict)
            }
            return Web.redirect(.appointment, language, query: done)
        }
    }

    /// Books for the people ticked (members, and the holder if ticked), all or none. The same form sent again
    /// answers with what it made: when everyone ticked already has an appointment at this office and day.
    private func bookForHousehold(
        _ household: (holder: Bool, members: [Int]),
        slot: CitizenActions.SlotChoice,
        proof: String?,
        context: AppRequestContext,
        language: Language
    ) async throws -> Response {
        guard household.holder || !household.members.isEmpty else { throw CitasError(.nobodyChosen) }
        let holder = try await actions.verifiedAccount(context)
        let all = try await web.app.dependents.list(accountId: holder.id)
        let members = try household.members.map { id in
            guard let member = all.first(where: { $0.id == id }) else { throw CitasError(.dependentNotFound) }
            return Curp(stored: member.curp)
        }
        let people = (household.holder ? [Curp(stored: holder.curp)] : []) + members
        var current: [Appointment] = []
        for person in people { if let live = try await web.app.appointments.current(curp: person) { current.append(live) } }
        let repeated = current.count == people.count && current.allSatisfy { $0.officeCode == slot.office && $0.date.description == slot.date }
        if !repeated {
            _ = try await actions.bookHousehold(slot, holder: household.holder, members: members, proof: proof, context: context)
        }
        return Web.redirect(.family, language, query: "?done=booked")
    }

    /// A move form whose appointment is no longer the one it offered to move.
    private struct StaleMove: Error {}

    /// The day page again after a refused booking, with the refusal on the time field.
    private func dayPage(
        _ request: Request,
        _ context: AppRequestContext,
        _ language: Language,
        office: Office,
        date form: SlotForm,
        problem: String,
        field: String = "time",
        status: HTTPResponse.Status
    ) async throws -> Response {
        let date = (try? LocalDate(form.date ?? "")) ?? web.app.today
        return try await dayPage(
            request,
            context,
            language,
            office: office,
            date: date,
            problem: FieldProblem(field: field, message: problem),
            status: status
        )
    }

    private func officePage(
        _ request: Request,
        _ context: AppRequestContext,
        _ language: Language,
        office: Office,
        problem: FieldProblem? = nil,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let t = Catalogue.of(language)
        let today = LocalDate(web.app.clock.now(), in: office.zone)
        let days = try await web.app.slots.availability(office: office.code, from: today, through: today.adding(days: horizonDays))
        let ready = try await readiness(request, context)
        let pow =
            ready.canAct
            ? try await web.challenge(ProofOfWorkBinding(scope: "draw", office: office.code, account: ready.accountId), language: language)
            : nil
        let model = OfficeModel(
            office: office,
            days: days,
            next: try await web.app.allocations.nextRelease(office: office.code),
            waiting: try await web.app.requests.waiting(office: office.code),
            pow: pow,
            needsProcedure: ready.needsProcedure,
            household: try await householdChoice(
                ready.accountId,
                hint: \.waitTogetherHint,
                error: problem?.field == "member" ? problem?.message : nil,
                language: language
            ),
            t: t,
            language: language
        )
        return try await web.page(
            "office",
            title: office.name,
            model: model,
            request: request,
            language: language,
            status: status,
            problems: problem.map { [$0] } ?? []
        )
    }

    private func dayPage(
        _ request: Request,
        _ context: AppRequestContext,
        _ language: Language,
        office: Office,
        date: LocalDate,
        problem: FieldProblem? = nil,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let t = Catalogue.of(language)
        let formats = Formats(language: language)
        let ready = try await readiness(request, context)
        let pow =
            ready.canAct
            ? try await web.challenge(ProofOfWorkBinding(scope: "book", office: office.code, account: ready.accountId), language: language)
            : nil
        let soon = web.app.clock.now().addingTimeInterval(TimeInterval(web.app.policy.changeLeadTime))
        let times = try await web.app.slots.slots(office: office.code, on: date).filter { $0.free > 0 }.map {
            OfficeDayModel.Time(
                value: $0.time.description,
                label: "\(formats.time($0.time)) · \(formats.count($0.free)) \(t.offices.freeSeats)"
                    + ($0.startsAt < soon ? " · \(t.offices.soonMark)" : ""),
                id: "time-\($0.time.minutes)",
                soon: $0.startsAt < soon
            )
        }
        let model = OfficeDayModel(
            office: office.name,
            day: formats.date(date),
            date: date.description,
            zone: ZoneNames.human(office.timeZone, city: office.city, language: language),
            times: times,
            hasTimes: !times.isEmpty,
            action: SiteURL.book(office.code).path(language),
            submit: ready.current == nil ? t.offices.bookButton : t.offices.moveButton,
            from: ready.current?.folio,
            soonWarning: times.contains { $0.soon },
            pow: pow,
            canAct: pow != nil,
            needsProcedure: ready.needsProcedure,
            accountLink: SiteURL.account.path(language),
            timeError: problem?.field == "time" ? problem?.message : nil,
            household: try await householdChoice(
                ready.accountId,
                hint: \.togetherHint,
                error: problem?.field == "member" ? problem?.message : nil,
                language: language
            )
        )
        return try await web.page(
            "office-day",
            title: "\(office.name) · \(formats.date(date))",
            model: model,
            request: request,
            language: language,
            status: status,
            problems: problem.map { [$0] } ?? []
        )
    }

    /// The household part of the booking and waiting forms: the holder (ticked), then each member; nil without a
    /// household.
    private func householdChoice(
        _ accountId: String?,
        hint: KeyPath<FamilyText, String>,
        error: String?,
        language: Language
    ) async throws -> HouseholdChoice? {
        guard let accountId, let holder = try await web.app.accounts.account(id: accountId) else { return nil }
        let members = try await web.app.dependents.list(accountId: accountId)
        guard !members.isEmpty else { return nil }
        let t = Catalogue.of(language).family
        let me = HouseholdChoice.Choice(
            name: "member0",
            value: "self",
            label: t.yourself.replacingOccurrences(of: "{name}", with: holder.identity.fullName),
            checked: true
        )
        let others = members.enumerated().map { index, member in
            HouseholdChoice.Choice(name: "member\(index + 1)", value: "\(member.id)", label: member.identity.fullName, checked: false)
        }
        return HouseholdChoice(choices: [me] + others, hint: t[keyPath: hint], error: error)
    }

    /// Whether the visitor may act here: signed in, verified, with a procedure chosen.
    private func readiness(
        _ request: Request,
        _ context: AppRequestContext
    ) async throws -> (accountId: String?, canAct: Bool, needsProcedure: Bool, current: Appointment?) {
        guard let accountId = try await web.accountId(request), let account = try await web.app.accounts.account(id: accountId), account.isVerified
        else {
            return (nil, false, false, nil)
        }
        let current = try await web.app.appointments.current(curp: Curp(stored: account.curp))
        return (accountId, account.procedure != nil, account.procedure == nil, current)
    }
}

/// The household part of the booking and waiting forms: `member0` = "self" for the holder, `member1`… a member's id
/// each, ticked in checkboxes (plain field names), and `hasHousehold` set by forms that show them.
struct HouseholdTicks: Decodable {
    let member0: String?
    let member1: String?
    let member2: String?
    let member3: String?
    let member4: String?
    let member5: String?
    let member6: String?
    let hasHousehold: String?

    /// The people ticked, holder first; nil when the form had no household part. Ticking nobody on a form that showed
    /// the household is (false, []), an error for the caller, never "the holder".
    var household: (holder: Bool, members: [Int])? {
        let values = [member0, member1, member2, member3, member4, member5, member6]
        guard values.contains(where: { $0 != nil }) || hasHousehold == "1" else { return nil }
        return (member0 == "self", values.dropFirst().compactMap { $0.flatMap(Int.init) })
    }
}
