import CitasDomain
import Foundation
import Hummingbird

/// A submitted `application/x-www-form-urlencoded` body, checked (`FormShape`) before it is decoded.
enum FormBody {
    /// Decodes `body` as `Form` after checking its shape; any failure is `form_invalid`.
    static func decode<Form: Decodable>(_ type: Form.Type, from body: String) throws(CitasError) -> Form {
        try FormShape.check(body)
        do {
            return try URLEncodedFormDecoder().decode(Form.self, from: body)
        } catch {
            throw CitasError(.formInvalid)
        }
    }
}
