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

    public init(
        id: String,
        email: String,
        curp: String,
        identity: DeclaredIdentity,
        phone: String?,
        language: Language,
        relayEmail: Bool,
        verifiedAt: Date?
    ) {
        self.id = id
        self.email = email
        self.curp = curp
        self.identity = identity
        self.phone = phone
        self.language = language
        self.relayEmail = relayEmail
        self.verifiedAt = verifiedAt
    }

    public var isVerified: Bool { verifiedAt != nil }
}

/// An e-mail waiting in the outbox.
public struct OutgoingMail: Sendable, Hashable {
    public let kind: String
    public let recipient: String
    public let subject: String
    public let body: String

    public init(kind: String, recipient: String, subject: String, body: String) {
        self.kind = kind
        self.recipient = recipient
        self.subject = subject
        self.body = body
    }
}
