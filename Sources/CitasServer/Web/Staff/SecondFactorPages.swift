import CitasDomain
import CitasPersistence
import Hummingbird

/// Setting up the second factor, once, right after the first log-in with the password: the TOTP key to type into
/// an authenticator app, a code to prove it works, then the recovery codes, shown once.
struct SecondFactorPages {
    let staff: StaffWeb

    struct CodeForm: Decodable {
        let code: String?
    }

    func register(on router: Router<AppRequestContext>) {
        router.get(SiteURL.staffSecondFactor.route) { request, context in
            let language = try staff.web.language(context)
            guard let (member, _) = try await staff.pendingEnrolment(request) else { return Web.redirect(.staffLogIn, language) }
            return try await page(request, language, member)
        }
        router.post(SiteURL.staffSecondFactor.route) { request, context in
            let language = try staff.web.language(context)
            let form = try await staff.web.form(CodeForm.self, request)
            guard let (member, token) = try await staff.pendingEnrolment(request) else { return Web.redirect(.staffLogIn, language) }
            let now = staff.web.app.clock.now().epoch
            let key = try await staff.staff.totpKey(staffId: member.id, candidate: TOTP.random().secret)
            let t = Catalogue.of(language).security
            guard !key.confirmed else { return Web.redirect(.staffLogIn, language) }
            guard let step = TOTP(secret: key.key).matchingStep(String((form.code ?? "").prefix(40)), now: now) else {
                return try await page(request, language, member, problems: [FieldProblem(field: "code", message: t.codeWrong)])
            }
            let codes = SecondFactor.recoveryCodes()
            guard
                try await staff.staff.confirmTOTP(
                    staffId: member.id,
                    step: Int(step),
                    recoveryHashes: codes.map(SecondFactor.recoveryHash),
                    session: token,
                    now: now
                )
            else { return Web.redirect(.staffLogIn, language) }
            return try await staff.web.page(
                "staff-recovery",
                title: t.recoveryTitle,
                model: RecoveryModel(codes: codes, desk: SiteURL.staffDesk.path(language)),
                request: request,
                language: language
            )
        }
    }

    private func page(_ request: Request, _ language: Language, _ member: StaffMember, problems: [FieldProblem] = []) async throws -> Response {
        let t = Catalogue.of(language).security
        let totp = TOTP(secret: try await staff.staff.totpKey(staffId: member.id, candidate: TOTP.random().secret).key)
        let grouped = stride(from: 0, to: totp.base32.count, by: 4).map { offset in
            String(totp.base32.dropFirst(offset).prefix(4))
        }
        let model = EnrolmentModel(
            steps: t.enrolSteps,
            key: grouped.joined(separator: " "),
            link: totp.provisioningURI(account: member.email, issuer: "Citas SRE"),
            action: SiteURL.staffSecondFactor.path(language),
            fields: [FormField("code", label: t.code, problems: problems, autocomplete: "one-time-code")]
        )
        return try await staff.web.page(
            "staff-second-factor",
            title: t.enrolTitle,
            model: model,
            request: request,
            language: language,
            problems: problems
        )
    }
}

/// The model of `staff-second-factor.mustache`.
struct EnrolmentModel: Sendable {
    let steps: [String]
    let key: String
    let link: String
    let action: String
    let fields: [FormField]
}

/// The model of `staff-recovery.mustache`.
struct RecoveryModel: Sendable {
    let codes: [String]
    let desk: String
}
