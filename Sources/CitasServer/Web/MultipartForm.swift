import CitasDomain
import Foundation
import Hummingbird
import MultipartKit

extension Web {
    /// A form sent as `multipart/form-data` (one with a file), after its CSRF check, or — the same fields sent
    /// url-encoded — read as any form. Bounded like every form; a body that is not what it says is `form_invalid`.
    func uploadForm<Form: Decodable>(_ type: Form.Type, _ request: Request, limit: Int) async throws -> Form {
        guard let boundary = Self.boundary(request.headers[.contentType] ?? "") else { return try await form(type, request, limit: limit) }
        let buffer = try await request.body.collect(upTo: limit)
        let decoder = FormDataDecoder()
        try CSRF.check(request, submitted: (try? decoder.decode(CSRFField.self, from: buffer, boundary: boundary))?.csrf)
        do {
            return try decoder.decode(Form.self, from: buffer, boundary: boundary)
        } catch {
            throw CitasError(.formInvalid)
        }
    }

    /// The boundary of a `multipart/form-data` content type, quoted or not; nil for any other type.
    static func boundary(_ contentType: String) -> String? {
        let parts = contentType.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.first?.lowercased() == "multipart/form-data" else { return nil }
        for part in parts.dropFirst() where part.lowercased().hasPrefix("boundary=") {
            let value = part.dropFirst("boundary=".count).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            return (1...70).contains(value.count) ? value : nil
        }
        return nil
    }
}
