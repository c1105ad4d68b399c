import Foundation
import SwiftASN1
import X509

/// A CMS SignedData (RFC 5652) as Doc 9303 profiles it for the EF.SOD (Part 10 Table 37) and the CSCA Master List
/// (Part 12 §9): version 3, the signer's certificate included, one SignerInfo identified by issuer and serial number,
/// signed attributes content-type, message-digest and signing-time.
enum CMSSignedData {
    /// The DER ContentInfo around the SignedData over `content` of type `contentType`; `certificates` are added
    /// after the signer's (a Master List carries the CSCA that certified its signer).
    static func sign(
        contentType: [UInt],
        content: [UInt8],
        signer: PassportPKI.Signer,
        certificates: [Certificate] = [],
        at time: Date
    ) throws
        -> [UInt8]
    {
        let key = signer.key
        let attributes = [
            DERBytes.sequence([DERBytes.oid(OIDs.contentType), DERBytes.set([DERBytes.oid(contentType)])]),
            DERBytes.sequence([DERBytes.oid(OIDs.messageDigest), DERBytes.set([DERBytes.octetString(key.digest(content))])]),
            DERBytes.sequence([DERBytes.oid(OIDs.signingTime), DERBytes.set([DERBytes.time(time)])]),
        ]
        // The signature covers the attributes as a SET OF (tag 31); the SignerInfo stores them as [0] IMPLICIT.
        let signature = try key.sign(DERBytes.set(attributes))
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
        let encoded = try ([signer.certificate] + certificates).map { certificate in
            var serializer = DER.Serializer()
            try serializer.serialize(certificate)
            return serializer.serializedBytes
        }
        let signedData = DERBytes.sequence([
            DERBytes.integer(3),
            DERBytes.set([DERBytes.sequence([DERBytes.oid(key.algorithms.digest)])]),
            DERBytes.sequence([DERBytes.oid(contentType), DERBytes.explicit(0, DERBytes.octetString(content))]),
            DERBytes.set(encoded, tag: 0xA0),
            DERBytes.set([signerInfo]),
        ])
        return DERBytes.sequence([DERBytes.oid(OIDs.signedData), DERBytes.explicit(0, signedData)])
    }
}
