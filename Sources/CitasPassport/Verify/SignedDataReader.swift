import Crypto
import Foundation
import SwiftASN1
import X509

/// The parts of a CMS SignedData (an EF.SOD, a CSCA Master List) that verification needs, read without trusting any
/// length or count.
struct SignedDataReader {
    /// Object identifiers are kept as their DER encodings and compared with `DERBytes.oid`.
    let eContentType: [UInt8]
    let eContent: [UInt8]
    let version: Int
    let digestAlgorithms: [[UInt8]]
    let certificates: [SignerCertificate]
    let signerVersion: Int
    /// issuerAndSerialNumber: the issuer Name's DER and the serial number; nil for a subjectKeyIdentifier.
    let signerIssuer: [UInt8]?
    let signerSerial: [UInt8]?
    let digestAlgorithm: [UInt8]
    /// The signed attributes re-tagged as SET OF (31): the bytes the signature covers.
    let signedAttributes: [UInt8]
    let contentTypeAttribute: [UInt8]?
    let messageDigestAttribute: [UInt8]?
    let signatureAlgorithm: [UInt8]
    let signature: [UInt8]

    /// An EF.SOD: tag 77 around the ContentInfo.
    init(sod: [UInt8]) throws {
        guard let outer = try? TLV.parse(sod).first, outer.tag == 0x77 else { throw PassiveAuthenticationError.malformed("EF.SOD is not tag 77") }
        try self.init(contentInfo: outer.value)
    }

    init(contentInfo bytes: [UInt8]) throws {
        let contentInfo = try Self.children(try DER.parse(bytes))
        guard contentInfo.count == 2, Self.encoded(contentInfo[0]) == DERBytes.oid(OIDs.signedData) else {
            throw PassiveAuthenticationError.malformed("not a CMS SignedData")
        }
        let signedData = try Self.children(try Self.single(contentInfo[1]))
        guard signedData.count >= 4 else { throw PassiveAuthenticationError.malformed("SignedData too short") }
        version = try Int(derEncoded: signedData[0])
        digestAlgorithms = try Self.children(signedData[1]).map { Self.encoded(try Self.single($0)) }
        let encapsulated = try Self.children(signedData[2])
        guard encapsulated.count == 2 else { throw PassiveAuthenticationError.malformed("no encapsulated content") }
        eContentType = Self.encoded(encapsulated[0])
        eContent = try Self.primitive(try Self.single(encapsulated[1]))
        certificates = try signedData.filter { $0.identifier == ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific) }
            .flatMap { try Self.children($0) }.map { try SignerCertificate($0) }
        guard let signers = signedData.last, let signerInfo = try Self.children(signers).first else {
            throw PassiveAuthenticationError.malformed("no SignerInfo")
        }
        let info = try Self.children(signerInfo)
        guard info.count >= 6 else { throw PassiveAuthenticationError.malformed("SignerInfo too short") }
        signerVersion = try Int(derEncoded: info[0])
        let sid = info[1].identifier == .sequence ? try Self.children(info[1]) : []
        signerIssuer = sid.count == 2 ? Self.encoded(sid[0]) : nil
        signerSerial = sid.count == 2 ? try Self.primitive(sid[1]) : nil
        digestAlgorithm = Self.encoded(try Self.single(info[2]))
        guard info[3].identifier == ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific) else {
            throw PassiveAuthenticationError.malformed("no signed attributes")
        }
        signedAttributes = [0x31] + Array(info[3].encodedBytes.dropFirst())
        var contentType: [UInt8]?
        var digest: [UInt8]?
        for attribute in try Self.children(info[3]) {
            let parts = try Self.children(attribute)
            guard parts.count == 2, let value = try Self.children(parts[1]).first else { continue }
            let type = Self.encoded(parts[0])
            if type == DERBytes.oid(OIDs.contentType) { contentType = Self.encoded(value) }
            if type == DERBytes.oid(OIDs.messageDigest) { digest = try Self.primitive(value) }
        }
        contentTypeAttribute = contentType
        messageDigestAttribute = digest
        signatureAlgorithm = Self.encoded(try Self.single(info[4]))
        signature = try Self.primitive(info[5])
    }

    static func encoded(_ node: ASN1Node) -> [UInt8] { Array(node.encodedBytes) }

    static func children(_ node: ASN1Node) throws -> [ASN1Node] {
        guard case .constructed(let nodes) = node.content else { throw PassiveAuthenticationError.malformed("expected a constructed node") }
        return Array(nodes)
    }

    static func single(_ node: ASN1Node) throws -> ASN1Node {
        guard let first = try children(node).first else { throw PassiveAuthenticationError.malformed("an empty constructed node") }
        return first
    }

    static func primitive(_ node: ASN1Node) throws -> [UInt8] {
        guard case .primitive(let bytes) = node.content else { throw PassiveAuthenticationError.malformed("expected a primitive node") }
        return Array(bytes)
    }

    /// The hash a digest-algorithm OID names; nil for anything Doc 9303 does not allow.
    static func digest(_ algorithm: [UInt8], _ bytes: [UInt8]) -> [UInt8]? {
        switch algorithm {
        case DERBytes.oid(OIDs.sha256): Array(SHA256.hash(data: bytes))
        case DERBytes.oid(OIDs.sha384): Array(SHA384.hash(data: bytes))
        case DERBytes.oid(OIDs.sha512): Array(SHA512.hash(data: bytes))
        default: nil
        }
    }
}

/// An EF.SOD that cannot even be read.
public enum PassiveAuthenticationError: Error, Sendable, Hashable, CustomStringConvertible {
    case malformed(String)

    public var description: String {
        switch self {
        case .malformed(let why): "malformed: \(why)"
        }
    }
}
