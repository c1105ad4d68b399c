import CitasDomain
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The stylesheet and the proof-of-work script, read once from the bundle and served from memory. Only these
/// names exist: there is no path to walk.
struct StaticFiles: Sendable {
    let files: [String: (type: String, body: ByteBuffer)]

    init() throws {
        guard let directory = Bundle.module.url(forResource: "static", withExtension: nil) else {
            throw CitasError(.internalError, detail: "static files missing from the bundle")
        }
        let types = ["css": "text/css; charset=utf-8", "js": "text/javascript; charset=utf-8"]
        var files: [String: (type: String, body: ByteBuffer)] = [:]
        for file in try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil) {
            guard let type = types[file.pathExtension] else { continue }
            files[file.lastPathComponent] = (type, ByteBuffer(bytes: try Data(contentsOf: file)))
        }
        self.files = files
    }

    func register(on router: Router<AppRequestContext>) {
        router.get("static/:file") { _, context in
            guard let file = files[context.parameters.get("file") ?? ""] else { throw CitasError(.notFound) }
            return Response(
                status: .ok,
                headers: [.contentType: file.type, .cacheControl: "public, max-age=3600"],
                body: .init(byteBuffer: file.body)
            )
        }
    }
}
