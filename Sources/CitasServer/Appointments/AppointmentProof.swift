import CitasDomain
import CitasPersistence
import Crypto
import Foundation

extension AppointmentProof {
    /// What a check of a scanned code found.
    public enum Verdict: Sendable, Hashable {
        case valid(AppointmentProof)
        /// Not a Citas code at all, or damaged in a way the QR code's error correction could not mend.
        case malformed
        /// Well formed, but no key of this service signed it: altered or forged.
        case forged
    }

    /// Checks `text` against `publicKeys` (current first, then the previous one after a rotation).
    public static func verify(_ text: String, publicKeys: [Curve25519.Signing.PublicKey]) -> Verdict {
        guard let reading = read(text) else { return .malformed }
        let message = Data(reading.proof.signedText.utf8)
        guard publicKeys.contains(where: { $0.isValidSignature(Data(reading.signature), for: message) }) else { return .forged }
        return .valid(reading.proof)
    }
}

/// Signs comprobante codes with an Ed25519 key derived from the deployment keys (so it rotates with them, and a
/// database copy cannot sign), and publishes the public halves that staff devices check codes with.
public struct AppointmentProofSigner: Sendable {
    let signingKey: Curve25519.Signing.PrivateKey
    /// The current key's public half first, then the previous one's: codes printed before a rotation still check.
    public let publicKeys: [Curve25519.Signing.PublicKey]

    public init(secrets: DeploymentSecrets) throws {
        let keys = try secrets.keys.map { key in
            try key.derived(for: "appointment proof").withUnsafeBytes { try Curve25519.Signing.PrivateKey(rawRepresentation: Data($0)) }
        }
        signingKey = keys[0]
        publicKeys = keys.map(\.publicKey)
    }

    /// The text the QR code carries.
    public func code(for proof: AppointmentProof) throws -> String {
        proof.code(signature: Array(try signingKey.signature(for: Data(proof.signedText.utf8))))
    }

    /// The public keys as base64 text, one per line, for `citas appointment verify-qr --public-key` on a desk machine.
    public var publishedKeys: [String] { publicKeys.map { $0.rawRepresentation.base64EncodedString() } }
}
