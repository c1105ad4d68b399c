import CitasDomain
import Hummingbird

/// The pages e-mail links lead to: confirm the address, ask for and set a new password. A link only opens a form;
/// the change happens on POST, so mail scanners that prefetch links cannot spend a token.
struct VerificationPages {
    let web: Web

    struct Submitted: Decodable {
        let token: String?
        let email: String?
        let password: String?
    }

    func register(on router: Router<AppRequestContext>) {
        router.get(SiteURL.verify.route) { request, context in
            let language = try web.language(context)
            let t = Catalogue.of(language).forms
            return try await form(request, language, .verify, t.verifyTitle, hidden: token(request), fields: [])
        }
        router.post(SiteURL.verify.route) { request, context in
            let language = try web.language(context)
            let t = Catalogue.of(language)
            do {
                try await web.identity.verifyEmail(token: try await web.form(Submitted.self, request).token ?? "")
            } catch let error as CitasError where error.code == .accountAlreadyActive {
                let logIn = Link(href: SiteURL.logIn.path(language), text: t.forms.logInTitle)
                return try await done(request, language, t.forms.verifyTitle, error.message(in: language), link: logIn)
            }
            return try await done(
                request,
                language,
                t.forms.verifyTitle,
                t.forms.verified,
                link: Link(href: SiteURL.logIn.path(language), text: t.forms.logInTitle)
            )
        }
        router.get(SiteURL.forgotPassword.route) { request, context in
            let language = try web.language(context)
            let t = Catalogue.of(language).forms
            let email = FormField("email", label: t.email, type: "email", autocomplete: "email")
            return try await form(request, language, .forgotPassword, t.forgotTitle, hidden: [], fields: [email])
        }
        router.post(SiteURL.forgotPassword.route) { request, context in
            let language = try web.language(context)
            let submitted = try await web.form(Submitted.self, request)
            try await web.identity.forgotPassword(email: submitted.email ?? "", clientAddress: context.clientAddress)
            let t = Catalogue.of(language).forms
            return try await done(request, language, t.forgotTitle, t.resetSent, link: nil)
        }
        router.get(SiteURL.resetPassword.route) { request, context in
            let language = try web.language(context)
            let t = Catalogue.of(language).forms
            let password = FormField("password", label: t.newPassword, type: "password", hint: t.passwordHint, autocomplete: "new-password")
            return try await form(request, language, .resetPassword, t.resetTitle, hidden: token(request), fields: [password])
        }
        router.post(SiteURL.resetPassword.route) { request, context in
            let language = try web.language(context)
            let submitted = try await web.form(Submitted.self, request)
            try await web.identity.resetPassword(token: submitted.token ?? "", newPassword: submitted.password ?? "")
            let t = Catalogue.of(language)
            return try await done(
                request,
                language,
                t.forms.resetTitle,
                t.forms.passwordChanged,
                link: Link(href: SiteURL.logIn.path(language), text: t.forms.logInTitle)
            )
        }
    }

    private func token(_ request: Request) -> [Hidden] {
        [Hidden(name: "token", value: String((request.uri.queryParameters.get("token") ?? "").prefix(128)))]
    }

    private func form(
        _ request: Request,
        _ language: Language,
        _ url: SiteURL,
        _ heading: String,
        hidden: [Hidden],
        fields: [FormField]
    )
        async throws -> Response
    {
        let model = FormPage(
            heading: heading,
            action: url.path(language),
            hidden: hidden,
            fields: fields,
            submit: Catalogue.of(language).common.continueButton
        )
        return try await web.page("form", title: heading, model: model, request: request, language: language)
    }

    private func done(_ request: Request, _ language: Language, _ heading: String, _ text: String, link: Link?) async throws -> Response {
        try await web.page(
            "message",
            title: heading,
            model: MessagePage(heading: heading, body: [text], link: link),
            request: request,
            language: language
        )
    }
}
