import Foundation

/// A citizen's account: one per CURP and per mailbox.
public struct Account: Sendable, Hashable {
    public let id: String
    public let email: String
    public let curp: String
    public let identity: DeclaredIdentity
    public let phone: String?
    public let language: Language
    /// Registered through a forwarding alias: allowed, but reviewed more closely.
    public let relayEmail: Bool
    public let verifiedAt: Date?
    /// The procedure and validity chosen after log-in, if any.
    public let procedure: Procedure?
    public let validityYears: Int?

    public init(
        id: String,
        email: String,
        curp: String,
        identity: DeclaredIdentity,
        phone: String?,
        language: Language,
        relayEmail: Bool,
        verifiedAt: Date?,
        procedure: Procedure? = nil,
        validityYears: Int? = nil
    ) {
        self.id = id
        self.email = email
        self.curp = curp
        self.identity = identity
        self.phone = phone
        self.language = language
        self.relayEmail = relayEmail
        self.verifiedAt = verifiedAt
        self.procedure = procedure
        self.validityYears = validityYears
    }

    public var isVerified: Bool { verifiedAt != nil }
}

/// An e-mail waiting in the outbox.
public struct OutgoingMail: Sendable, Hashable {
    public let kind: String
    public let recipient: String
    public let subject: String
    public let body: String
    /// The appointment the message is about, whose comprobante is attached when it is sent (if still live).
    public let folio: String?
    /// Files added when the message is sent; never stored in the outbox.
    public let attachments: [MailAttachment]

    public init(kind: String, recipient: String, subject: String, body: String, folio: String? = nil, attachments: [MailAttachment] = []) {
        self.kind = kind
        self.recipient = recipient
        self.subject = subject
        self.body = body
        self.folio = folio
        self.attachments = attachments
    }
}

/// A file sent with an e-mail.
public struct MailAttachment: Sendable, Hashable {
    public let filename: String
    /// The MIME type, with its parameters (`text/calendar; charset=utf-8; method=PUBLISH`).
    public let contentType: String
    public let data: Data

    public init(filename: String, contentType: String, data: Data) {
        self.filename = filename
        self.contentType = contentType
        self.data = data
    }
}
