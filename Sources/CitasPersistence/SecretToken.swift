import CitasDomain
import Crypto
import Foundation

/// A random bearer secret (session, e-mail link) and the only thing the database keeps of it: its SHA-256.
/// A stolen database therefore holds no usable token.
public struct SecretToken: Sendable, Hashable {
    public let value: String

    public init(value: String) {
        self.value = value
    }

    /// 32 random bytes, base64url without padding (43 characters).
    public static func random() -> SecretToken {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let text = Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        return SecretToken(value: text)
    }

    /// Lower-case hex SHA-256 of the token text.
    public var hash: String {
        SHA256.hash(data: Data(value.utf8)).hexString
    }
}
