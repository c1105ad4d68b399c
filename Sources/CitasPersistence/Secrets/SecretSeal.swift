import Crypto
import Foundation

/// Seals a secret the database must hold but must not be able to use on its own: an e-mail body with a bearer
/// link while it waits in the outbox, a member of staff's TOTP key. AES-GCM under a key derived from the
/// deployment keys (which live outside the database), one derived key per purpose.
public struct SecretSeal: Sendable {
    /// What is sealed; each has its own derived key, so one kind of sealed value never opens as another.
    public enum Purpose: String, Sendable {
        case mail = "outbox-seal"
        case totp = "staff-totp-seal"
    }

    static let prefix = "sealed:"
    let secrets: DeploymentSecrets
    let purpose: Purpose

    public init(secrets: DeploymentSecrets, purpose: Purpose) {
        self.secrets = secrets
        self.purpose = purpose
    }

    /// `sealed:<key id>:<base64 nonce+ciphertext+tag>`.
    public func seal(_ body: String) throws -> String {
        let key = secrets.current
        let box = try AES.GCM.seal(Data(body.utf8), using: key.derived(for: purpose.rawValue))
        guard let combined = box.combined else { throw SecretSealError.unreadable }
        return "\(Self.prefix)\(key.id):\(combined.base64EncodedString())"
    }

    /// The value as written: sealed values opened with the key that sealed them, others (mail queued before sealing
    /// existed) as they are.
    public func open(_ stored: String) throws -> String {
        guard stored.hasPrefix(Self.prefix) else { return stored }
        let fields = stored.dropFirst(Self.prefix.count).split(separator: ":", maxSplits: 1)
        guard fields.count == 2, let data = Data(base64Encoded: String(fields[1])) else { throw SecretSealError.unreadable }
        guard let key = secrets.keys.first(where: { $0.id == fields[0] }) else { throw SecretSealError.unknownKey }
        let plain = try AES.GCM.open(try AES.GCM.SealedBox(combined: data), using: key.derived(for: purpose.rawValue))
        return String(decoding: plain, as: UTF8.self)
    }
}

/// Why a sealed body could not be opened.
public enum SecretSealError: Error, CustomStringConvertible {
    case unreadable
    /// Sealed under a key that two rotations have since dropped.
    case unknownKey

    public var description: String {
        switch self {
        case .unreadable: "the sealed value is damaged"
        case .unknownKey: "the value was sealed under a key no longer in the deployment keys file"
        }
    }
}
