import CitasDomain
import CitasPersistence
import Hummingbird

/// Double-submit CSRF protection for forms: a random value in a SameSite=Strict, HttpOnly cookie and the same
/// value in a hidden field; a POST whose field does not equal the cookie changes nothing.
enum CSRF {
    static let cookieName = "citas_csrf"
    static let fieldName = "csrf"

    /// The request's token, or a new one (then `cookie` must be set on the response).
    static func token(for request: Request, secure: Bool) -> (value: String, cookie: Cookie?) {
        if let existing = request.cookies[cookieName]?.value, existing.count == 43 { return (existing, nil) }
        let value = SecretToken.random().value
        return (value, Cookie(name: cookieName, value: value, path: "/", secure: secure, httpOnly: true, sameSite: .strict))
    }

    /// Throws `csrf_invalid` unless the submitted field equals the cookie (compared in constant time).
    static func check(_ request: Request, submitted: String?) throws(CitasError) {
        guard let cookie = request.cookies[cookieName]?.value, let submitted, cookie.utf8.count == submitted.utf8.count,
            zip(cookie.utf8, submitted.utf8).reduce(0, { $0 | ($1.0 ^ $1.1) }) == 0
        else { throw CitasError(.csrfInvalid) }
    }
}
