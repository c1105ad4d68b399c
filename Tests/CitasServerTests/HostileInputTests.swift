import CitasPersistence
import CitasTestSupport
import Foundation
import HTTPTypes
import Logging
import Testing

@testable import CitasServer

/// Bodies and values no browser sends: each is a clear 400 that changes nothing, and nothing of it forges a log line.
@Suite("Hostile input")
struct HostileInputTests {
    @Test("Damaged form bodies answer 400 form_invalid and change nothing", arguments: TestDatabase.engines)
    func damagedForms(engine: DatabaseEngine) async throws {
        try await withServer(engine) { fixture in
            let browser = PageClient(fixture.client)
            let page = try await browser.get("/es/register")
            let csrf = try #require(page.input("csrf"))
            let before = try await writtenRows(fixture.app.database)
            let nested = "email" + String(repeating: "[a]", count: 5_000) + "=x"
            let bodies = [
                "csrf=\(csrf)&email=%ZZ", "csrf=\(csrf)&\(nested)", "csrf=\(csrf)&em\nail=x&password=a",
                "csrf=\(csrf)&email=%FF%FE", "csrf=\(csrf)&" + (0..<100).map { "f\($0)=1" }.joined(separator: "&"),
            ]
            for body in bodies {
                let answer = try await browser.post("/es/register", raw: body)
                #expect(answer.status == .badRequest)
                #expect(answer.html.contains("El formulario llegó dañado"))
            }
            #expect(try await writtenRows(fixture.app.database) == before)
        }
    }

    @Test("A log line is one line whatever a value holds: JSON that parses, or text with escapes")
    func logLines() throws {
        let forged = "x\n2026-12-02T10:00:00Z critical citas: admin password reset\r\u{1B}[2J\u{200B}\"}"
        let metadata: Logger.Metadata = ["error": "\(forged)", "key\nforged": "1", "level": "critical"]
        let json = LineLogHandler.line(format: .json, time: Date(), level: .error, label: "citas", message: forged, metadata: metadata)
        #expect(!json.contains("\n") && !json.contains("\r") && !json.contains("\u{1B}") && !json.contains("\u{200B}"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: String])
        #expect(object["message"] == forged && object["level"] == "error" && object["error"] == forged && object["metadata.level"] == "critical")
        let text = LineLogHandler.line(format: .text, time: Date(), level: .error, label: "citas", message: forged, metadata: metadata)
        #expect(!text.contains("\n") && !text.contains("\r") && !text.contains("\u{1B}") && text.contains("\\n2026-12-02"))
        let long = LineLogHandler.line(
            format: .json,
            time: Date(),
            level: .info,
            label: "citas",
            message: String(repeating: "a", count: 10_000),
            metadata: [:]
        )
        #expect(long.count < 700)
    }
}
