import CitasDomain
import Foundation
import Hummingbird

/// The HTML error pages (404, 429 with the wait, 500 and the rest) in the language of the page that failed.
struct ErrorPages: Sendable {
    let renderer: WebRenderer

    /// The language of the path's `/es` or `/en` prefix, else the browser's.
    static func language(of request: Request) -> Language {
        let prefix = request.uri.path.split(separator: "/").first.map(String.init) ?? ""
        return Language(rawValue: prefix) ?? Language.preferred(fromAcceptLanguage: request.headers[.acceptLanguage])
    }

    func render(_ error: CitasError, language: Language, path: String) -> String {
        let t = Catalogue.of(language)
        let heading: String =
            switch error.code.httpStatus.code {
            case 404: t.errors.notFound
            case 429: t.errors.tooMany
            case 500...: t.errors.serverError
            default: error.message(in: language)
            }
        let view = PageView(
            t: t,
            lang: language.rawValue,
            title: heading,
            signedIn: false,
            csrf: "",
            links: NavLinks(language, path: path.hasPrefix("/\(language.rawValue)") ? path : "/\(language.rawValue)", phone: renderer.helpPhone),
            problems: [],
            hasProblems: false,
            notice: nil,
            page: ErrorPage(
                heading: heading,
                message: error.message(in: language),
                retryAfter: error.retryAfter.map { Formats(language: language).tryAgain(after: $0) }
            )
        )
        return (try? renderer.render(view, template: "error")) ?? error.message(in: language)
    }
}
