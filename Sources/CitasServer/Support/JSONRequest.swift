import CitasDomain
import Foundation
import Hummingbird
import NIOCore

/// Reads a JSON request body strictly: the right content type, a bounded size, valid JSON of the expected shape.
enum JSONRequest {
    static let maximumBytes = 16 * 1024

    static func decode<T: Decodable>(_ type: T.Type, from request: Request, limit: Int = maximumBytes) async throws -> T {
        guard let contentType = request.headers[.contentType],
            contentType.lowercased().split(separator: ";").first?.trimmingCharacters(in: .whitespaces) == "application/json"
        else { throw CitasError(.unsupportedMediaType) }
        let body = request.body
        let buffer: ByteBuffer
        do {
            buffer = try await body.collect(upTo: limit)
        } catch {
            throw CitasError(.payloadTooLarge)
        }
        do {
            return try JSONDecoder().decode(T.self, from: Data(buffer.readableBytesView))
        } catch let DecodingError.keyNotFound(key, _) {
            throw CitasError(.fieldMissing, detail: key.stringValue)
        } catch let DecodingError.valueNotFound(_, context) {
            throw CitasError(.fieldMissing, detail: context.codingPath.map(\.stringValue).joined(separator: "."))
        } catch let error as CitasError {
            throw error
        } catch {
            throw CitasError(.malformedJSON)
        }
    }
}

/// Length limits on text fields, checked before any field is interpreted.
enum FieldLimits {
    static func check(_ fields: [(name: String, value: String, limit: Int)]) throws(CitasError) {
        for field in fields where field.value.count > field.limit {
            throw CitasError(.fieldTooLong, detail: field.name)
        }
    }
}
