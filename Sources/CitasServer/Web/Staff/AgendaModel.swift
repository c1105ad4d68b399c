import CitasDomain
import CitasPersistence
import Foundation

/// The model of `staff-agenda.mustache`: the counter screen of an office-day.
struct AgendaModel: Sendable {
    /// One appointment with the steps the member may take on it now. Every step's form returns to `back`, which
    /// ends in the row's anchor, so the clerk's place in a long day is kept.
    struct Row: Sendable {
        let folio: String
        let anchor: String
        let curp: String
        let name: String
        let time: String
        let turn: String?
        let status: String
        let channel: String
        let procedure: String?
        let payment: String
        let paid: Bool
        /// Who must come with a household member, in words.
        let guardians: String?
        let minor: Bool
        let document: String?
        let notes: String
        let hasNotes: Bool
        let checkInAction: String?
        let callAction: String?
        let called: Bool
        let attendAction: String?
        let noShowAction: String?
        let noteAction: String?
        let issueAction: String?
        let back: String
        /// Why the last step on this row was refused, when it was.
        let problem: String?

        init(_ row: AgendaRow, member: StaffMember, language: Language, back: String, now: Date, problem: String? = nil) {
            let t = Catalogue.of(language)
            let canWork = member.may(.workAgenda, office: row.officeCode)
            folio = row.folio
            anchor = "row-\(row.folio)"
            curp = row.curp
            name = row.name
            time = "\(row.date) \(row.time)"
            turn = row.turn.map(Turn.label)
            status = Self.label(row.status, t)
            channel = Self.channel(row.channel, t)
            procedure = row.household?.kind == .minor ? t.account.name(of: .minor) : row.procedure.map(t.account.name(of:))
            payment = [PaymentState.none: t.counter.noSheet, .unpaid: t.counter.unpaid, .paid: t.counter.paid][row.payment] ?? ""
            paid = row.payment == .paid
            guardians = row.household.map { Self.guardians($0, t.staff) }
            minor = row.household?.kind == .minor
            document = row.identityDocument
            notes = row.notes
            hasNotes = !row.notes.isEmpty
            func step(_ name: String, when allowed: Bool) -> String? {
                canWork && allowed ? SiteURL.staffAgendaAction(row.folio, name).path(language) : nil
            }
            checkInAction = step("check-in", when: row.status == .booked)
            callAction = step("call", when: row.status == .checkedIn)
            called = row.called
            attendAction = step("attended", when: row.status == .checkedIn)
            noShowAction = step("no-show", when: row.status == .booked && row.startsAt < Int(now.timeIntervalSince1970))
            noteAction = step("note", when: true)
            issueAction = step("issue", when: row.status == .attended)
            self.back = back + "#row-\(row.folio)"
            self.problem = problem
        }

        /// The OP-7 sentence for a minor, the guardianship one for a ward.
        static func guardians(_ household: Guardianship, _ t: StaffText) -> String {
            func person(_ name: String, _ curp: String) -> String {
                let name = name.trimmingCharacters(in: .whitespaces)
                return curp.isEmpty ? name : "\(name) (\(curp))"
            }
            let holder = person(household.holderName, household.holderCurp)
            switch household.kind {
            case .minor:
                let second = household.secondName.isEmpty ? t.secondUnknown : person(household.secondName, household.secondCurp)
                return t.op7Row.replacingOccurrences(of: "{holder}", with: holder).replacingOccurrences(of: "{second}", with: second)
            case .ward:
                return t.wardRow.replacingOccurrences(of: "{holder}", with: holder).replacingOccurrences(of: "{reason}", with: household.reason)
            }
        }

        /// How the appointment was made, in words.
        static func channel(_ code: String, _ t: Catalogue) -> String {
            switch code {
            case "phone": t.staff.channelPhone
            case "draw": t.staff.channelDraw
            case "api": t.staff.channelAPI
            default: t.staff.channelWeb
            }
        }

        static func label(_ status: AppointmentStatus, _ t: Catalogue) -> String {
            switch status {
            case .booked: t.appointment.statusBooked
            case .checkedIn: t.appointment.statusCheckedIn
            case .attended: t.staff.statusAttended
            case .noShow: t.staff.statusNoShow
            case .cancelled: t.staff.statusCancelled
            }
        }
    }

    /// A link of the state filter, with its count.
    struct Filter: Sendable {
        let label: String
        let href: String
        let current: Bool
    }

    let office: String
    let day: String
    let date: String
    let action: String
    let previous: String
    let next: String
    let today: String?
    let counts: [(label: String, value: String)]
    let filters: [Filter]
    let query: String
    let searched: String?
    let clear: String?
    let rows: [Row]
    let empty: Bool
    /// The next page's address when the day holds more than this page.
    let nextPage: String?
    let screen: String

    /// Where the counter is looking: the office-day, a state filter, a search, a page.
    struct View: Sendable {
        let office: Office
        let date: LocalDate
        let today: LocalDate
        let status: AppointmentStatus?
        let query: String
        let after: AgendaCursor?
    }

    init(
        _ view: View,
        rows: [AgendaRow],
        next: AgendaCursor?,
        counts: [AppointmentStatus: Int],
        member: StaffMember,
        language: Language,
        now: Date,
        problem: (folio: String, message: String)?
    ) {
        let t = Catalogue.of(language)
        let formats = Formats(language: language)
        office = view.office.name
        day = formats.date(view.date)
        date = view.date.description
        action = SiteURL.staffAgenda(view.office.code).path(language)
        let base = action
        func link(_ date: LocalDate, status: AppointmentStatus? = nil, query: String = "") -> String {
            base + "?date=\(date)" + (status.map { "&state=\($0.rawValue)" } ?? "") + (query.isEmpty ? "" : "&q=" + PercentEncoding.query(query))
        }
        previous = link(view.date.adding(days: -1))
        self.next = link(view.date.adding(days: 1))
        today = view.date == view.today ? nil : link(view.today)
        let expected = counts.filter { $0.key != .cancelled }.values.reduce(0, +)
        self.counts = [
            (t.counter.expected, expected), (t.counter.waiting, counts[.checkedIn] ?? 0), (t.counter.attended, counts[.attended] ?? 0),
            (t.counter.noShow, counts[.noShow] ?? 0),
        ].map { ($0.0, formats.count($0.1)) }
        let states: [(String, AppointmentStatus?)] = [
            (t.counter.all, nil), (t.counter.toArrive, .booked), (t.counter.waiting, .checkedIn), (t.counter.attended, .attended),
            (t.counter.noShow, .noShow), (t.counter.cancelled, .cancelled),
        ]
        filters = states.map { label, status in
            let count = status.map { counts[$0] ?? 0 } ?? counts.values.reduce(0, +)
            return Filter(label: "\(label) (\(formats.count(count)))", href: link(view.date, status: status), current: status == view.status)
        }
        query = view.query
        searched =
            view.query.isEmpty
            ? nil
            : (rows.isEmpty ? t.counter.nothingFound : t.counter.found).replacingOccurrences(of: "{q}", with: view.query)
                .replacingOccurrences(of: "{n}", with: formats.count(rows.count))
        clear = view.query.isEmpty ? nil : link(view.date, status: view.status)
        let here = link(view.date, status: view.status, query: view.query) + (view.after.map { "&after=" + PercentEncoding.query($0.query) } ?? "")
        self.rows = rows.map { row in
            Row(row, member: member, language: language, back: here, now: now, problem: problem?.folio == row.folio ? problem?.message : nil)
        }
        empty = rows.isEmpty
        nextPage = next.map { link(view.date, status: view.status) + "&after=" + PercentEncoding.query($0.query) }
        screen = SiteURL.nowServing(view.office.code).path(language) + "?display=1"
    }
}

extension AgendaCursor {
    /// `HH:MM_FOLIO`, the cursor as the `after` query parameter carries it.
    var query: String { "\(time)_\(folio)" }

    init(query: String) throws {
        let parts = query.split(separator: "_", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { throw CitasError(.invalidTime, detail: String(query.prefix(40))) }
        self.init(time: try LocalTime(parts[0]), folio: try Folio(validating: parts[1]).value)
    }
}

/// The model of `staff-search.mustache`.
struct SearchModel: Sendable {
    let query: String
    let action: String
    let rows: [AgendaModel.Row]
    let hasRows: Bool
    let searched: Bool
    /// The household the searched CURP belongs to, and (for admins) the form that takes it out.
    let household: Household?

    struct Household: Sendable {
        let text: String
        let releaseAction: String?
    }

    init(query: String, action: String, rows: [AgendaModel.Row], household: Household? = nil) {
        self.query = query
        self.action = action
        self.household = household
        self.rows = rows
        hasRows = !rows.isEmpty
        searched = !query.isEmpty
    }
}

/// The model of `now-serving.mustache`, the waiting room's screen: turn numbers only, refreshed by the page itself.
struct NowServingModel: Sendable {
    let office: String
    let now: String?
    let before: [String]
    let hasBefore: Bool
    let waiting: String
    /// Seconds between reloads on the waiting room's display (`<meta http-equiv="refresh">` in the layout: no
    /// JavaScript needed); nil for a person reading it on their phone, who reloads when they choose (WCAG 2.2.1).
    let refresh: Int?
    /// The page again, for that person's "update" link.
    let reload: String

    init(office: Office, serving: NowServing, display: Bool, language: Language) {
        refresh = display ? 15 : nil
        reload = SiteURL.nowServing(office.code).path(language)
        self.office = office.name
        now = serving.called.first.map(Turn.label)
        before = serving.called.dropFirst().map(Turn.label)
        hasBefore = serving.called.count > 1
        waiting = Formats(language: language).count(serving.waiting)
    }
}
