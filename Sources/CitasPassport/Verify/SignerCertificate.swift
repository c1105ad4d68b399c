import Foundation
import SwiftASN1
import X509
import _CryptoExtras

/// The Document Signer certificate as the SOD carries it. swift-certificates cannot parse certificates signed with
/// RSASSA-PSS (common in the field), so the fields Passive Authentication needs are also read straight from the DER.
struct SignerCertificate {
    let der: [UInt8]
    /// Parsed when swift-certificates supports its algorithms; nil for e.g. an RSASSA-PSS-signed certificate.
    let parsed: Certificate?
    let serial: [UInt8]
    let issuer: [UInt8]
    let subjectPublicKeyInfo: [UInt8]
    let notBefore: Date?
    let notAfter: Date?

    init(_ node: ASN1Node) throws {
        der = Array(node.encodedBytes)
        parsed = try? Certificate(derEncoded: node)
        var tbs = try SignedDataReader.children(try SignedDataReader.single(node))
        if tbs.first?.identifier == ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific) { tbs.removeFirst() }
        guard tbs.count >= 6 else { throw PassiveAuthenticationError.malformed("certificate too short") }
        serial = try SignedDataReader.primitive(tbs[0])
        issuer = SignedDataReader.encoded(tbs[2])
        let validity = try SignedDataReader.children(tbs[3])
        notBefore = validity.count == 2 ? Self.date(validity[0]) : nil
        notAfter = validity.count == 2 ? Self.date(validity[1]) : nil
        subjectPublicKeyInfo = SignedDataReader.encoded(tbs[5])
    }

    static func date(_ node: ASN1Node) -> Date? {
        let parts: DateComponents
        if let time = try? UTCTime(derEncoded: node) {
            parts = DateComponents(year: time.year, month: time.month, day: time.day, hour: time.hours, minute: time.minutes, second: time.seconds)
        } else if let time = try? GeneralizedTime(derEncoded: node) {
            parts = DateComponents(year: time.year, month: time.month, day: time.day, hour: time.hours, minute: time.minutes, second: time.seconds)
        } else {
            return nil
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.date(from: parts)
    }

    /// Whether this certificate is the one a SignerInfo's issuerAndSerialNumber names.
    func matches(issuer: [UInt8], serial: [UInt8]) -> Bool {
        self.issuer == issuer && self.serial.drop { $0 == 0 }.elementsEqual(serial.drop { $0 == 0 })
    }

    /// The RSA key, for algorithms swift-certificates does not verify.
    var rsaKey: _RSA.Signing.PublicKey? { try? _RSA.Signing.PublicKey(derRepresentation: subjectPublicKeyInfo) }
}
