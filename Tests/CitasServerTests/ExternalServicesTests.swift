import CitasDomain
import CitasPersistence
import CitasTestSupport
import Foundation
import Hummingbird
import Testing

@testable import CitasServer

@Suite("Real peers: an HTTP CURP registry and an SMTP relay")
struct ExternalServicesTests {
    /// A stand-in registry: knows person 1 (consistent), says person 2's birth date differs, does not know others.
    static func registryRouter() -> Router<BasicRequestContext> {
        struct Query: Decodable { let curp: String }
        let router = Router()
        router.post("renapo") { request, context in
            let query = try await request.decode(as: Query.self, context: context)
            let status: String
            switch query.curp {
            case TestData.curp(1).value: status = #"{"status":"consistent"}"#
            case TestData.curp(2).value: status = #"{"status":"inconsistent","part":"birth_date"}"#
            default: status = #"{"status":"unknown"}"#
            }
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: .init(string: status)))
        }
        return router
    }

    @Test("The HTTP registry maps the registry's answers to Citas' codes")
    func httpRegistry() async throws {
        let server = try await ServerHandle.start(router: Self.registryRouter())
        let registry = HTTPCurpRegistry(endpoint: URL(string: "http://127.0.0.1:\(server.port)/renapo")!)
        try await registry.confirm(TestData.curp(1), identity: TestData.identity(1))
        await #expect(throws: CitasError(.curpMismatchBirthDate)) { try await registry.confirm(TestData.curp(2), identity: TestData.identity(2)) }
        await #expect(throws: CitasError(.curpNotInRegistry)) { try await registry.confirm(TestData.curp(3), identity: TestData.identity(3)) }
        await server.stop()
        await #expect(throws: CitasError(.registryUnavailable)) { try await registry.confirm(TestData.curp(1), identity: TestData.identity(1)) }
    }

    @Test("Outbox messages reach a real SMTP server (aiosmtpd) intact")
    func smtp() async throws {
        let relay = try await SMTPRelay.start()
        let transport = SMTPTransport(
            settings: SMTPSettings(host: "127.0.0.1", port: relay.port, username: nil, password: nil, from: "citas@example.com", requireTLS: false)
        )
        let mail = MailTemplates.verification(to: "ana@example.com", link: "http://127.0.0.1:8080/es/verify?token=abc", language: .es)
        let dotted = OutgoingMail(kind: mail.kind, recipient: mail.recipient, subject: mail.subject, body: mail.body + "\n.\n..fin")
        try await transport.deliver(OutboxMessage(id: 7, mail: dotted, createdAt: 1_796_083_200, attempts: 1))
        let received = try await relay.messages(expecting: 1)
        await relay.stop()
        let message = try #require(received.first)
        #expect(message.contains("Message-ID: <outbox-7-1796083200@citas>"))
        #expect(message.contains("Para activar su cuenta de Citas"))
        #expect(message.contains("token=abc"))
        #expect(message.hasSuffix("\n.\n..fin\n") || message.contains("\n.\n..fin"))
    }
}

/// aiosmtpd (from PyPI) on a free loopback port, storing what it receives in a Maildir.
struct SMTPRelay {
    let port: Int
    let process: Process
    let maildir: URL

    static func start() async throws -> SMTPRelay {
        let maildir = FileManager.default.temporaryDirectory.appendingPathComponent("citas-maildir-\(UUID().uuidString)")
        let port = Int.random(in: 20_000..<60_000)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-m", "aiosmtpd", "-n", "-l", "127.0.0.1:\(port)", "-c", "aiosmtpd.handlers.Mailbox", maildir.path]
        // Not the test runner's pipes: an orphaned relay must never keep `swift test` waiting for output.
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        for _ in 0..<100 {
            if FileManager.default.fileExists(atPath: maildir.appendingPathComponent("new").path), await isListening(port) {
                return SMTPRelay(port: port, process: process, maildir: maildir)
            }
            try await Task.sleep(for: .milliseconds(100))
            guard process.isRunning else { break }
        }
        kill(process.processIdentifier, SIGKILL)
        throw SMTPError(reply: "aiosmtpd did not start (pip install aiosmtpd)")
    }

    static func isListening(_ port: Int) async -> Bool {
        (try? await SMTPSession.connect(host: "127.0.0.1", port: port).close()) != nil
    }

    func messages(expecting count: Int) async throws -> [String] {
        let folder = maildir.appendingPathComponent("new")
        for _ in 0..<50 {
            let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            if files.count >= count {
                return try files.map { try String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8) }
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        return []
    }

    /// Stops the relay: SIGINT (what aiosmtpd listens for), then SIGKILL if it lingers
    /// (`waitUntilExit` can block a concurrency thread).
    func stop() async {
        process.interrupt()
        for _ in 0..<20 where process.isRunning { try? await Task.sleep(for: .milliseconds(100)) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        try? FileManager.default.removeItem(at: maildir)
    }
}

@Suite("citas email check and blocklist files")
struct EmailCheckTests {
    @Test("One answer per address, operator rules included", arguments: TestDatabase.engines)
    func answers(engine: DatabaseEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let rules = EmailRuleStore(database: database)
            let policy = try EmailPolicy.shipped
            try await rules.set(.block, for: try EmailCheck.domains(fromList: "# gestores\nEvil.Example  # seen 2026-11\n\n"), source: "test", now: 0)
            let cases = [
                ("A.na+citas@Gmail.com", "allowed a.na+citas@gmail.com ana@gmail.com"), ("x@a.b.mailinator.com", "blocked email_disposable"),
                ("y@sub.evil.example", "blocked email_disposable"),
                ("z@privaterelay.appleid.com", "relay z@privaterelay.appleid.com z@privaterelay.appleid.com"),
                ("nope", "invalid email_syntax"), ("ana@example.com.", "allowed ana@example.com ana@example.com"),
            ]
            for (input, expected) in cases {
                #expect(try await EmailCheck.answer(input, policy: policy, rules: rules) == expected)
            }
        }
    }
}
