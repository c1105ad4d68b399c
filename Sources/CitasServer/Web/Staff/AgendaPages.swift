import CitasDomain
import CitasPersistence
import Foundation
import Hummingbird

/// The office's agenda of a day, search by folio or CURP, and the clerk's steps on one appointment.
struct AgendaPages {
    let staff: StaffWeb
    let agenda: AgendaStore

    struct ReleaseForm: Decodable {
        let reason: String?
    }

    /// The household a searched CURP belongs to, said in words; nil when it is nobody's member.
    private func household(of query: String, member: StaffMember, language: Language) async throws -> SearchModel.Household? {
        let curp = query.trimmingCharacters(in: .whitespaces).uppercased()
        guard curp.count == 18, let dependent = try await staff.web.app.dependents.member(curp: curp),
            let holder = try await staff.web.app.accounts.account(id: dependent.accountId)
        else { return nil }
        let date = LocalDate(Date(timeIntervalSince1970: TimeInterval(dependent.addedAt)), in: TimeZone(identifier: "America/Mexico_City")!)
        let text = Catalogue.of(language).staff.householdFound.replacingOccurrences(of: "{email}", with: holder.email)
            .replacingOccurrences(of: "{date}", with: Formats(language: language).date(date))
        return SearchModel.Household(
            text: text,
            releaseAction: member.may(.actOnReview) ? SiteURL.staffReleaseMember(curp).path(language) : nil
        )
    }

    struct StepForm: Decodable {
        let document: String?
        let note: String?
        let back: String?
    }

    func register(on router: Router<AppRequestContext>) {
        router.get(SiteURL.staffAgenda(":code").route) { request, context in
            let language = try staff.web.language(context)
            let office = try await staff.web.app.offices.require(try context.parameters.require("code"))
            guard let member = try await staff.require(request, .readAgenda, office: office.code) else { return Web.redirect(.staffLogIn, language) }
            return try await counter(request, office: office, member: member, language: language)
        }
        router.get(SiteURL.staffSearch.route) { request, context in
            let language = try staff.web.language(context)
            guard let member = try await staff.require(request, .readAgenda) else { return Web.redirect(.staffLogIn, language) }
            let query = try request.searchText(limit: 40)
            let rows = try await agenda.search(query, staff: member)
            let back = SiteURL.staffSearch.path(language) + "?q=" + PercentEncoding.query(query)
            let body = SearchModel(
                query: query,
                action: SiteURL.staffSearch.path(language),
                rows: rows.map { AgendaModel.Row($0, member: member, language: language, back: back, now: staff.web.app.clock.now()) },
                household: try await household(of: query, member: member, language: language)
            )
            return try await staff.page(
                "staff-search",
                title: Catalogue.of(language).staff.searchTitle,
                member: member,
                body: body,
                request: request,
                language: language
            )
        }
        router.post(SiteURL.staffReleaseMember(":curp").route) { request, context in
            let language = try staff.web.language(context)
            guard let member = try await staff.require(request, .actOnReview) else { return Web.redirect(.staffLogIn, language) }
            let reason = (try await staff.web.form(ReleaseForm.self, request).reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            guard !reason.isEmpty else { throw CitasError(.fieldMissing, detail: "reason") }
            let curp = String(try context.parameters.require("curp").prefix(18)).uppercased()
            try await staff.web.app.dependents.release(curp: curp, reason: String(reason.prefix(300)), actor: member.actor)
            let body = SearchModel(query: curp, action: SiteURL.staffSearch.path(language), rows: [])
            return try await staff.page(
                "staff-search",
                title: Catalogue.of(language).staff.searchTitle,
                member: member,
                body: body,
                request: request,
                language: language,
                notice: Catalogue.of(language).staff.householdReleased
            )
        }
        router.post(SiteURL.staffAgendaAction(":folio", ":step").route) { request, context in
            let language = try staff.web.language(context)
            guard let member = try await staff.require(request, .workAgenda) else { return Web.redirect(.staffLogIn, language) }
            let folio = try Folio(validating: try context.parameters.require("folio")).value
            let form = try await staff.web.form(StepForm.self, request)
            // Back to the page the form was on (its row's anchor kept), if it is a staff page of this site.
            var back =
                form.back.flatMap { $0.hasPrefix("/\(language.rawValue)/staff/") && !$0.contains("//") ? $0 : nil }
                ?? SiteURL.staffDesk.path(language)
            do {
                switch try context.parameters.require("step") {
                case "check-in": try await agenda.checkIn(folio: folio, document: form.document ?? "", staff: member)
                case "call": try await agenda.call(folio: folio, staff: member)
                case "attended": try await agenda.attend(folio: folio, staff: member)
                case "no-show": try await agenda.markNoShow(folio: folio, staff: member)
                case "note": try await agenda.note(folio: folio, text: form.note ?? "", staff: member)
                default: throw CitasError(.notFound)
                }
            } catch let error as CitasError where ![.notFound, .appointmentNotFound, .staffForbidden].contains(error.code) {
                // Refused (no document chosen, already done by another clerk): the same place, the reason on the row.
                let (path, anchor) = back.split(separator: "#", maxSplits: 1).map(String.init).splitAnchor
                back = path + (path.contains("?") ? "&" : "?") + "refused=\(error.code.rawValue)&on=\(folio)" + anchor
            }
            return Response(status: .seeOther, headers: [.location: back])
        }
        router.get(SiteURL.nowServing(":code").route) { request, context in
            let language = try staff.web.language(context)
            let office = try await staff.web.app.offices.require(try context.parameters.require("code"))
            let today = LocalDate(staff.web.app.clock.now(), in: office.zone)
            let serving = try await agenda.nowServing(office: office.code, date: today)
            let display = request.uri.queryParameters.get("display") == "1"
            let model = NowServingModel(office: office, serving: serving, display: display, language: language)
            return try await staff.web.page(
                "now-serving",
                title: "\(Catalogue.of(language).counter.screenTitle) · \(office.name)",
                model: model,
                request: request,
                language: language
            )
        }
    }

    /// The counter screen: the office-day (today by default), its counts, a state filter or a search, and the rows.
    private func counter(_ request: Request, office: Office, member: StaffMember, language: Language) async throws -> Response {
        let parameters = request.uri.queryParameters
        let today = LocalDate(staff.web.app.clock.now(), in: office.zone)
        let view = AgendaModel.View(
            office: office,
            date: try parameters.get("date").map { try LocalDate($0) } ?? today,
            today: today,
            status: parameters.get("state").flatMap { AppointmentStatus(rawValue: $0) },
            query: try request.searchText().trimmingCharacters(in: .whitespaces),
            after: try parameters.get("after").map { try AgendaCursor(query: String($0)) }
        )
        var rows: [AgendaRow]
        var next: AgendaCursor?
        if view.query.isEmpty {
            let page = try await agenda.day(office: office.code, date: view.date, staff: member, after: view.after, status: view.status)
            (rows, next) = (page.rows, page.next)
        } else {
            rows = try await agenda.find(view.query, office: office.code, date: view.date, staff: member)
            if let status = view.status { rows = rows.filter { $0.status == status } }
        }
        let refused = parameters.get("refused").flatMap(ErrorCode.init(rawValue:))
        let body = AgendaModel(
            view,
            rows: rows,
            next: next,
            counts: try await agenda.counts(office: office.code, date: view.date, staff: member),
            member: member,
            language: language,
            now: staff.web.app.clock.now(),
            problem: refused.map { (parameters.get("on") ?? "", $0.message(in: language)) }
        )
        let title = "\(Catalogue.of(language).counter.title) · \(office.name)"
        return try await staff.page("staff-agenda", title: title, member: member, body: body, request: request, language: language)
    }
}

extension [String] {
    /// A location split at its `#`: the path and query, and the anchor with its `#` (or "").
    fileprivate var splitAnchor: (String, String) { (first ?? "", count > 1 ? "#" + self[1] : "") }
}
