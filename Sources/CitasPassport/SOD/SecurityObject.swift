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
        let content = ldsSecurityObject(dataGroups, key: signer.key)
        let contentInfo = try CMSSignedData.sign(contentType: OIDs.ldsSecurityObject, content: content, signer: signer, at: time)
        return TLV(tag: 0x77, value: contentInfo).encoded
    }
}
