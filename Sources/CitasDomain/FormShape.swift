import Foundation

/// The shape every form body of Citas has: a few dozen flat `key=value` fields with plain keys and values that
/// percent-decode to UTF-8. Anything else is a damaged or forged body (`form_invalid`), refused before a generic
/// decoder sees it: bad escapes (`%ZZ`), nested keys (`email[a][a]…`, whose recursive decoding a deep enough body
/// turns into a crash), control characters in a key, or more fields than any form has.
public enum FormShape {
    public static let maximumFields = 64
    public static let maximumKeyLength = 40

    /// Throws unless every field is `key=value` with a plain key and a value that percent-decodes to UTF-8.
    public static func check(_ body: String) throws(CitasError) {
        guard !body.isEmpty else { return }
        let pairs = body.split(separator: "&", omittingEmptySubsequences: false)
        guard pairs.count <= maximumFields else { throw CitasError(.formInvalid, detail: "fields") }
        for pair in pairs {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let key = parts.first, (1...maximumKeyLength).contains(key.utf8.count), key.utf8.allSatisfy(isKeyByte) else {
                throw CitasError(.formInvalid, detail: "key")
            }
            if parts.count == 2, String(parts[1]).replacingOccurrences(of: "+", with: " ").removingPercentEncoding == nil {
                throw CitasError(.formInvalid, detail: String(key))
            }
        }
    }

    /// Letters, digits and `_`: the only characters Citas uses in field names.
    private static func isKeyByte(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "_")
    }
}
