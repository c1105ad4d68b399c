import CitasDomain
import CitasPersistence
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
            let t = Catalogue.of(language)
            // The soonest draw anywhere, named with its office: what "the next draw" means before one is chosen.
            let offices = Dictionary(uniqueKeysWithValues: try await web.app.offices.all().map { ($0.code, $0) })
            let soonest = try await web.app.allocations.nextReleases().min { ($0.value.releaseAt, $0.key) < ($1.value.releaseAt, $1.key) }
            let nextDraw = soonest.flatMap { code, next in
                offices[code].map { "\($0.name): " + DrawSentence.next(next, office: $0, t: t, language: language) }
            }
            return try await web.page("home", title: t.home.title, model: HomeModel(nextDraw: nextDraw), request: request, language: language)
        }
    }
}

/// The model of `home.mustache`: the soonest draw at any office, if one is scheduled.
struct HomeModel: Sendable {
    let nextDraw: String?
}
