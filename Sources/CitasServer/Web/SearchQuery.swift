import Foundation
import Hummingbird

extension Request {
    /// The value of a GET form's field as the person typed it: a browser sends spaces as "+" in a query (and a "+"
    /// typed as `%2B`), which the router's query parameters leave as they are. Bounded to `limit` characters.
    func typed(_ name: String, limit: Int = 60) -> String {
        for pair in (uri.query ?? "").split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, parts[0] == name else { continue }
            let value = parts[1].replacingOccurrences(of: "+", with: " ")
            return String((value.removingPercentEncoding ?? value).prefix(limit))
        }
        return ""
    }
}
