import CitasDomain
import Foundation
import Mustache

/// The Mustache templates shipped with the server, parsed once at start-up. A template that does not parse stops
/// the server from starting rather than failing a citizen's page later.
struct WebRenderer: Sendable {
    let library: MustacheLibrary
    /// The help line every page's footer shows (`CITAS_HELP_PHONE`).
    let helpPhone: String

    init(helpPhone: String = AppConfig.defaultHelpPhone) throws {
        self.helpPhone = helpPhone
        library = MustacheLibrary(templates: try Self.templateSources().mapValues { try MustacheTemplate(string: $0) })
    }

    /// Each shipped template's text by name (the file name without `.mustache`).
    static func templateSources() throws -> [String: String] {
        guard let directory = Bundle.module.url(forResource: "templates", withExtension: nil) else {
            throw CitasError(.internalError, detail: "templates missing from the bundle")
        }
        var sources: [String: String] = [:]
        for file in try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil) where file.pathExtension == "mustache"
        {
            sources[file.deletingPathExtension().lastPathComponent] = try String(contentsOf: file, encoding: .utf8)
        }
        return sources
    }

    func render(_ view: Any, template: String) throws -> String {
        guard let html = library.render(view, withTemplate: template) else {
            throw CitasError(.internalError, detail: "no template \(template)")
        }
        return html
    }
}
