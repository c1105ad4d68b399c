import Crypto
import Foundation
import SwiftASN1
import X509
import _CryptoExtras

/// One line of a verification report.
public struct PACheck: Sendable, Hashable {
    public enum Outcome: String, Sendable, Hashable {
        case passed
        case failed
        /// Not possible with what was given (e.g. no CSCA, a data group not read): never counted as passed.
        case notChecked = "not checked"
    }

    public let name: String
    public let outcome: Outcome
    public let detail: String
}

/// Passive Authentication (Doc 9303 Part 11 §5.1 / Part 12): the SOD signature, the DS certificate's chain to the
/// CSCA and its validity, every data-group hash, EF.COM's tag list against the SOD, DG1's check digits and its
/// equality with the printed MRZ.
public enum PassiveAuthentication {
    /// Checks chip `files` (`EF.SOD`, `EF.COM`, `DG1`…) against the trusted CSCAs (none: the chain is "not
    /// checked") and the printed MRZ, at `time`.
    public static func verify(
        files: [String: [UInt8]],
        printedMRZ: String? = nil,
        cscas: [Certificate] = [],
        crls: [RevocationList] = [],
        at time: Date = Date()
    ) -> [PACheck] {
        guard let sodBytes = files["EF.SOD"] else { return [PACheck(name: "sod.present", outcome: .failed, detail: "no EF.SOD")] }
        let sod: SignedDataReader
        do {
            sod = try SignedDataReader(sod: sodBytes)
        } catch {
            return [PACheck(name: "sod.parse", outcome: .failed, detail: "\(error)")]
        }
        let signer = sod.certificates.first { $0.matches(issuer: sod.signerIssuer ?? [], serial: sod.signerSerial ?? []) }
        var checks = signatureChecks(sod, signer: signer)
        checks.append(contentsOf: chainChecks(signer, cscas: cscas, crls: crls, at: time))
        checks.append(contentsOf: dataGroupChecks(sod, files: files))
        checks.append(contentsOf: mrzChecks(files["DG1"], printed: printedMRZ))
        return checks
    }

    /// All checks that ran passed and none failed.
    public static func passed(_ checks: [PACheck]) -> Bool { !checks.contains { $0.outcome == .failed } }

    static func check(_ name: String, _ ok: Bool, _ detail: String = "") -> PACheck {
        PACheck(name: name, outcome: ok ? .passed : .failed, detail: detail)
    }

    static func signatureChecks(_ sod: SignedDataReader, signer: SignerCertificate?) -> [PACheck] {
        var checks = [
            check(
                "sod.structure",
                sod.version == 3 && sod.signerVersion == 1 && sod.digestAlgorithms.contains(sod.digestAlgorithm),
                "SignedData v\(sod.version)"
            ),
            check("sod.content_type", sod.eContentType == DERBytes.oid(OIDs.ldsSecurityObject) && sod.contentTypeAttribute == sod.eContentType),
            check(
                "sod.message_digest",
                sod.messageDigestAttribute != nil && SignedDataReader.digest(sod.digestAlgorithm, sod.eContent) == sod.messageDigestAttribute
            ),
            check("sod.signer_certificate", signer != nil, "the certificate the SignerInfo names is included"),
        ]
        if let signer { checks.append(check("sod.signature", isValidSignature(sod, by: signer), algorithmName(sod.signatureAlgorithm))) }
        return checks
    }

    static func algorithmName(_ oid: [UInt8]) -> String {
        switch oid {
        case DERBytes.oid(OIDs.ecdsaWithSHA256): "ecdsa-with-SHA256"
        case DERBytes.oid(OIDs.ecdsaWithSHA384): "ecdsa-with-SHA384"
        case DERBytes.oid(OIDs.rsassaPSS): "RSASSA-PSS"
        case DERBytes.oid(OIDs.sha256WithRSA): "sha256WithRSAEncryption"
        default: "unsupported algorithm"
        }
    }

    /// ECDSA and RSA PKCS#1 v1.5 through swift-certificates; RSASSA-PSS (which it does not support) through
    /// swift-crypto, with the digest of the SignerInfo and a salt as long as the digest (what the samples use).
    static func isValidSignature(_ sod: SignedDataReader, by signer: SignerCertificate) -> Bool {
        if sod.signatureAlgorithm == DERBytes.oid(OIDs.rsassaPSS) {
            guard let rsa = signer.rsaKey, sod.digestAlgorithm == DERBytes.oid(OIDs.sha256) else { return false }
            return rsa.isValidSignature(
                _RSA.Signing.RSASignature(rawRepresentation: sod.signature),
                for: SHA256.hash(data: sod.signedAttributes),
                padding: .PSS
            )
        }
        guard let key = signer.parsed?.publicKey else { return false }
        switch sod.signatureAlgorithm {
        case DERBytes.oid(OIDs.ecdsaWithSHA256):
            return key.isValidSignature(sod.signature, for: sod.signedAttributes, signatureAlgorithm: .ecdsaWithSHA256)
        case DERBytes.oid(OIDs.ecdsaWithSHA384):
            return key.isValidSignature(sod.signature, for: sod.signedAttributes, signatureAlgorithm: .ecdsaWithSHA384)
        case DERBytes.oid(OIDs.sha256WithRSA):
            return key.isValidSignature(sod.signature, for: sod.signedAttributes, signatureAlgorithm: .sha256WithRSAEncryption)
        default: return false
        }
    }

    static func chainChecks(_ signer: SignerCertificate?, cscas: [Certificate], crls: [RevocationList], at time: Date) -> [PACheck] {
        guard let signer else { return [] }
        let valid = signer.notBefore.map { $0 <= time } == true && signer.notAfter.map { time <= $0 } == true
        let validity = check("ds.validity", valid, "\(signer.notBefore.map { "\($0)" } ?? "?") – \(signer.notAfter.map { "\($0)" } ?? "?")")
        guard !cscas.isEmpty else {
            return [validity, PACheck(name: "ds.chain", outcome: .notChecked, detail: "no CSCA given: the chain is unknown, not trusted")]
        }
        guard let parsed = signer.parsed else {
            return [validity, check("ds.chain", false, "the DS certificate's algorithms are not supported for chain checks")]
        }
        // After a rollover several CSCAs may share the DS's issuer name: the one whose key signed it is the issuer.
        guard let csca = cscas.first(where: { $0.subject == parsed.issuer && $0.publicKey.isValidSignature(parsed.signature, for: parsed) }) else {
            return [validity, check("ds.chain", false, "no given CSCA signed this DS (\(parsed.issuer))")]
        }
        return [
            validity,
            check("ds.chain", true, "\(parsed.issuer)"),
            check("csca.self_signed", csca.publicKey.isValidSignature(csca.signature, for: csca)),
            check("csca.validity", csca.notValidBefore <= time && time <= csca.notValidAfter),
            issuedInKeyPeriod(signer, csca: csca),
            revocation(signer, csca: csca, crls: crls, at: time),
        ]
    }

    /// Part 12 §7.1.4: the DS against its CSCA's CRL. Only a CRL the CSCA signed counts; without one the DS is
    /// "not checked", never assumed unrevoked.
    static func revocation(_ signer: SignerCertificate, csca: Certificate, crls: [RevocationList], at time: Date) -> PACheck {
        let name = "ds.revocation"
        guard !crls.isEmpty else { return PACheck(name: name, outcome: .notChecked, detail: "no CRL given") }
        guard let crl = crls.filter({ $0.isSigned(by: csca) }).max(by: { ($0.number ?? 0, $0.thisUpdate) < ($1.number ?? 0, $1.thisUpdate) }) else {
            return PACheck(name: name, outcome: .notChecked, detail: "no CRL signed by the DS's CSCA was given")
        }
        if let entry = crl.entry(serial: signer.serial), entry.date <= time {
            return check(name, false, "revoked on \(entry.date)\(entry.reason.map { " (\($0.name))" } ?? "")")
        }
        if let next = crl.nextUpdate, next < time {
            return PACheck(name: name, outcome: .notChecked, detail: "the newest CRL given expired on \(next): get a fresh one")
        }
        return check(name, true, "not on the CRL of \(crl.thisUpdate)")
    }

    /// A strict verifier's rule: the DS certificate was issued (its notBefore) while the CSCA's key could sign.
    static func issuedInKeyPeriod(_ signer: SignerCertificate, csca: Certificate) -> PACheck {
        guard let period = PassportPKI.keyUsagePeriod(of: csca) else {
            return PACheck(name: "ds.issued_in_csca_key_period", outcome: .notChecked, detail: "the CSCA records no key usage period")
        }
        guard let issued = signer.notBefore else { return check("ds.issued_in_csca_key_period", false, "no notBefore") }
        return check("ds.issued_in_csca_key_period", period.contains(issued), "issued \(issued), CSCA key \(period.start) – \(period.end)")
    }
}
