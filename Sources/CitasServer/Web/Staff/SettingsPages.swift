import CitasDomain
import CitasPersistence
import Foundation
import Hummingbird

/// Office managers' changes: the street address, the release schedule, closing a day (listing the appointments in the way, then on
/// confirmation cancelling them and mailing their holders), and a day's seats per time slot.
struct SettingsPages {
    let staff: StaffWeb

    struct Submitted: Decodable {
        let time: String?
        let daysAhead: String?
        let date: String?
        let reason: String?
        let capacity: String?
        let confirm: String?
        let slotMinutes: String?
        let counters: String?
        let address: String?
    }

    func register(on router: Router<AppRequestContext>) {
        router.get(SiteURL.staffSettings(":code").route) { request, context in
            let language = try staff.web.language(context)
            let office = try await staff.web.app.offices.require(try context.parameters.require("code"))
            guard let member = try await staff.require(request, .manageOffice, office: office.code) else {
                return Web.redirect(.staffLogIn, language)
            }
            return try await page(
                request,
                language,
                member,
                office,
                notice: request.uri.queryParameters.get("done") != nil ? Catalogue.of(language).staff.done : nil
            )
        }
        router.post(SiteURL.staffSettingsAction(":code", ":action").route) { request, context in
            let language = try staff.web.language(context)
            let office = try await staff.web.app.offices.require(try context.parameters.require("code"))
            guard let member = try await staff.require(request, .manageOffice, office: office.code) else {
                return Web.redirect(.staffLogIn, language)
            }
            let (form, week) = try await staff.web.form(Submitted.self, with: WeekForm.self, request)
            do {
                switch try context.parameters.require("action") {
                case "release": try await release(office, form, member)
                case "address":
                    let now = staff.web.app.clock.now().epoch
                    try await staff.web.app.offices.setAddress(office: office.code, to: form.address ?? "", actor: member.actor, now: now)
                case "plan":
                    let plan = try OpeningPlan(
                        hours: try week.hours(),
                        breaks: try week.breaks(),
                        slotMinutes: Int(form.slotMinutes ?? "") ?? 0,
                        counters: Int(form.counters ?? "") ?? -1
                    )
                    try await staff.web.app.offices.setPlan(office: office.code, to: plan, actor: member.actor, now: staff.web.app.clock.now().epoch)
                case "close":
                    switch try await close(office, form, member, language) {
                    case .pending(let folios): return try await page(request, language, member, office, pending: folios, form: form)
                    case .closed(let cancelled) where !cancelled.isEmpty:
                        let notice = Catalogue.of(language).staff.closedDay.replacingOccurrences(of: "{n}", with: "\(cancelled.count)")
                        let toCall = cancelled.filter { !$0.mailed }
                        return try await page(request, language, member, office, notice: notice, toCall: toCall)
                    case .closed: break
                    }
                case "capacity":
                    let date = try LocalDate(form.date ?? "")
                    try await staff.web.app.slots.setCapacity(
                        office: office.code,
                        date: date,
                        capacity: Int(form.capacity ?? "") ?? -1,
                        actor: member.actor
                    )
                default: throw CitasError(.notFound)
                }
            } catch let error as CitasError where error.code != .staffForbidden {
                // A refusal about the hours goes beside the hours form, the rest at the top.
                let field = ["plan", "week"].contains(error.detail) || error.code == .invalidPlan ? "plan-title" : "settings"
                return try await page(
                    request,
                    language,
                    member,
                    office,
                    problems: [FieldProblem(field: field, message: error.message(in: language))]
                )
            }
            return Web.redirect(.staffSettings(office.code), language, query: "?done=1")
        }
    }

    /// The opening hours as a week of "opens"/"closes" pairs (`open1`…`open7`, Monday first; both empty: closed)
    /// and one break, each time read as typed ("8:00", "8", "14:30").
    struct WeekForm: Decodable {
        let open1, open2, open3, open4, open5, open6, open7: String?
        let close1, close2, close3, close4, close5, close6, close7: String?
        let breakFrom: String?
        let breakTo: String?

        func hours() throws(CitasError) -> [Int: TimeSpan] {
            let opens = [open1, open2, open3, open4, open5, open6, open7]
            let closes = [close1, close2, close3, close4, close5, close6, close7]
            var hours: [Int: TimeSpan] = [:]
            for day in 0..<7 {
                if let span = try Self.span(opens[day], closes[day]) { hours[day + 1] = span }
            }
            // An office that opens on no day is a form left empty, not a plan.
            guard !hours.isEmpty else { throw CitasError(.invalidPlan, detail: "plan") }
            return hours
        }

        func breaks() throws(CitasError) -> [TimeSpan] {
            try Self.span(breakFrom, breakTo).map { [$0] } ?? []
        }

        /// Both empty: none. One empty, or a time that is not one: refused, beside the hours form.
        private static func span(_ from: String?, _ to: String?) throws(CitasError) -> TimeSpan? {
            let (from, to) = ((from ?? "").trimmingCharacters(in: .whitespaces), (to ?? "").trimmingCharacters(in: .whitespaces))
            if from.isEmpty && to.isEmpty { return nil }
            guard let start = LocalTime.typed(from), let end = LocalTime.typed(to) else { throw CitasError(.invalidTime, detail: "plan") }
            return try TimeSpan(start: start, end: end)
        }
    }

    private func release(_ office: Office, _ form: Submitted, _ member: StaffMember) async throws {
        let schedule = try ReleaseSchedule(timeOfDay: try LocalTime(form.time ?? ""), daysAhead: Int(form.daysAhead ?? "") ?? -1)
        try await staff.web.app.offices.setRelease(office: office.code, to: schedule, actor: member.actor, now: staff.web.app.clock.now().epoch)
    }

    /// What closing a day came to: the folios in the way (not yet confirmed), or the appointments it cancelled.
    private enum Closing {
        case pending([String])
        case closed([ClosedAppointment])
    }

    /// Closes the day, or returns the folios in the way when the manager has not confirmed cancelling them.
    private func close(_ office: Office, _ form: Submitted, _ member: StaffMember, _ language: Language) async throws -> Closing {
        guard let date = LocalDate.typed(form.date ?? "") else { throw CitasError(.invalidDate, detail: "date") }
        let reason = String((form.reason ?? "").prefix(200))
        guard !reason.isEmpty else { throw CitasError(.fieldMissing, detail: "reason") }
        do {
            try await staff.web.app.slots.closeDay(office: office.code, date: date, reason: reason, actor: member.actor)
            return .closed([])
        } catch let error as CitasError where error.code == .dayHasBookings && form.confirm == nil {
            return .pending((error.detail ?? "").split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) })
        } catch let error as CitasError where error.code == .dayHasBookings {
            let base = staff.web.identity.settings.publicURL
            return .closed(
                try await staff.web.app.slots.closeDay(office: office.code, date: date, reason: reason, actor: member.actor) {
                    recipient,
                    language,
                    folio in
                    MailTemplates.cancelledByOffice(
                        to: recipient,
                        folio: folio,
                        office: office.name,
                        date: date,
                        reason: reason,
                        rebookLink: base + SiteURL.offices.path(language),
                        language: language
                    )
                }
            )
        }
    }

    private func page(
        _ request: Request,
        _ language: Language,
        _ member: StaffMember,
        _ office: Office,
        pending: [String] = [],
        form: Submitted? = nil,
        problems: [FieldProblem] = [],
        notice: String? = nil,
        toCall: [ClosedAppointment] = []
    ) async throws -> Response {
        let body = SettingsModel(
            office: office,
            pending: pending,
            date: form?.date ?? "",
            reason: form?.reason ?? "",
            toCall: toCall,
            language: language
        )
        return try await staff.page(
            "staff-settings",
            title: Catalogue.of(language).staff.settingsTitle,
            member: member,
            body: body,
            request: request,
            language: language,
            status: problems.isEmpty ? .ok : .conflict,
            problems: problems,
            notice: notice
        )
    }
}

/// The model of `staff-settings.mustache`.
struct SettingsModel: Sendable {
    let office: String
    let releaseAction: String
    let planAction: String
    let addressAction: String
    let address: String
    /// One row per weekday, Monday first: its name and the times it opens and closes (empty: closed).
    let week: [WeekDay]
    let breakFrom: String
    let breakTo: String
    let slotMinutes: Int
    let counters: Int
    let closeAction: String
    let capacityAction: String
    let time: String
    let daysAhead: Int
    let pending: [String]
    let confirming: Bool
    let date: String
    let reason: String
    /// After closing a day: the people no e-mail reached (phone callers without an account), to call.
    let toCall: [Link]
    let hasToCall: Bool

    init(office: Office, pending: [String], date: String, reason: String, toCall: [ClosedAppointment], language: Language) {
        self.toCall = toCall.map { closed in
            Link(
                href: "tel:" + (closed.callerPhone ?? "").filter { $0.isNumber || $0 == "+" },
                text: "\(closed.time) · \(closed.callerName ?? "—") · \(closed.callerPhone ?? "—") · \(closed.folio)"
            )
        }
        hasToCall = !toCall.isEmpty
        self.office = office.name
        releaseAction = SiteURL.staffSettingsAction(office.code, "release").path(language)
        planAction = SiteURL.staffSettingsAction(office.code, "plan").path(language)
        addressAction = SiteURL.staffSettingsAction(office.code, "address").path(language)
        address = office.address
        let names = Catalogue.of(language).staff.weekdays
        week = (1...7).map { day in
            let span = office.plan.hours[day]
            return WeekDay(number: day, name: names[day - 1], opens: span?.start.description ?? "", closes: span?.end.description ?? "")
        }
        breakFrom = office.plan.breaks.first?.start.description ?? ""
        breakTo = office.plan.breaks.first?.end.description ?? ""
        slotMinutes = office.plan.slotMinutes
        counters = office.plan.counters
        closeAction = SiteURL.staffSettingsAction(office.code, "close").path(language)
        capacityAction = SiteURL.staffSettingsAction(office.code, "capacity").path(language)
        time = office.release.timeOfDay.description
        daysAhead = office.release.daysAhead
        self.pending = pending
        confirming = !pending.isEmpty
        self.date = date
        self.reason = reason
    }
}

/// One weekday of the opening-hours form.
struct WeekDay: Sendable {
    let number: Int
    let name: String
    let opens: String
    let closes: String
}
