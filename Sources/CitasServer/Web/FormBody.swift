import CitasDomain
import Foundation
import Hummingbird

/// A submitted `application/x-www-form-urlencoded` body, checked before it is decoded.
///
/// Every form of Citas is flat: a few dozen named text fields. Anything else is a damaged or forged body and is
/// refused as `form_invalid` (400) before the generic decoder sees it: bad percent-escapes (`%ZZ`), nested keys
/// (`email[a][a]…`, whose recursive decoding a deep enough body turns into a crash), control characters in a key,
/// or more fields than any form has.
enum FormBody {
    static let maximumFields = 64
    static let maximumKeyLength = 40

    /// Decodes `body` as `Form` after checking its shape; any failure is `form_invalid`.
    static func decode<Form: Decodable>(_ type: Form.Type, from body: String) throws(CitasError) -> Form {
        try check(body)
        do {
            return try URLEncodedFormDecoder().decode(Form.self, from: body)
        } catch {
            throw CitasError(.formInvalid)
        }
    }

    /// Throws unless every field is `key=value` with a plain key and a value that percent-decodes to UTF-8.
    static func check(_ body: String) throws(CitasError) {
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
