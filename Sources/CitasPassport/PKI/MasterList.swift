import Foundation
import SwiftASN1
import X509

/// A CSCA Master List (Doc 9303 Part 12 §9): a CMS SignedData whose content (type id-icao-cscaMasterList) is
/// `CscaMasterList ::= SEQUENCE { version INTEGER (0), certList SET OF Certificate }` — a country's CSCA
/// certificates, link certificates included — signed by a Master List Signer the country's CSCA certified.
public struct MasterList: Sendable {
    static let contentType: [UInt] = [2, 23, 136, 1, 1, 2]
    /// id-icao-cscaMasterListSigningKey, the extended key usage of the signer's certificate.
    public static let signerUsage: ASN1ObjectIdentifier = [2, 23, 136, 1, 1, 3]

    /// The ContentInfo, DER (what `openssl cms -verify -inform DER` reads).
    public let der: [UInt8]
    /// The certificates of the list that could be read.
    public let certificates: [Certificate]
    /// Entries swift-certificates cannot parse (e.g. RSASSA-PSS-signed CSCAs of other countries): not trusted.
    public let unreadable: Int
    let signed: SignedDataReader

    /// Signs `certificates` with a fresh Master List Signer under `csca`; the signer's key is used once and dropped.
    public static func make(certificates: [Certificate], csca: PassportPKI.Signer, now: Date = Date()) throws -> MasterList {
        let signer = try PassportPKI.makeMasterListSigner(under: csca, now: now)
        let encoded = try certificates.map { certificate in
            var serializer = DER.Serializer()
            try serializer.serialize(certificate)
            return serializer.serializedBytes
        }
        let content = DERBytes.sequence([DERBytes.integer(0), DERBytes.set(encoded)])
        return try MasterList(
            der: try CMSSignedData.sign(contentType: contentType, content: content, signer: signer, certificates: [csca.certificate], at: now)
        )
    }

    public init(der bytes: [UInt8]) throws {
        signed = try SignedDataReader(contentInfo: bytes)
        guard signed.eContentType == DERBytes.oid(Self.contentType) else { throw PassiveAuthenticationError.malformed("not a CSCA Master List") }
        let list = try SignedDataReader.children(try DER.parse(signed.eContent))
        guard list.count == 2, try Int(derEncoded: list[0]) == 0 else { throw PassiveAuthenticationError.malformed("CscaMasterList v0 expected") }
        let nodes = try SignedDataReader.children(list[1])
        certificates = nodes.compactMap { try? Certificate(derEncoded: $0) }
        unreadable = nodes.count - certificates.count
        der = bytes
    }

    /// The self-signed CSCA certificates of the list: the trust anchors it hands a verifier.
    public var cscas: [Certificate] {
        certificates.filter { $0.issuer == $0.subject && $0.publicKey.isValidSignature($0.signature, for: $0) }
    }

    /// The list's own checks: structure, digest, signature, the signer's usage, and the signer's chain to a CSCA —
    /// one of `anchors` when given (a country's CSCA known out of band), else one in the list itself.
    public func verify(anchors: [Certificate] = [], at time: Date = Date()) -> [PACheck] {
        func check(_ name: String, _ ok: Bool, _ detail: String = "") -> PACheck { PassiveAuthentication.check(name, ok, detail) }
        let signer = signed.certificates.first { $0.matches(issuer: signed.signerIssuer ?? [], serial: signed.signerSerial ?? []) }
        var checks = [
            check("ml.structure", signed.version == 3 && signed.contentTypeAttribute == signed.eContentType, "SignedData v\(signed.version)"),
            check(
                "ml.message_digest",
                signed.messageDigestAttribute != nil
                    && SignedDataReader.digest(signed.digestAlgorithm, signed.eContent) == signed.messageDigestAttribute
            ),
        ]
        guard let signer, let parsed = signer.parsed else { return checks + [check("ml.signer_certificate", false, "not included or unreadable")] }
        let usages = (try? parsed.extensions.extendedKeyUsage)?.map(Array.init) ?? []
        checks.append(check("ml.signature", PassiveAuthentication.isValidSignature(signed, by: signer)))
        checks.append(
            check(
                "ml.signer_usage",
                usages.contains(ExtendedKeyUsage.Usage(oid: Self.signerUsage)),
                "extended key usage id-icao-cscaMasterListSigningKey"
            )
        )
        checks.append(check("ml.signer_validity", parsed.notValidBefore <= time && time <= parsed.notValidAfter))
        let candidates = anchors.isEmpty ? cscas : anchors
        let issuer = candidates.first { $0.subject == parsed.issuer && $0.publicKey.isValidSignature(parsed.signature, for: parsed) }
        checks.append(check("ml.signer_chain", issuer != nil, anchors.isEmpty ? "to a CSCA in the list" : "to the CSCA given"))
        return checks
    }
}
