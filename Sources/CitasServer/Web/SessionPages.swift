import CitasDomain
import CitasPersistence
import Hummingbird

/// Log-in with a session cookie (HttpOnly, SameSite=Lax, Secure behind HTTPS) and log-out.
struct SessionPages {
    let web: Web

    struct Submitted: Decodable {
        var email: String?
        var password: String?
    }

    func register(on router: Router<AppRequestContext>) {
        router.get(SiteURL.logIn.route) { request, context in
            try await form(request, try web.language(context), email: "")
        }
        router.post(SiteURL.logIn.route) { request, context in
            let language = try web.language(context)
            let submitted = try await web.form(Submitted.self, request)
            let token: SecretToken
            do {
                token = try await web.identity.logIn(
                    email: submitted.email ?? "",
                    password: submitted.password ?? "",
                    clientAddress: context.clientAddress,
                    kind: .cookie
                )
            } catch let error as CitasError where error.code != .rateLimited {
                let problem = FieldProblem(field: "email", message: error.message(in: language))
                return try await form(request, language, email: submitted.email ?? "", problems: [problem])
            }
            var response = Web.redirect(.account, language)
            response.setCookie(
                Cookie(name: Web.sessionCookie, value: token.value, path: "/", secure: web.secureCookies, httpOnly: true, sameSite: .lax)
            )
            return response
        }
        router.post(SiteURL.logOut.route) { request, context in
            let language = try web.language(context)
            _ = try await web.form(Submitted.self, request)
            if let value = request.cookies[Web.sessionCookie]?.value, value.count <= 128 {
                try await web.identity.logOut(SecretToken(value: value))
            }
            var response = Web.redirect(.home, language)
            response.setCookie(
                Cookie(name: Web.sessionCookie, value: "", maxAge: 0, path: "/", secure: web.secureCookies, httpOnly: true, sameSite: .lax)
            )
            return response
        }
    }

    private func form(_ request: Request, _ language: Language, email: String, problems: [FieldProblem] = []) async throws -> Response {
        let t = Catalogue.of(language)
        let model = FormPage(
            heading: t.forms.logInTitle,
            action: SiteURL.logIn.path(language),
            fields: [
                FormField("email", label: t.forms.email, type: "email", value: email, problems: problems, autocomplete: "email"),
                FormField("password", label: t.forms.password, type: "password", autocomplete: "current-password"),
            ],
            submit: t.forms.logInButton,
            links: [
                Link(href: SiteURL.forgotPassword.path(language), text: t.forms.forgotLink),
                Link(href: SiteURL.register.path(language), text: t.forms.noAccount),
            ]
        )
        let status: HTTPResponse.Status = problems.isEmpty ? .ok : .unauthorized
        return try await web.page(
            "form",
            title: t.forms.logInTitle,
            model: model,
            request: request,
            language: language,
            status: status,
            problems: problems
        )
    }
}
