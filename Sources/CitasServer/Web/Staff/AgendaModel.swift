import CitasDomain
import CitasPersistence
import Foundation

/// The model of `staff-agenda.mustache`.
struct AgendaModel: Sendable {
    /// One appointment with the steps the member may take on it now.
    struct Row: Sendable {
        let folio: String
        let curp: String
        let name: String
        let time: String
        let status: String
        let channel: String
        /// Who must come with a household member, in words.
        let guardians: String?
        let document: String?
        let notes: String
        let checkInAction: String?
        let attendAction: String?
        let noteAction: String?
        let issueAction: String?
        let back: String

        init(_ row: AgendaRow, member: StaffMember, language: Language, back: String) {
            let canWork = member.may(.workAgenda, office: row.officeCode)
            folio = row.folio
            curp = row.curp
            name = row.name
            time = "\(row.date) \(row.time)"
            status = Self.label(row.status, .of(language))
            channel = Self.channel(row.channel, .of(language))
            guardians = row.household.map { Self.guardians($0, Catalogue.of(language).staff) }
            document = row.identityDocument
            notes = row.notes
            checkInAction = canWork && row.status == .booked ? SiteURL.staffAgendaAction(row.folio, "check-in").path(language) : nil
            attendAction = canWork && row.status == .checkedIn ? SiteURL.staffAgendaAction(row.folio, "attended").path(language) : nil
            noteAction = canWork ? SiteURL.staffAgendaAction(row.folio, "note").path(language) : nil
            issueAction = canWork && row.status == .attended ? SiteURL.staffAgendaAction(row.folio, "issue").path(language) : nil
            self.back = back
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

    let office: String
    let date: String
    let action: String
    let rows: [Row]
    let empty: Bool
    /// The next page's address when the day holds more than this page.
    let nextPage: String?

    init(office: Office, date: LocalDate, page: AgendaPage, after: AgendaCursor?, member: StaffMember, language: Language) {
        self.office = office.name
        self.date = date.description
        action = SiteURL.staffAgenda(office.code).path(language)
        let day = action + "?date=\(date)"
        let back = day + (after.map { "&after=" + PercentEncoding.query($0.query) } ?? "")
        rows = page.rows.map { Row($0, member: member, language: language, back: back) }
        empty = page.rows.isEmpty
        nextPage = page.next.map { day + "&after=" + PercentEncoding.query($0.query) }
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
