import Crypto
import Foundation
import SwiftASN1
import X509

/// The country's e-passport PKI: a Country Signing CA (CSCA) and the Document Signers (DS) it certifies, with the
/// Doc 9303 Part 12 profiles. Keys are ECDSA on a named curve (P-256 by default, P-384 as an option).
///
/// Deviation, chosen knowingly: Part 12 asks for explicit EC domain parameters in the public key info; Citas writes
/// the named-curve OID, as swift-certificates does and as OpenSSL 3 requires to build a chain at all. Readers that
/// insist on explicit parameters would need a re-encoded SubjectPublicKeyInfo; the README records this.
public enum PassportPKI {
    public enum Curve: String, Sendable, CaseIterable {
        case p256 = "P-256"
        case p384 = "P-384"
    }

    /// A certificate with its private key.
    public struct Signer: Sendable {
        public let certificate: Certificate
        public let key: SigningKey

        public init(certificate: Certificate, key: SigningKey) {
            self.certificate = certificate
            self.key = key
        }
    }

    /// The CSCA key signs for 5 years; its certificate lives on for the longest DS certificate it may sign.
    public static let cscaKeyYears = 5
    /// A DS key signs passports for 3 months; its certificate outlives the last 10-year passport it signed.
    public static let dsKeyMonths = 3
    public static let longestPassportYears = 10

    static func name(_ commonName: String) throws -> DistinguishedName {
        try DistinguishedName {
            CountryName("MX")
            OrganizationName("Secretaria de Relaciones Exteriores")
            CommonName(commonName)
        }
    }

    /// A self-signed CSCA: CA with path length 0, keyCertSign and cRLSign only, key usage period recorded.
    public static func makeCSCA(curve: Curve = .p256, now: Date = Date()) throws -> Signer {
        let key = SigningKey(curve)
        let keyEnd = now.addingYears(cscaKeyYears)
        let name = try name("CSCA Mexico")
        let certificate = try Certificate(
            version: .v3,
            serialNumber: Certificate.SerialNumber(),
            publicKey: key.certificateKey.publicKey,
            notValidBefore: now.certificateStart,
            notValidAfter: keyEnd.addingYears(longestPassportYears).addingMonths(dsKeyMonths),
            issuer: name,
            subject: name,
            signatureAlgorithm: key.signatureAlgorithm,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
                Critical(KeyUsage(keyCertSign: true, cRLSign: true))
                SubjectKeyIdentifier(hash: key.certificateKey.publicKey)
                try ICAOExtensions.privateKeyUsagePeriod(from: now, to: keyEnd)
            },
            issuerPrivateKey: key.certificateKey
        )
        return Signer(certificate: certificate, key: key)
    }

    /// A Document Signer under `csca`: digitalSignature only, not a CA, document types {"P"}, valid for its key
    /// usage period plus the longest passport it may sign.
    public static func makeDS(under csca: Signer, number: Int, curve: Curve = .p256, now: Date = Date()) throws -> Signer {
        let key = SigningKey(curve)
        let keyEnd = now.addingMonths(dsKeyMonths)
        let certificate = try Certificate(
            version: .v3,
            serialNumber: Certificate.SerialNumber(),
            publicKey: key.certificateKey.publicKey,
            notValidBefore: now.certificateStart,
            notValidAfter: keyEnd.addingYears(longestPassportYears),
            issuer: csca.certificate.subject,
            subject: try name("Document Signer Mexico \(number)"),
            signatureAlgorithm: csca.key.signatureAlgorithm,
            extensions: try Certificate.Extensions {
                Critical(KeyUsage(digitalSignature: true))
                AuthorityKeyIdentifier(keyIdentifier: SubjectKeyIdentifier(hash: csca.certificate.publicKey).keyIdentifier)
                SubjectKeyIdentifier(hash: key.certificateKey.publicKey)
                try ICAOExtensions.privateKeyUsagePeriod(from: now, to: keyEnd)
                try ICAOExtensions.documentTypeList(["P"])
            },
            issuerPrivateKey: csca.key.certificateKey
        )
        return Signer(certificate: certificate, key: key)
    }
}

extension Date {
    /// Whole seconds, an hour early: certificates are valid from just before they were made, so a verifier whose
    /// clock lags a little (or a time rounded up to the second) does not see them as not yet valid.
    var certificateStart: Date { Date(timeIntervalSince1970: (timeIntervalSince1970 - 3600).rounded(.down)) }

    func addingYears(_ years: Int) -> Date { Calendar(identifier: .gregorian).date(byAdding: .year, value: years, to: self)! }
    func addingMonths(_ months: Int) -> Date { Calendar(identifier: .gregorian).date(byAdding: .month, value: months, to: self)! }
}
