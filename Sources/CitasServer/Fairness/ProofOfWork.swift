import CitasDomain
import Crypto
import Foundation

/// A signed puzzle: find a `nonce` such that SHA-256 of `"<salt>:<nonce>"` starts with `difficulty` zero bits.
/// The signature (HMAC-SHA256 with the deployment's secret) lets any instance check it without storing it.
public struct ProofOfWorkChallenge: Codable, Sendable, Equatable {
    public let algorithm: String
    public let scope: String
    public let salt: String
    public let expiresAt: Int
    public let difficulty: Int
    public let signature: String

    /// The text the signature covers: what the work buys and the puzzle. `|` cannot occur in a scope, an office
    /// code or an account id, so no two bindings sign the same text.
    static func signedText(_ binding: ProofOfWorkBinding, salt: String, expiresAt: Int, difficulty: Int) -> String {
        "citas-pow-v2|\(binding.scope)|\(binding.office)|\(binding.account)|\(salt)|\(expiresAt)|\(difficulty)"
    }

    /// The header value a client sends back: the challenge's fields and its nonce, separated by dots.
    public func proof(nonce: String) -> String {
        [scope, salt, String(expiresAt), String(difficulty), signature, nonce].joined(separator: ".")
    }
}

/// The hashing side of proof-of-work, shared by the server's checker and the tests' solver.
public enum ProofOfWorkHash {
    /// Leading zero bits of SHA-256(`salt:nonce`).
    public static func zeroBits(salt: String, nonce: String) -> Int {
        var bits = 0
        for byte in SHA256.hash(data: Data("\(salt):\(nonce)".utf8)) {
            if byte == 0 {
                bits += 8
                continue
            }
            return bits + byte.leadingZeroBitCount
        }
        return bits
    }

    /// The smallest decimal nonce that solves `challenge` (what the page's script does, in Swift).
    public static func solve(_ challenge: ProofOfWorkChallenge) -> String {
        var nonce = 0
        while zeroBits(salt: challenge.salt, nonce: String(nonce)) < challenge.difficulty { nonce += 1 }
        return String(nonce)
    }

    static func hmac(_ text: String, key: SymmetricKey) -> String {
        HMAC<SHA256>.authenticationCode(for: Data(text.utf8), using: key).hexString
    }

    /// Equal-length strings compared without an early exit, so timing reveals nothing about the signature.
    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let (x, y) = (Array(a.utf8), Array(b.utf8))
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
