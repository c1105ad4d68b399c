import CitasDomain
import Hummingbird

/// `/` sends a person to their language (a remembered choice first, then the browser's); `/es` and `/en` are the
/// home page.
struct HomePages {
    let web: Web

    func register(on router: Router<AppRequestContext>) {
        router.get("/") { request, _ in
            let remembered = request.cookies[Web.languageCookie].flatMap { Language(rawValue: $0.value) }
            let language = remembered ?? Language.preferred(fromAcceptLanguage: request.headers[.acceptLanguage])
            return Web.redirect(.home, language)
        }
        router.get(SiteURL.home.route) { request, context in
            let language = try web.language(context)
            return try await web.page("home", title: Catalogue.of(language).home.title, model: "", request: request, language: language)
        }
    }
}
