import CitasDomain
import CitasPersistence
import Foundation

/// Hands one outbox message to the outside world. Must be safe to call again for the same message after a crash:
/// the message id stays the same, so files are overwritten and receivers can drop duplicates by Message-ID.
public protocol MailTransport: Sendable {
    func deliver(_ message: OutboxMessage) async throws
}

/// The RFC 5322 form of an outbox message: UTF-8 text, 8-bit, CRLF line ends; with attachments, a MIME
/// multipart/mixed message (RFC 2046) whose first part is the text and whose files are base64.
enum MailFormat {
    static func rfc5322(_ message: OutboxMessage, from: String) -> String {
        let date = Date(timeIntervalSince1970: TimeInterval(message.createdAt))
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        var headers = [
            "From: Citas <\(from)>",
            "To: <\(message.mail.recipient)>",
            "Subject: =?UTF-8?B?\(Data(message.mail.subject.utf8).base64EncodedString())?=",
            "Date: \(formatter.string(from: date))",
            "Message-ID: <outbox-\(message.id)-\(message.createdAt)@citas>",
            "MIME-Version: 1.0",
        ]
        let text = ["Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: 8bit"]
        let body = message.mail.body.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n")
        guard !message.mail.attachments.isEmpty else {
            return (headers + text).joined(separator: "\r\n") + "\r\n\r\n" + body + "\r\n"
        }
        // Base64 and the text part never hold this line: the id makes it unique per message.
        let boundary = "citas-part-\(message.id)-\(message.createdAt)"
        headers.append("Content-Type: multipart/mixed; boundary=\"\(boundary)\"")
        var parts = ["--\(boundary)\r\n" + text.joined(separator: "\r\n") + "\r\n\r\n" + body + "\r\n"]
        for file in message.mail.attachments {
            let lines = stride(from: 0, to: file.data.count, by: 57).map {
                file.data[file.data.startIndex + $0..<file.data.startIndex + min($0 + 57, file.data.count)].base64EncodedString()
            }
            parts.append(
                "--\(boundary)\r\n"
                    + [
                        "Content-Type: \(file.contentType); name=\"\(file.filename)\"",
                        "Content-Disposition: attachment; filename=\"\(file.filename)\"", "Content-Transfer-Encoding: base64",
                    ].joined(separator: "\r\n") + "\r\n\r\n" + lines.joined(separator: "\r\n") + "\r\n"
            )
        }
        return headers.joined(separator: "\r\n") + "\r\n\r\n" + parts.joined() + "--\(boundary)--\r\n"
    }
}

/// The default transport: one `.eml` file per message, so a newcomer can open the verification link locally.
public struct EmlFileTransport: MailTransport {
    let directory: URL
    let from: String

    public init(directory: URL, from: String) {
        self.directory = directory
        self.from = from
    }

    public func deliver(_ message: OutboxMessage) async throws {
        // Mail holds live links until it is read: the directory and every file are their owner's only.
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let target = directory.appendingPathComponent(String(format: "%08d-%@.eml", message.id, message.mail.kind))
        try Data(MailFormat.rfc5322(message, from: from).utf8).write(to: target, options: .atomic)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: target.path)
    }
}
