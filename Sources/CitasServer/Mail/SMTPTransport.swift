import CitasDomain
import CitasPersistence
import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// Where and how to relay mail.
public struct SMTPSettings: Sendable {
    public var host: String
    public var port: Int
    public var username: String?
    public var password: String?
    public var from: String
    /// Refuse to send when the relay does not offer STARTTLS.
    public var requireTLS: Bool

    public init(host: String, port: Int, username: String?, password: String?, from: String, requireTLS: Bool) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.from = from
        self.requireTLS = requireTLS
    }
}

/// Relays outbox messages over SMTP (RFC 5321): EHLO, STARTTLS when offered, AUTH PLAIN only over TLS,
/// MAIL/RCPT/DATA with dot-stuffing. One connection per message keeps failure handling simple.
public struct SMTPTransport: MailTransport {
    let settings: SMTPSettings

    public init(settings: SMTPSettings) {
        self.settings = settings
    }

    public func deliver(_ message: OutboxMessage) async throws {
        let session = try await SMTPSession.connect(host: settings.host, port: settings.port)
        do {
            try await send(message, over: session)
            _ = try? await session.command("QUIT")
            try? await session.close()
        } catch {
            try? await session.close()
            throw error
        }
    }

    private func send(_ message: OutboxMessage, over session: SMTPSession) async throws {
        try await session.greeting().expect(220)
        var capabilities = try await session.command("EHLO citas.local").expect(250).lines
        if capabilities.contains(where: { $0.uppercased().hasPrefix("STARTTLS") }) {
            try await session.command("STARTTLS").expect(220)
            try await session.startTLS(serverHostname: settings.host)
            capabilities = try await session.command("EHLO citas.local").expect(250).lines
        } else if settings.requireTLS {
            throw SMTPError(reply: "relay does not offer STARTTLS")
        }
        if let username = settings.username, let password = settings.password {
            guard session.isTLS else { throw SMTPError(reply: "refusing to send credentials without TLS") }
            let plain = Data("\0\(username)\0\(password)".utf8).base64EncodedString()
            try await session.command("AUTH PLAIN \(plain)").expect(235)
        }
        try await session.command("MAIL FROM:<\(settings.from)>").expect(250)
        try await session.command("RCPT TO:<\(message.mail.recipient)>").expect(250, 251)
        try await session.command("DATA").expect(354)
        let stuffed = MailFormat.rfc5322(message, from: settings.from).split(separator: "\r\n", omittingEmptySubsequences: false)
            .map { $0.hasPrefix(".") ? "." + $0 : String($0) }.joined(separator: "\r\n")
        try await session.raw(stuffed + ".\r\n").expect(250)
    }
}

/// A reply the relay sent that Citas did not expect.
public struct SMTPError: Error, CustomStringConvertible {
    public let reply: String
    public var description: String { "SMTP: \(reply)" }
}

/// A server reply: its code and text lines.
struct SMTPReply: Sendable {
    let code: Int
    let lines: [String]

    @discardableResult
    func expect(_ codes: Int...) throws -> SMTPReply {
        guard codes.contains(code) else { throw SMTPError(reply: "\(code) \(lines.joined(separator: " | "))") }
        return self
    }
}
