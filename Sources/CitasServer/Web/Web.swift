import CitasDomain
import CitasPersistence
import Foundation
import HTTPTypes
import Hummingbird

/// What every page handler needs: the stores, the templates, and per request its language, session and CSRF token.
struct Web: Sendable {
    static let sessionCookie = "citas_session"
    static let languageCookie = "citas_lang"

    let app: AppContext
    let renderer: WebRenderer
    let identity: IdentityService
    let pow: ProofOfWorkService
    let limiter: RateLimiter
    let limits: RateLimiter.Rules

    var secureCookies: Bool { identity.settings.secureCookies }

    /// The page's language from its `/es` or `/en` prefix; anything else is not a page.
    func language(_ context: AppRequestContext) throws -> Language {
        guard let language = Language(rawValue: context.parameters.get("lang") ?? "") else { throw CitasError(.notFound) }
        return language
    }

    /// The account of the session cookie, if it is live.
    func accountId(_ request: Request) async throws -> String? {
        try await holder(request)?.id
    }

    private func holder(_ request: Request) async throws -> Account? {
        guard let value = request.cookies[Self.sessionCookie]?.value, value.count <= 128 else { return nil }
        return try await app.sessions.holder(for: SecretToken(value: value), kind: .cookie, now: app.clock.now().epoch)
    }

    /// The signed-in account and a request context that carries it (for per-account limits), or nil.
    func signedIn(_ request: Request, _ context: AppRequestContext) async throws -> AppRequestContext? {
        guard let account = try await holder(request) else { return nil }
        var context = context
        context.accountId = account.id
        RequestLog.facts?.account(account.id)
        context.account = account
        return context
    }

    /// Renders `template` inside the frame, with a CSRF token (set as a cookie when new) and the language remembered.
    func page(
        _ template: String,
        title: String,
        model: some Sendable,
        request: Request,
        language: Language,
        status: HTTPResponse.Status? = nil,
        problems: [FieldProblem] = [],
        notice: String? = nil
    ) async throws -> Response {
        let csrf = CSRF.token(for: request, secure: secureCookies)
        let view = PageView(
            t: .of(language),
            lang: language.rawValue,
            // A refused form says so first in the tab's title, which a screen reader announces on arrival.
            title: problems.isEmpty ? title : Catalogue.of(language).common.errorTitle + " " + title,
            signedIn: try await accountId(request) != nil,
            csrf: csrf.value,
            links: NavLinks(language, path: request.uri.path, phone: renderer.helpPhone),
            problems: problems,
            hasProblems: !problems.isEmpty,
            notice: notice ?? Self.notice(request.uri.queryParameters.get("done"), .of(language)),
            page: model
        )
        // A page showing problems answers 422 unless the caller names another status.
        var response = Response.html(
            try renderer.render(view, template: template),
            status: status ?? (problems.isEmpty ? .ok : .unprocessableContent)
        )
        response.headers[.cacheControl] = "no-store"
        if let cookie = csrf.cookie { response.setCookie(cookie) }
        if request.cookies[Self.languageCookie]?.value != language.rawValue {
            response.setCookie(
                Cookie(name: Self.languageCookie, value: language.rawValue, maxAge: 365 * 86_400, path: "/", secure: secureCookies, sameSite: .lax)
            )
        }
        return response
    }

    /// A fresh proof-of-work for a form, as hard as the account's risk asks.
    func challenge(_ binding: ProofOfWorkBinding, language: Language) async throws -> PowModel {
        var risk = 0
        if !binding.account.isEmpty { risk = try await app.risk.score(accountId: binding.account) }
        return PowModel(try await pow.challenge(binding, riskBits: risk), binding: binding, language: language)
    }

    /// The confirmation a redirect after a form asks for (`?done=booked`); unknown keys show nothing.
    static func notice(_ key: String?, _ t: Catalogue) -> String? {
        switch key {
        case "joined": t.offices.joined
        case "withdrawn": t.account.withdrawn
        case "booked": t.appointment.booked
        case "cancelled": t.appointment.cancelled
        case "same": t.appointment.same
        default: nil
        }
    }

    /// A 303 to a page, so a reload after a form never submits it twice.
    static func redirect(_ url: SiteURL, _ language: Language, query: String = "") -> Response {
        Response(status: .seeOther, headers: [.location: url.path(language) + query])
    }

    /// Decodes a submitted form after checking its shape (`FormBody`) and its CSRF field against the cookie.
    func form<Form: Decodable>(_ type: Form.Type, _ request: Request, limit: Int = 16 * 1024) async throws -> Form {
        let body = String(buffer: try await request.body.collect(upTo: limit))
        try CSRF.check(request, submitted: try FormBody.decode(CSRFField.self, from: body).csrf)
        return try FormBody.decode(Form.self, from: body)
    }

    /// A form and a part that several forms share (the household ticks), read from one body after one CSRF check.
    func form<Form: Decodable, Part: Decodable>(
        _ type: Form.Type,
        with part: Part.Type,
        _ request: Request,
        limit: Int = 16 * 1024
    ) async throws -> (Form, Part) {
        let body = String(buffer: try await request.body.collect(upTo: limit))
        try CSRF.check(request, submitted: try FormBody.decode(CSRFField.self, from: body).csrf)
        return (try FormBody.decode(Form.self, from: body), try FormBody.decode(Part.self, from: body))
    }

    struct CSRFField: Decodable {
        let csrf: String?
    }
}
