import CitasDomain
import CitasPersistence
import Foundation
import Hummingbird

/// The pages e-mail links lead to: confirm the address, ask for and set a new password. A link only opens a form;
/// the change happens on POST, so mail scanners that prefetch links cannot spend a token.
struct VerificationPages {
    let identity: IdentityService

    struct Form: Decodable {
        let csrf: String?
        let token: String?
        let email: String?
        let password: String?
    }

    func register(on router: Router<AppRequestContext>) {
        router.get(":lang/verify") { request, context in
            try form(request, context, action: "verify", text: .verify, fields: tokenField(request))
        }
        router.post(":lang/verify") { request, context in
            let (language, form) = try await submitted(request, context)
            try await identity.verifyEmail(token: form.token ?? "")
            return done(.verified, language)
        }
        router.get(":lang/password/forgot") { request, context in
            try form(request, context, action: "password/forgot", text: .forgot, fields: field("email", type: "email", label: .emailLabel, request))
        }
        router.post(":lang/password/forgot") { request, context in
            let (language, form) = try await submitted(request, context)
            try await identity.forgotPassword(email: form.email ?? "", clientAddress: context.clientAddress)
            return done(.resetSent, language)
        }
        router.get(":lang/password/reset") { request, context in
            try form(
                request,
                context,
                action: "password/reset",
                text: .reset,
                fields: { language in
                    tokenField(request)(language) + field("password", type: "password", label: .newPasswordLabel, request)(language)
                }
            )
        }
        router.post(":lang/password/reset") { request, context in
            let (language, form) = try await submitted(request, context)
            try await identity.resetPassword(token: form.token ?? "", newPassword: form.password ?? "")
            return done(.passwordChanged, language)
        }
    }

    private func language(_ context: AppRequestContext) throws -> Language {
        guard let language = Language(rawValue: context.parameters.get("lang") ?? "") else { throw CitasError(.notFound) }
        return language
    }

    private func tokenField(_ request: Request) -> (Language) -> String {
        let token = request.uri.queryParameters.get("token") ?? ""
        return { _ in "<input type=\"hidden\" name=\"token\" value=\"\(HTMLPage.escape(String(token.prefix(128))))\">" }
    }

    private func field(_ name: String, type: String, label: PageText, _ request: Request) -> (Language) -> String {
        { language in
            "<p><label for=\"\(name)\">\(label.text(language))</label><br>"
                + "<input id=\"\(name)\" name=\"\(name)\" type=\"\(type)\" required autocomplete=\"\(type == "email" ? "email" : "new-password")\"></p>"
        }
    }

    private func form(
        _ request: Request,
        _ context: AppRequestContext,
        action: String,
        text: PageText,
        fields: (Language) -> String
    ) throws
        -> Response
    {
        let language = try language(context)
        let csrf = CSRF.token(for: request, secure: identity.settings.secureCookies)
        let html = HTMLPage.render(
            title: text.text(language),
            content: """
                <h1>\(text.text(language))</h1>
                <form method="post" action="/\(language.rawValue)/\(action)">
                \(CSRF.hiddenField(csrf.value))
                \(fields(language))
                <p><button type="submit">\(PageText.submit.text(language))</button></p>
                </form>
                """,
            language: language
        )
        var response = Response.html(html)
        if let cookie = csrf.cookie { response.setCookie(cookie) }
        return response
    }

    private func submitted(_ request: Request, _ context: AppRequestContext) async throws -> (Language, Form) {
        let language = try language(context)
        let body = try await request.body.collect(upTo: 16 * 1024)
        let form = try URLEncodedFormDecoder().decode(Form.self, from: String(buffer: body))
        try CSRF.check(request, submitted: form.csrf)
        return (language, form)
    }

    private func done(_ text: PageText, _ language: Language) -> Response {
        .html(
            HTMLPage.render(title: text.text(language), content: "<h1>\(text.text(language))</h1><p><a href=\"/\">Citas</a></p>", language: language)
        )
    }
}

/// The few strings of these pages, in both languages.
enum PageText {
    case verify, verified, forgot, resetSent, reset, passwordChanged, submit, emailLabel, newPasswordLabel

    func text(_ language: Language) -> String {
        let pair: (String, String) =
            switch self {
            case .verify: ("Confirme su correo", "Confirm your e-mail")
            case .verified: ("Su cuenta está activa. Ya puede iniciar sesión.", "Your account is active. You can log in now.")
            case .forgot: ("Recuperar contraseña", "Recover your password")
            case .resetSent:
                (
                    "Si la dirección tiene una cuenta, le enviamos un enlace.", "If the address has an account, we sent it a link."
                )
            case .reset: ("Elija una nueva contraseña", "Choose a new password")
            case .passwordChanged: ("Su contraseña cambió.", "Your password was changed.")
            case .submit: ("Continuar", "Continue")
            case .emailLabel: ("Correo electrónico", "E-mail")
            case .newPasswordLabel: ("Nueva contraseña", "New password")
            }
        return language == .es ? pair.0 : pair.1
    }
}
