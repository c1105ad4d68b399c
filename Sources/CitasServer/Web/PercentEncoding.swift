import Foundation

/// Percent-encoding for values put into links.
enum PercentEncoding {
    /// A query value: everything but unreserved characters encoded.
    static func query(_ value: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }
}
