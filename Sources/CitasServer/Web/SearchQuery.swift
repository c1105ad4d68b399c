import CitasDomain
import Hummingbird

extension Request {
    /// A GET form's search box (`q`) as the person typed it, read by the decoder every form goes through (a browser
    /// sends spaces as "+", which the router's query parameters leave as they are). Bounded to `limit` characters; a
    /// query that is not a form is `form_invalid`.
    func searchText(limit: Int = 60) throws(CitasError) -> String {
        struct Search: Decodable {
            let q: String?
        }
        return String((try FormBody.decode(Search.self, from: uri.query ?? "").q ?? "").prefix(limit))
    }
}
