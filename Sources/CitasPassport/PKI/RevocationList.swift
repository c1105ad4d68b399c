import Foundation
import SwiftASN1
import X509

/// A CSCA's Certificate Revocation List (Doc 9303 Part 12 §7.1.4, RFC 5280 §5.1): version 2, the CSCA as issuer,
/// thisUpdate and nextUpdate, one entry per revoked Document Signer, and the authorityKeyIdentifier and cRLNumber
/// extensions Part 12 makes mandatory. Written in DER by hand because swift-certificates has no CRL type; read back
/// without trusting any length, so foreign CRLs can be checked too.
public struct RevocationList: Sendable, Hashable {
    /// RFC 5280 §5.3.1 reason codes (the ones a Document Signer can have).
    public enum Reason: Int, Sendable, CaseIterable {
        case unspecified = 0
        case keyCompromise = 1
        case caCompromise = 2
        case affiliationChanged = 3
        case superseded = 4
        case cessationOfOperation = 5

        /// `key-compromise`, `superseded`… as the command line spells them.
        public var name: String {
            switch self {
            case .unspecified: "unspecified"
            case .keyCompromise: "key-compromise"
            case .caCompromise: "ca-compromise"
            case .affiliationChanged: "affiliation-changed"
            case .superseded: "superseded"
            case .cessationOfOperation: "cessation-of-operation"
            }
        }
    }

    /// One revoked certificate: its serial number (magnitude bytes), when, and why.
    public struct Entry: Sendable, Hashable {
        public let serial: [UInt8]
        public let date: Date
        public let reason: Reason?

        public init(serial: [UInt8], date: Date, reason: Reason?) {
            self.serial = Array(serial.drop { $0 == 0 })
            self.date = date
            self.reason = reason
        }
    }

    /// Part 12: a new CRL at least every 90 days.
    public static let longestInterval: TimeInterval = 90 * 86_400

    public let der: [UInt8]
    /// The issuer Name's DER, compared with a certificate's issuer.
    public let issuer: [UInt8]
    public let authorityKeyIdentifier: [UInt8]?
    public let number: Int?
    public let thisUpdate: Date
    public let nextUpdate: Date?
    public let entries: [Entry]
    let signedBytes: [UInt8]
    let signatureAlgorithm: [UInt8]
    let signature: [UInt8]

    /// A CRL signed by `csca` listing `entries`, valid from `now` for the longest interval Part 12 allows.
    public static func make(csca: PassportPKI.Signer, entries: [Entry], number: Int, now: Date) throws -> RevocationList {
        var name = DER.Serializer()
        try name.serialize(csca.certificate.subject)
        let algorithm = DERBytes.sequence([DERBytes.oid(csca.key.algorithms.signature)])
        let keyIdentifier = Array(SubjectKeyIdentifier(hash: csca.certificate.publicKey).keyIdentifier)
        let revoked = entries.map { entry in
            DERBytes.sequence(
                [DERBytes.unsignedInteger(entry.serial), DERBytes.time(entry.date)]
                    + (entry.reason.flatMap { $0 == .unspecified ? nil : $0 }.map {
                        [DERBytes.sequence([DERBytes.x509Extension(OIDs.crlReason, DERBytes.tlv(0x0A, [UInt8($0.rawValue)]))])]
                    }
                        ?? [])
            )
        }
        let extensions = DERBytes.sequence([
            DERBytes.x509Extension(OIDs.authorityKeyIdentifier, DERBytes.sequence([DERBytes.tlv(0x80, keyIdentifier)])),
            DERBytes.x509Extension(OIDs.crlNumber, DERBytes.integer(number)),
        ])
        let start = Date(timeIntervalSince1970: now.timeIntervalSince1970.rounded(.down))
        let tbs = DERBytes.sequence(
            [DERBytes.integer(1), algorithm, name.serializedBytes, DERBytes.time(start), DERBytes.time(start + longestInterval)]
                + (revoked.isEmpty ? [] : [DERBytes.sequence(revoked)]) + [DERBytes.explicit(0, extensions)]
        )
        let signature = try csca.key.sign(tbs)
        return try RevocationList(der: DERBytes.sequence([tbs, algorithm, DERBytes.bitString(signature)]))
    }

    /// Reads a DER CRL (or a PEM one, `-----BEGIN X509 CRL-----`).
    public init(der bytes: [UInt8]) throws {
        let list = try Self.pemDecoded(bytes)
        let parts = try SignedDataReader.children(try DER.parse(list))
        guard parts.count == 3 else { throw PassiveAuthenticationError.malformed("a CRL has three parts") }
        var tbs = try SignedDataReader.children(parts[0])
        if tbs.first?.identifier == .integer { tbs.removeFirst() }
        guard tbs.count >= 3, let thisUpdate = SignerCertificate.date(tbs[2]) else { throw PassiveAuthenticationError.malformed("CRL too short") }
        der = list
        signedBytes = SignedDataReader.encoded(parts[0])
        signatureAlgorithm = SignedDataReader.encoded(try SignedDataReader.single(parts[1]))
        let bits = try SignedDataReader.primitive(parts[2])
        guard bits.first == 0 else { throw PassiveAuthenticationError.malformed("CRL signature has unused bits") }
        signature = Array(bits.dropFirst())
        issuer = SignedDataReader.encoded(tbs[1])
        self.thisUpdate = thisUpdate
        var rest = Array(tbs.dropFirst(3))
        nextUpdate = rest.first.flatMap(SignerCertificate.date)
        if nextUpdate != nil { rest.removeFirst() }
        var entries: [Entry] = []
        if let list = rest.first, list.identifier == .sequence {
            rest.removeFirst()
            for node in try SignedDataReader.children(list) {
                let fields = try SignedDataReader.children(node)
                guard fields.count >= 2, let date = SignerCertificate.date(fields[1]) else { throw PassiveAuthenticationError.malformed("CRL entry") }
                let reason =
                    fields.count > 2 ? try Self.extensionValue(OIDs.crlReason, in: fields[2]).flatMap { Reason(rawValue: Int($0.last ?? 0)) } : nil
                entries.append(Entry(serial: try SignedDataReader.primitive(fields[0]), date: date, reason: reason))
            }
        }
        self.entries = entries
        let extensions = try rest.first.map { try SignedDataReader.single($0) }
        authorityKeyIdentifier = try extensions.flatMap { try Self.extensionValue(OIDs.authorityKeyIdentifier, in: $0) }.flatMap { value in
            try SignedDataReader.children(try DER.parse(value)).first { $0.identifier.tagClass == .contextSpecific && $0.identifier.tagNumber == 0 }
                .map { try SignedDataReader.primitive($0) }
        }
        number = try extensions.flatMap { try Self.extensionValue(OIDs.crlNumber, in: $0) }.map { try Int(derEncoded: try DER.parse($0)) }
    }

    /// Whether `csca` signed this CRL: same issuer name and a valid signature by its key.
    public func isSigned(by csca: Certificate) -> Bool {
        var name = DER.Serializer()
        guard (try? name.serialize(csca.subject)) != nil, name.serializedBytes == issuer else { return false }
        let algorithm: Certificate.SignatureAlgorithm
        switch signatureAlgorithm {
        case DERBytes.oid(OIDs.ecdsaWithSHA256): algorithm = .ecdsaWithSHA256
        case DERBytes.oid(OIDs.ecdsaWithSHA384): algorithm = .ecdsaWithSHA384
        case DERBytes.oid(OIDs.sha256WithRSA): algorithm = .sha256WithRSAEncryption
        default: return false
        }
        return csca.publicKey.isValidSignature(signature, for: signedBytes, signatureAlgorithm: algorithm)
    }

    /// The entry for a certificate serial number, if it is revoked.
    public func entry(serial: [UInt8]) -> Entry? {
        let wanted = Array(serial.drop { $0 == 0 })
        return entries.first { $0.serial == wanted }
    }

    public var pem: String { PEMDocument(type: "X509 CRL", derBytes: der).pemString + "\n" }

    static func pemDecoded(_ bytes: [UInt8]) throws -> [UInt8] {
        guard bytes.first != 0x30, let text = String(bytes: bytes, encoding: .utf8), text.contains("-----BEGIN X509 CRL-----") else { return bytes }
        return try PEMDocument(pemString: text.trimmingCharacters(in: .whitespacesAndNewlines)).derBytes
    }

    /// The extnValue (inside its OCTET STRING) of the extension `oid` in an Extensions SEQUENCE.
    static func extensionValue(_ oid: [UInt], in extensions: ASN1Node) throws -> [UInt8]? {
        for node in try SignedDataReader.children(extensions) {
            let fields = try SignedDataReader.children(node)
            guard let first = fields.first, let last = fields.last, fields.count >= 2 else { continue }
            if SignedDataReader.encoded(first) == DERBytes.oid(oid) { return try SignedDataReader.primitive(last) }
        }
        return nil
    }
}
