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
            let date = try request.uri.queryParameters.get("date").map { try LocalDate($0) } ?? LocalDate(staff.web.app.clock.now(), in: office.zone)
            let after = try request.uri.queryParameters.get("after").map { try AgendaCursor(query: String($0)) }
            let page = try await agenda.day(office: office.code, date: date, staff: member, after: after)
            let body = AgendaModel(office: office, date: date, page: page, after: after, member: member, language: language)
            let title = "\(Catalogue.of(language).staff.agendaTitle) · \(office.name)"
            return try await staff.page("staff-agenda", title: title, member: member, body: body, request: request, language: language)
        }
        router.get(SiteURL.staffSearch.route) { request, context in
            let language = try staff.web.language(context)
            guard let member = try await staff.require(request, .readAgenda) else { return Web.redirect(.staffLogIn, language) }
            let query = String((request.uri.queryParameters.get("q") ?? "").prefix(40))
            let rows = try await agenda.search(query, staff: member)
            let back = SiteURL.staffSearch.path(language) + "?q=" + PercentEncoding.query(query)
            let body = SearchModel(
                query: query,
                action: SiteURL.staffSearch.path(language),
                rows: rows.map { AgendaModel.Row($0, member: member, language: language, back: back) },
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
            switch try context.parameters.require("step") {
            case "check-in": try await agenda.checkIn(folio: folio, document: form.document ?? "", staff: member)
            case "attended": try await agenda.attend(folio: folio, staff: member)
            case "note": try await agenda.note(folio: folio, text: form.note ?? "", staff: member)
            default: throw CitasError(.notFound)
            }
            // Back to the page the form was on, if it is a staff page of this site.
            let back = form.back.flatMap { $0.hasPrefix("/\(language.rawValue)/staff/") && !$0.contains("//") ? $0 : nil }
            return Response(status: .seeOther, headers: [.location: back ?? SiteURL.staffDesk.path(language)])
        }
    }
}
