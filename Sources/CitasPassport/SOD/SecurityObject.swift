import Foundation
import SwiftASN1
import X509

/// EF.SOD (Doc 9303 Part 10 §4.6.2): a CMS SignedData (version 3) whose encapsulated content is the
/// LDSSecurityObject — the hash of each whole data group — signed by a Document Signer with the signed
/// attributes content-type, message-digest and signing-time, the DS certificate included.
public enum SecurityObject {
    /// LDSSecurityObject v1: version, hash algorithm, one hash per data group (in the order given), LDS versions.
    static func ldsSecurityObject(_ dataGroups: [(number: Int, bytes: [UInt8])], key: SigningKey) -> [UInt8] {
        DERBytes.sequence([
            DERBytes.integer(1),
            DERBytes.sequence([DERBytes.oid(key.algorithms.digest)]),
            DERBytes.sequence(dataGroups.map { DERBytes.sequence([DERBytes.integer($0.number), DERBytes.octetString(key.digest($0.bytes))]) }),
            DERBytes.sequence([DERBytes.printable(LDSFiles.ldsVersion), DERBytes.printable(LDSFiles.unicodeVersion)]),
        ])
    }

    /// The EF.SOD file: tag 77 around the ContentInfo.
    public static func sign(dataGroups: [(number: Int, bytes: [UInt8])], signer: PassportPKI.Signer, at time: Date) throws -> [UInt8] {
        let key = signer.key
        let content = ldsSecurityObject(dataGroups, key: key)
        let attributes = [
            DERBytes.sequence([DERBytes.oid(OIDs.contentType), DERBytes.set([DERBytes.oid(OIDs.ldsSecurityObject)])]),
            DERBytes.sequence([DERBytes.oid(OIDs.messageDigest), DERBytes.set([DERBytes.octetString(key.digest(content))])]),
            DERBytes.sequence([DERBytes.oid(OIDs.signingTime), DERBytes.set([DERBytes.utcTime(time)])]),
        ]
        // The signature covers the attributes as a SET OF (tag 31); the SignerInfo stores them as [0] IMPLICIT.
        let signature = try key.sign(DERBytes.set(attributes))
        var serializer = DER.Serializer()
        try serializer.serialize(signer.certificate)
        let certificate = serializer.serializedBytes
        var issuer = DER.Serializer()
        try issuer.serialize(signer.certificate.issuer)
        let signerInfo = DERBytes.sequence([
            DERBytes.integer(1),
            DERBytes.sequence([issuer.serializedBytes, DERBytes.unsignedInteger(Array(signer.certificate.serialNumber.bytes))]),
            DERBytes.sequence([DERBytes.oid(key.algorithms.digest)]),
            DERBytes.set(attributes, tag: 0xA0),
            DERBytes.sequence([DERBytes.oid(key.algorithms.signature)]),
            DERBytes.octetString(signature),
        ])
        let signedData = DERBytes.sequence([
            DERBytes.integer(3),
            DERBytes.set([DERBytes.sequence([DERBytes.oid(key.algorithms.digest)])]),
            DERBytes.sequence([DERBytes.oid(OIDs.ldsSecurityObject), DERBytes.explicit(0, DERBytes.octetString(content))]),
            DERBytes.tlv(0xA0, certificate),
            DERBytes.set([signerInfo]),
        ])
        let contentInfo = DERBytes.sequence([DERBytes.oid(OIDs.signedData), DERBytes.explicit(0, signedData)])
        return TLV(tag: 0x77, value: contentInfo).encoded
    }
}
