import Crypto
import Foundation
import X509

/// A Document Signer's or CSCA's private key, kept as the curve's own type so it can sign raw bytes (CMS signed
/// attributes) as well as certificates.
public enum SigningKey: Sendable {
    case p256(P256.Signing.PrivateKey)
    case p384(P384.Signing.PrivateKey)

    public init(_ curve: PassportPKI.Curve) {
        switch curve {
        case .p256: self = .p256(P256.Signing.PrivateKey())
        case .p384: self = .p384(P384.Signing.PrivateKey())
        }
    }

    /// Reads a PKCS#8 or SEC1 PEM key of either curve.
    public init(pem: String) throws {
        if let key = try? P256.Signing.PrivateKey(pemRepresentation: pem) {
            self = .p256(key)
        } else {
            self = .p384(try P384.Signing.PrivateKey(pemRepresentation: pem))
        }
    }

    public var pem: String {
        switch self {
        case .p256(let key): key.pemRepresentation
        case .p384(let key): key.pemRepresentation
        }
    }

    public var curve: PassportPKI.Curve {
        switch self {
        case .p256: .p256
        case .p384: .p384
        }
    }

    public var certificateKey: Certificate.PrivateKey {
        switch self {
        case .p256(let key): Certificate.PrivateKey(key)
        case .p384(let key): Certificate.PrivateKey(key)
        }
    }

    var signatureAlgorithm: Certificate.SignatureAlgorithm {
        switch self {
        case .p256: .ecdsaWithSHA256
        case .p384: .ecdsaWithSHA384
        }
    }

    /// The SignerInfo's signature algorithm OID and the digest it pairs with (SHA-256 for P-256, SHA-384 for P-384).
    var algorithms: (signature: [UInt], digest: [UInt]) {
        switch self {
        case .p256: (OIDs.ecdsaWithSHA256, OIDs.sha256)
        case .p384: (OIDs.ecdsaWithSHA384, OIDs.sha384)
        }
    }

    func digest(_ bytes: [UInt8]) -> [UInt8] {
        switch self {
        case .p256: Array(SHA256.hash(data: bytes))
        case .p384: Array(SHA384.hash(data: bytes))
        }
    }

    /// ECDSA over `bytes` (hashed with the curve's digest), DER-encoded as CMS carries it.
    func sign(_ bytes: [UInt8]) throws -> [UInt8] {
        switch self {
        case .p256(let key): Array(try key.signature(for: bytes).derRepresentation)
        case .p384(let key): Array(try key.signature(for: bytes).derRepresentation)
        }
    }
}
