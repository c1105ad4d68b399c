import CitasDomain
import CitasPersistence
import Foundation
import Hummingbird
import NIOCore

/// The citizen's appointment: folio, place and time in the office's zone, print, add to calendar, cancel (after a
/// page that asks for confirmation).
struct AppointmentPages {
    let web: Web
    let actions: CitizenActions

    struct CancelForm: Decodable {
        let csrf: String?
    }

    func register(on router: Router<AppRequestContext>) {
        router.get(SiteURL.appointment.route) { request, context in
            let language = try web.language(context)
            guard let signedIn = try await web.signedIn(request, context) else { return Web.redirect(.logIn, language) }
            return try await page(request, signedIn, language)
        }
        router.get(SiteURL.appointmentCalendar.route) { request, context in
            let language = try web.language(context)
            guard let signedIn = try await web.signedIn(request, context) else { return Web.redirect(.logIn, language) }
            guard let (appointment, office) = try await current(signedIn) else { throw CitasError(.appointmentNotFound) }
            return Response(
                status: .ok,
                headers: [
                    .contentType: "text/calendar; charset=utf-8", .contentDisposition: "attachment; filename=\"cita-\(appointment.folio).ics\"",
                    .cacheControl: "no-store",
                ],
                body: .init(byteBuffer: ByteBuffer(string: AppointmentCalendar.ics(appointment, office: office, now: web.app.clock.now())))
            )
        }
        router.get(SiteURL.cancel.route) { request, context in
            let language = try web.language(context)
            guard let signedIn = try await web.signedIn(request, context) else { return Web.redirect(.logIn, language) }
            guard let (appointment, office) = try await current(signedIn), appointment.status == .booked else {
                return Web.redirect(.appointment, language)
            }
            let model = CancelModel(appointment, office: office, now: web.app.clock.now(), policy: web.app.policy, language: language)
            return try await web.page(
                "cancel",
                title: Catalogue.of(language).appointment.cancelTitle,
                model: model,
                request: request,
                language: language
            )
        }
        router.post(SiteURL.cancel.route) { request, context in
            let language = try web.language(context)
            guard let signedIn = try await web.signedIn(request, context) else { return Web.redirect(.logIn, language) }
            _ = try await web.form(CancelForm.self, request)
            guard let (appointment, _) = try await current(signedIn) else { return Web.redirect(.appointment, language) }
            do {
                _ = try await actions.cancel(try Folio(validating: appointment.folio), context: signedIn)
            } catch let error as CitasError {
                return try await page(
                    request,
                    signedIn,
                    language,
                    problem: FieldProblem(field: "cancel", message: error.message(in: language)),
                    status: error.code.httpStatus
                )
            }
            return Web.redirect(.appointment, language, query: "?done=cancelled")
        }
    }

    private func current(_ context: AppRequestContext) async throws -> (Appointment, Office)? {
        guard let appointment = try await web.app.appointments.current(curp: try await actions.verifiedCurp(context)) else { return nil }
        return (appointment, try await web.app.offices.require(appointment.officeCode))
    }

    private func page(
        _ request: Request,
        _ context: AppRequestContext,
        _ language: Language,
        problem: FieldProblem? = nil,
        status: HTTPResponse.Status = .ok
    )
        async throws -> Response
    {
        let t = Catalogue.of(language)
        let account = try await actions.verifiedAccount(context)
        let model = try await Comprobante.load(for: account, app: web.app, language: language).map { proof, appointment, office in
            AppointmentModel(appointment, proof: proof, office: office, policy: web.app.policy, language: language)
        }
        let offices = Dictionary(uniqueKeysWithValues: try await web.app.offices.all().map { ($0.code, $0.name) })
        let formats = Formats(language: language)
        let history = try await web.app.appointments.history(curp: Curp(stored: account.curp)).map { past in
            AppointmentPage.Past(
                when: formats.date(past.appointment.date) + ", " + formats.time(past.appointment.time),
                office: offices[past.appointment.officeCode] ?? past.appointment.officeCode,
                folio: past.appointment.folio,
                outcome: Self.outcome(past, t: t)
            )
        }
        let view = AppointmentPage(appointment: model, officesLink: SiteURL.offices.path(language), history: history, hasHistory: !history.isEmpty)
        return try await web.page(
            "appointment",
            title: t.appointment.title,
            model: view,
            request: request,
            language: language,
            status: status,
            problems: problem.map { [$0] } ?? [],
            notice: Self.movedNotice(request, t: t, language: language)
        )
    }

    /// How an earlier appointment ended, in words; with the passport's number when one was issued at it.
    private static func outcome(_ past: AppointmentStore.Past, t: Catalogue) -> String {
        if let number = past.passportNumber { return t.appointment.historyPassport.replacingOccurrences(of: "{number}", with: number) }
        return switch past.appointment.status {
        case .attended: t.appointment.historyAttended
        case .noShow: t.appointment.historyNoShow
        default: t.appointment.historyCancelled
        }
    }

    /// After a move (`?done=moved&was=YYYY-MM-DDTHH:MM`): the old time is void. A `was` that does not parse is not
    /// shown; the notice still says the old appointment is void.
    private static func movedNotice(_ request: Request, t: Catalogue, language: Language) -> String? {
        guard request.uri.queryParameters.get("done") == "moved" else { return nil }
        let parts = (request.uri.queryParameters.get("was") ?? "").split(separator: "T", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2, let date = try? LocalDate(parts[0]), let time = try? LocalTime(parts[1]) else { return t.appointment.movedUnknown }
        let formats = Formats(language: language)
        return t.appointment.moved.replacingOccurrences(of: "{was}", with: formats.date(date) + ", " + formats.time(time))
    }
}

/// The model of `cancel.mustache`: which appointment would be cancelled, and what that means.
struct CancelModel: Sendable {
    let question: String
    let late: Bool
    let action: String
    let keepLink: String

    init(_ appointment: Appointment, office: Office, now: Date, policy: BookingPolicy, language: Language, member: Int? = nil) {
        let t = Catalogue.of(language).appointment
        let formats = Formats(language: language)
        question = t.cancelQuestion.replacingOccurrences(of: "{when}", with: formats.date(appointment.date) + ", " + formats.time(appointment.time))
            .replacingOccurrences(of: "{office}", with: office.name)
        late = appointment.startsAt.timeIntervalSince(now) < TimeInterval(policy.changeLeadTime)
        action = member.map { SiteURL.familyCancel("\($0)").path(language) } ?? SiteURL.cancel.path(language)
        keepLink = member.map { SiteURL.familyMember("\($0)").path(language) } ?? SiteURL.appointment.path(language)
    }
}

/// The page around the appointment, which may be absent, and the person's earlier appointments.
struct AppointmentPage: Sendable {
    /// An earlier appointment and how it ended.
    struct Past: Sendable {
        let when: String
        let office: String
        let folio: String
        let outcome: String
    }

    let appointment: AppointmentModel?
    let officesLink: String
    let history: [Past]
    let hasHistory: Bool
}
