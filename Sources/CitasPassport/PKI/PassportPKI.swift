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

    /// A self-signed CSCA: CA with path length 0, keyCertSign and cRLSign only. Its key usage period starts with the
    /// certificate (both back-dated by the same hour), so a DS issued at once already lies inside it.
    public static func makeCSCA(curve: Curve = .p256, now: Date = Date()) throws -> Signer {
        let key = SigningKey(curve)
        let period = KeyUsagePeriod(start: now.certificateStart, end: now.certificateStart.addingYears(cscaKeyYears))
        let name = try name("CSCA Mexico")
        let certificate = try Certificate(
            version: .v3,
            serialNumber: Certificate.SerialNumber(),
            publicKey: key.certificateKey.publicKey,
            notValidBefore: period.start,
            notValidAfter: cscaValidityEnd(period),
            issuer: name,
            subject: name,
            signatureAlgorithm: key.signatureAlgorithm,
            extensions: try cscaExtensions(key: key, period: period, issuerKey: nil),
            issuerPrivateKey: key.certificateKey
        )
        return Signer(certificate: certificate, key: key)
    }

    /// The link certificate of a CSCA rollover: the new CSCA's name and key, certified by the old CSCA's key, so a
    /// verifier that trusts the old CSCA can reach the new one. It lies inside the old CSCA's validity and key usage
    /// period like any certificate the old key signs.
    public static func makeLink(from old: Signer, to new: Signer, now: Date = Date()) throws -> Certificate {
        let timing = try IssuanceTiming(issuer: old.certificate, now: now)
        guard let newPeriod = keyUsagePeriod(of: new.certificate) else { throw PKIError.noKeyUsagePeriod("the new CSCA") }
        return try Certificate(
            version: .v3,
            serialNumber: Certificate.SerialNumber(),
            publicKey: new.certificate.publicKey,
            notValidBefore: timing.start,
            notValidAfter: min(new.certificate.notValidAfter, old.certificate.notValidAfter),
            issuer: old.certificate.subject,
            subject: new.certificate.subject,
            signatureAlgorithm: old.key.signatureAlgorithm,
            extensions: try cscaExtensions(key: new.key, period: newPeriod, issuerKey: old.certificate.publicKey),
            issuerPrivateKey: old.key.certificateKey
        )
    }

    static func cscaExtensions(key: SigningKey, period: KeyUsagePeriod, issuerKey: Certificate.PublicKey?) throws -> Certificate.Extensions {
        try Certificate.Extensions {
            Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
            Critical(KeyUsage(keyCertSign: true, cRLSign: true))
            SubjectKeyIdentifier(hash: key.certificateKey.publicKey)
            if let issuerKey { AuthorityKeyIdentifier(keyIdentifier: SubjectKeyIdentifier(hash: issuerKey).keyIdentifier) }
            try ICAOExtensions.privateKeyUsagePeriod(period)
        }
    }

    /// Part 12 §4.1: the CSCA certificate outlives its key by the longest DS certificate that key may sign.
    static func cscaValidityEnd(_ period: KeyUsagePeriod) -> Date {
        period.end.addingMonths(dsKeyMonths).addingYears(longestPassportYears)
    }

    /// A Document Signer under `csca`: digitalSignature only, not a CA, document types {"P"}, valid for its key
    /// usage period plus the longest passport it may sign, and never outside the CSCA's validity or key usage period.
    public static func makeDS(under csca: Signer, number: Int, curve: Curve = .p256, now: Date = Date()) throws -> Signer {
        let timing = try IssuanceTiming(issuer: csca.certificate, now: now)
        let key = SigningKey(curve)
        let period = KeyUsagePeriod(start: timing.start, end: timing.start.addingMonths(dsKeyMonths))
        let certificate = try Certificate(
            version: .v3,
            serialNumber: Certificate.SerialNumber(),
            publicKey: key.certificateKey.publicKey,
            notValidBefore: timing.start,
            notValidAfter: min(period.end.addingYears(longestPassportYears), csca.certificate.notValidAfter),
            issuer: csca.certificate.subject,
            subject: try name("Document Signer Mexico \(number)"),
            signatureAlgorithm: csca.key.signatureAlgorithm,
            extensions: try Certificate.Extensions {
                Critical(KeyUsage(digitalSignature: true))
                AuthorityKeyIdentifier(keyIdentifier: SubjectKeyIdentifier(hash: csca.certificate.publicKey).keyIdentifier)
                SubjectKeyIdentifier(hash: key.certificateKey.publicKey)
                try ICAOExtensions.privateKeyUsagePeriod(period)
                try ICAOExtensions.documentTypeList(["P"])
            },
            issuerPrivateKey: csca.key.certificateKey
        )
        return Signer(certificate: certificate, key: key)
    }

    /// The ID of the certificate that signs a Master List: digitalSignature only, extended key usage
    /// id-icao-cscaMasterListSigningKey (critical), valid 90 days. Its key signs one list and is then dropped.
    static func makeMasterListSigner(under csca: Signer, now: Date) throws -> Signer {
        let timing = try IssuanceTiming(issuer: csca.certificate, now: now)
        let key = SigningKey(csca.key.curve)
        let end = min(timing.start.addingTimeInterval(90 * 86_400), csca.certificate.notValidAfter)
        let certificate = try Certificate(
            version: .v3,
            serialNumber: Certificate.SerialNumber(),
            publicKey: key.certificateKey.publicKey,
            notValidBefore: timing.start,
            notValidAfter: end,
            issuer: csca.certificate.subject,
            subject: try name("Master List Signer Mexico"),
            signatureAlgorithm: csca.key.signatureAlgorithm,
            extensions: try Certificate.Extensions {
                Critical(KeyUsage(digitalSignature: true))
                Critical(try ExtendedKeyUsage([ExtendedKeyUsage.Usage(oid: MasterList.signerUsage)]))
                AuthorityKeyIdentifier(keyIdentifier: SubjectKeyIdentifier(hash: csca.certificate.publicKey).keyIdentifier)
                SubjectKeyIdentifier(hash: key.certificateKey.publicKey)
                try ICAOExtensions.privateKeyUsagePeriod(KeyUsagePeriod(start: timing.start, end: end))
            },
            issuerPrivateKey: csca.key.certificateKey
        )
        return Signer(certificate: certificate, key: key)
    }

    /// The key usage period a certificate records (both ends present), or nil.
    public static func keyUsagePeriod(of certificate: Certificate) -> KeyUsagePeriod? {
        guard let period = ICAOExtensions.privateKeyUsagePeriod(of: certificate), let start = period.start, let end = period.end else { return nil }
        return KeyUsagePeriod(start: start, end: end)
    }
}

/// When a certificate signed by `issuer` at `now` starts: back-dated an hour for clock skew, but never before the
/// issuer's certificate or its key usage period begins (a strict verifier rejects a certificate "issued outside the
/// issuer's key usage period"). Refuses when the issuer's key may no longer sign.
struct IssuanceTiming {
    let start: Date

    init(issuer: Certificate, now: Date) throws {
        let period = PassportPKI.keyUsagePeriod(of: issuer)
        let keyEnd = period.map { min($0.end, issuer.notValidAfter) } ?? issuer.notValidAfter
        guard now <= keyEnd else { throw PKIError.keyUsageEnded(issuer.subject.description, keyEnd) }
        start = max(now.certificateStart, issuer.notValidBefore, period?.start ?? issuer.notValidBefore)
    }
}

extension Date {
    /// Whole seconds, an hour early: certificates are valid from just before they were made, so a verifier whose
    /// clock lags a little (or a time rounded up to the second) does not see them as not yet valid.
    var certificateStart: Date { Date(timeIntervalSince1970: (timeIntervalSince1970 - 3600).rounded(.down)) }

    func addingYears(_ years: Int) -> Date { Calendar(identifier: .gregorian).date(byAdding: .year, value: years, to: self)! }
    func addingMonths(_ months: Int) -> Date { Calendar(identifier: .gregorian).date(byAdding: .month, value: months, to: self)! }
}
