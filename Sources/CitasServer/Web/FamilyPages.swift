import CitasDomain
import CitasPersistence
import Foundation
import Hummingbird

/// "Mi familia": the holder's household — add a member (limited, checked against their CURP), see each member's
/// appointment and its comprobante, cancel it (after asking), remove a member without a live appointment.
struct FamilyPages {
    let web: Web
    let actions: CitizenActions
    let household: HouseholdActions

    struct Empty: Decodable {}

    func register(on router: Router<AppRequestContext>) {
        router.get(SiteURL.family.route) { request, context in
            let language = try web.language(context)
            guard let signedIn = try await web.signedIn(request, context) else { return Web.redirect(.logIn, language) }
            let t = Catalogue.of(language).family
            let notice: String? =
                switch request.uri.queryParameters.get("done") {
                case "added": t.added
                case "removed": t.removed
                case "booked": t.bookedFor
                case "cancelled": Catalogue.of(language).appointment.cancelled
                default: nil
                }
            return try await page(request, signedIn, language, notice: notice)
        }
        router.post(SiteURL.family.route) { request, context in
            let language = try web.language(context)
            guard let signedIn = try await web.signedIn(request, context) else { return Web.redirect(.logIn, language) }
            let form = try await web.form(HouseholdActions.Form.self, request)
            let holder = try await actions.verifiedAccount(signedIn)
            do {
                _ = try await household.add(form, holder: holder, context: signedIn)
            } catch let error as CitasError where error.code != .rateLimited {
                let field = Self.field(of: error)
                let problem = FieldProblem(field: field, message: error.message(in: language))
                return try await page(request, signedIn, language, typed: form, problems: [problem], status: error.code.httpStatus)
            }
            return Web.redirect(.family, language, query: "?done=added")
        }
        router.post(SiteURL.familyRemove(":id").route) { request, context in
            let language = try web.language(context)
            guard let signedIn = try await web.signedIn(request, context) else { return Web.redirect(.logIn, language) }
            _ = try await web.form(Empty.self, request)
            let holder = try await actions.verifiedAccount(signedIn)
            guard let id = Int(try context.parameters.require("id")) else { throw CitasError(.dependentNotFound) }
            do {
                try await web.app.dependents.remove(id: id, from: holder.id)
            } catch let error as CitasError where error.code == .dependentHasLiveAppointment {
                let problem = FieldProblem(field: "member-\(id)", message: error.message(in: language))
                return try await page(request, signedIn, language, problems: [problem], status: error.code.httpStatus)
            }
            return Web.redirect(.family, language, query: "?done=removed")
        }
        router.get(SiteURL.familyMember(":id").route) { request, context in
            let language = try web.language(context)
            guard let signedIn = try await web.signedIn(request, context) else { return Web.redirect(.logIn, language) }
            let member = try await member(context, signedIn)
            let t = Catalogue.of(language)
            let model = try await Comprobante.load(for: Comprobante.Attendee(member), app: web.app, language: language).map {
                AppointmentModel($0.1, proof: $0.0, office: $0.2, policy: web.app.policy, language: language, member: member.id)
            }
            let view = AppointmentPage(appointment: model, officesLink: SiteURL.offices.path(language), history: [], hasHistory: false)
            return try await web.page(
                "appointment",
                title: "\(t.appointment.title) · \(member.identity.fullName)",
                model: view,
                request: request,
                language: language
            )
        }
        router.get(SiteURL.familyCancel(":id").route) { request, context in
            let language = try web.language(context)
            guard let signedIn = try await web.signedIn(request, context) else { return Web.redirect(.logIn, language) }
            let member = try await member(context, signedIn)
            guard let appointment = try await web.app.appointments.current(curp: Curp(stored: member.curp)), appointment.status == .booked else {
                return Web.redirect(.familyMember("\(member.id)"), language)
            }
            let office = try await web.app.offices.require(appointment.officeCode)
            let model = CancelModel(
                appointment,
                office: office,
                now: web.app.clock.now(),
                policy: web.app.policy,
                language: language,
                member: member.id
            )
            return try await web.page(
                "cancel",
                title: Catalogue.of(language).appointment.cancelTitle,
                model: model,
                request: request,
                language: language
            )
        }
        router.post(SiteURL.familyCancel(":id").route) { request, context in
            let language = try web.language(context)
            guard let signedIn = try await web.signedIn(request, context) else { return Web.redirect(.logIn, language) }
            _ = try await web.form(Empty.self, request)
            let member = try await member(context, signedIn)
            let curp = Curp(stored: member.curp)
            if let appointment = try await web.app.appointments.current(curp: curp) {
                _ = try await web.app.appointments.cancel(
                    folio: try Folio(validating: appointment.folio),
                    curp: curp,
                    actor: "account:\(try signedIn.requireAccount())"
                )
            }
            return Web.redirect(.family, language, query: "?done=cancelled")
        }
    }

    /// The member of the signed-in holder's household named in the path; `dependent_not_found` for anyone else's.
    private func member(_ context: AppRequestContext, _ signedIn: AppRequestContext) async throws -> Dependent {
        let holder = try await actions.verifiedAccount(signedIn)
        guard let id = Int(try context.parameters.require("id")),
            let member = try await web.app.dependents.list(accountId: holder.id).first(where: { $0.id == id })
        else { throw CitasError(.dependentNotFound) }
        return member
    }

    /// The form field an add refusal concerns.
    private static func field(of error: CitasError) -> String {
        let fields = [
            "curp": "curp", "paternal_surname": "paternalSurname", "maternal_surname": "maternalSurname", "given_names": "givenNames",
            "reason": "reason", "second_parent_name": "secondParentName", "second_parent_curp": "secondParentCurp", "kind": "kind",
        ]
        if let detail = error.detail, let field = fields[detail] { return field }
        switch error.code {
        case .dependentSurnameMismatch: return "secondParentName"
        case .dependentNotMinor: return "kind"
        case .curpMismatchNames, .givenNamesMissing, .nameInvalid: return "paternalSurname"
        default: return "curp"
        }
    }

    private func page(
        _ request: Request,
        _ context: AppRequestContext,
        _ language: Language,
        typed: HouseholdActions.Form? = nil,
        problems: [FieldProblem] = [],
        status: HTTPResponse.Status = .ok,
        notice: String? = nil
    ) async throws -> Response {
        let holder = try await actions.verifiedAccount(context)
        var members: [FamilyModel.Member] = []
        for dependent in try await web.app.dependents.list(accountId: holder.id) {
            let appointment = try await web.app.appointments.current(curp: Curp(stored: dependent.curp))
            var office: Office?
            if let appointment { office = try await web.app.offices.find(appointment.officeCode) }
            members.append(
                FamilyModel.Member(dependent, appointment: appointment, office: office, today: web.app.today, problems: problems, language: language)
            )
        }
        let model = FamilyModel(members: members, typed: typed, problems: problems, language: language)
        return try await web.page(
            "family",
            title: Catalogue.of(language).family.title,
            model: model,
            request: request,
            language: language,
            status: status,
            problems: problems,
            notice: notice
        )
    }
}

/// The model of `family.mustache`.
struct FamilyModel: Sendable {
    /// One member with their live appointment, if any.
    struct Member: Sendable {
        let id: String
        let name: String
        let curp: String
        let description: String
        let note: String?
        let appointment: String?
        let appointmentLink: String
        let officesLink: String
        let removeAction: String
        let paymentLink: String
        let error: String?

        init(_ dependent: Dependent, appointment: Appointment?, office: Office?, today: LocalDate, problems: [FieldProblem], language: Language) {
            let t = Catalogue.of(language).family
            let formats = Formats(language: language)
            id = "member-\(dependent.id)"
            name = dependent.identity.fullName
            curp = dependent.curp
            description = "\(dependent.kind == .minor ? t.minor : t.ward) · \(dependent.identity.birthDate.age(on: today)) \(t.age)"
            note = dependent.documentNote == HouseholdRules.documentNoteSurnames ? t.noteSurnames : nil
            self.appointment = appointment.map { appointment in
                "\(formats.date(appointment.date)), \(formats.time(appointment.time)) · \(office?.name ?? appointment.officeCode) · \(appointment.folio)"
            }
            appointmentLink = SiteURL.familyMember("\(dependent.id)").path(language)
            officesLink = SiteURL.offices.path(language)
            removeAction = SiteURL.familyRemove("\(dependent.id)").path(language)
            paymentLink = SiteURL.paymentSheet.path(language) + "?for=\(dependent.id)"
            error = problems.first { $0.field == "member-\(dependent.id)" }?.message
        }
    }

    let members: [Member]
    let hasMembers: Bool
    let canAdd: Bool
    let action: String
    let fields: [FormField]

    init(members: [Member], typed: HouseholdActions.Form?, problems: [FieldProblem], language: Language) {
        let t = Catalogue.of(language)
        let f = t.forms
        self.members = members
        hasMembers = !members.isEmpty
        canAdd = members.count < HouseholdRules.maximumDependents
        action = SiteURL.family.path(language)
        fields = [
            FormField("curp", label: f.curp, value: typed?.curp ?? "", problems: problems),
            FormField("paternalSurname", label: f.paternalSurname, value: typed?.paternalSurname ?? "", problems: problems),
            FormField("maternalSurname", label: f.maternalSurname, value: typed?.maternalSurname ?? "", problems: problems, required: false),
            FormField("givenNames", label: f.givenNames, value: typed?.givenNames ?? "", problems: problems),
            FormField(
                "kind",
                label: t.family.kind,
                problems: problems,
                options: [(Dependent.Kind.minor, t.family.minor), (.ward, t.family.ward)].map {
                    FormField.Option(value: $0.0.rawValue, label: $0.1, selected: (typed?.kind ?? "minor") == $0.0.rawValue)
                }
            ),
            FormField(
                "secondParentName",
                label: t.family.secondParentName,
                value: typed?.secondParentName ?? "",
                hint: t.family.secondParentHint,
                problems: problems,
                required: false
            ),
            FormField(
                "secondParentCurp",
                label: t.family.secondParentCurp,
                value: typed?.secondParentCurp ?? "",
                problems: problems,
                required: false
            ),
            FormField("reason", label: t.family.reason, value: typed?.reason ?? "", hint: t.family.reasonHint, problems: problems, required: false),
        ]
    }
}
