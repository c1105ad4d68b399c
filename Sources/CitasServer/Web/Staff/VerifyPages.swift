import CitasDomain
import CitasPersistence
import Foundation
import Hummingbird

/// The desk's check of a comprobante: the QR code's signature (with the service's public keys only, as a desk
/// machine offline would), then what the agenda says about that appointment now.
struct VerifyPages {
    let staff: StaffWeb

    struct Submitted: Decodable {
        let code: String?
    }

    func register(on router: Router<AppRequestContext>) {
        router.get(SiteURL.staffVerify.route) { request, context in
            let language = try staff.web.language(context)
            guard let member = try await staff.require(request, .readAgenda) else { return Web.redirect(.staffLogIn, language) }
            return try await page(request, member: member, language: language, result: nil)
        }
        router.post(SiteURL.staffVerify.route) { request, context in
            let language = try staff.web.language(context)
            guard let member = try await staff.require(request, .readAgenda) else { return Web.redirect(.staffLogIn, language) }
            let code = String((try await staff.web.form(Submitted.self, request).code ?? "").prefix(400))
            let keys = try AppointmentProofSigner(secrets: staff.web.app.secrets).publicKeys
            let verdict = AppointmentProof.verify(code, publicKeys: keys)
            var rows: [AgendaRow] = []
            if case .valid(let proof) = verdict {
                rows = try await staff.web.app.agenda.search(proof.folio, staff: member).filter { $0.folio == proof.folio }
            }
            let result = VerifyModel.Result(verdict, rows: rows, member: member, language: language, now: staff.web.app.clock.now())
            return try await page(request, member: member, language: language, result: result, code: code)
        }
    }

    private func page(
        _ request: Request,
        member: StaffMember,
        language: Language,
        result: VerifyModel.Result?,
        code: String = ""
    ) async throws
        -> Response
    {
        let t = Catalogue.of(language).verify
        let body = VerifyModel(
            action: SiteURL.staffVerify.path(language),
            field: FormField("code", label: t.code, value: result == nil ? "" : code, hint: t.codeHint),
            result: result
        )
        return try await staff.page("staff-verify", title: t.title, member: member, body: body, request: request, language: language)
    }
}

/// The model of `staff-verify.mustache`.
struct VerifyModel: Sendable {
    let action: String
    let field: FormField
    let result: Result?

    /// What the check found, in the clerk's words, with the agenda's row to act on when the appointment stands.
    struct Result: Sendable {
        let heading: String
        let note: String
        /// `good` or `bad`: the CSS class that colours the box.
        let tone: String
        let facts: [Fact]
        let hasFacts: Bool
        let rows: [AgendaModel.Row]
        let hasRows: Bool

        struct Fact: Sendable {
            let label: String
            let value: String
        }

        init(_ verdict: AppointmentProof.Verdict, rows: [AgendaRow], member: StaffMember, language: Language, now: Date) {
            let t = Catalogue.of(language)
            let formats = Formats(language: language)
            switch verdict {
            case .malformed:
                (heading, note, tone, facts) = (t.verify.malformed, t.verify.malformedNote, "bad", [])
            case .forged:
                (heading, note, tone, facts) = (t.verify.forged, t.verify.forgedNote, "bad", [])
            case .valid(let proof):
                facts = [
                    Fact(label: t.appointment.folio, value: proof.folio), Fact(label: t.appointment.curp, value: proof.curp),
                    Fact(label: t.appointment.office, value: proof.office),
                    Fact(label: t.appointment.when, value: formats.date(proof.date) + ", " + formats.time(proof.time)),
                ]
                let live = rows.first { $0.status == .booked || $0.status == .checkedIn }
                if let live, live.officeCode == proof.office, live.date == proof.date, live.time == proof.time {
                    (heading, note, tone) = (t.verify.current, t.verify.currentNote, "good")
                } else if let live {
                    let when = "\(live.officeCode), " + formats.date(live.date) + ", " + formats.time(live.time)
                    (heading, note, tone) = (t.verify.changed, t.verify.changedNote.replacingOccurrences(of: "{when}", with: when), "bad")
                } else {
                    (heading, note, tone) = (t.verify.notLive, t.verify.notLiveNote, "bad")
                }
            }
            hasFacts = !facts.isEmpty
            let back = SiteURL.staffVerify.path(language)
            self.rows = rows.map { AgendaModel.Row($0, member: member, language: language, back: back, now: now) }
            hasRows = !self.rows.isEmpty
        }
    }
}
