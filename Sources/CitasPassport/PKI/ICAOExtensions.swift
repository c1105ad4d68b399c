import Foundation
import SwiftASN1
import X509

/// The Doc 9303 Part 12 certificate extensions swift-certificates has no type for, encoded by hand in DER.
enum ICAOExtensions {
    static let privateKeyUsagePeriodOID: ASN1ObjectIdentifier = [2, 5, 29, 16]
    static let documentTypeListOID: ASN1ObjectIdentifier = [2, 23, 136, 1, 1, 6, 2]

    /// PrivateKeyUsagePeriod ::= SEQUENCE { notBefore [0] GeneralizedTime, notAfter [1] GeneralizedTime } (non-critical):
    /// how long the key may sign, shorter than the certificate, which must outlive what it signed.
    static func privateKeyUsagePeriod(_ period: KeyUsagePeriod) throws -> Certificate.Extension {
        var serializer = DER.Serializer()
        try serializer.appendConstructedNode(identifier: .sequence) { node in
            try generalizedTime(period.start).serialize(into: &node, withIdentifier: ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific))
            try generalizedTime(period.end).serialize(into: &node, withIdentifier: ASN1Identifier(tagWithNumber: 1, tagClass: .contextSpecific))
        }
        return Certificate.Extension(oid: privateKeyUsagePeriodOID, critical: false, value: serializer.serializedBytes[...])
    }

    /// The key usage period a certificate records, or nil when it has none (or an unreadable one).
    static func privateKeyUsagePeriod(of certificate: Certificate) -> (start: Date?, end: Date?)? {
        guard let value = certificate.extensions[oid: privateKeyUsagePeriodOID]?.value,
            let node = try? DER.parse(value), case .constructed(let children) = node.content
        else { return nil }
        var start: Date?
        var end: Date?
        for child in children where child.identifier.tagClass == .contextSpecific {
            guard let time = try? GeneralizedTime(derEncoded: child, withIdentifier: child.identifier) else { return nil }
            let date = Date(time)
            if child.identifier.tagNumber == 0 { start = date } else if child.identifier.tagNumber == 1 { end = date }
        }
        return (start, end)
    }

    /// DocumentTypeList ::= SEQUENCE { version INTEGER (0), docTypeList SET OF PrintableString } (non-critical):
    /// the document codes a Document Signer may sign ("P" covers every passport code).
    static func documentTypeList(_ codes: [String]) throws -> Certificate.Extension {
        var serializer = DER.Serializer()
        try serializer.appendConstructedNode(identifier: .sequence) { node in
            try node.serialize(0)
            try node.serializeSetOf(try codes.map { try ASN1PrintableString($0) })
        }
        return Certificate.Extension(oid: documentTypeListOID, critical: false, value: serializer.serializedBytes[...])
    }

    static func generalizedTime(_ date: Date) throws -> GeneralizedTime {
        let c = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: date)
        return try GeneralizedTime(
            year: c.year!,
            month: c.month!,
            day: c.day!,
            hours: c.hour!,
            minutes: c.minute!,
            seconds: c.second!,
            fractionalSeconds: 0
        )
    }
}

/// When a private key may sign: written into its certificate, checked before it signs anything.
public struct KeyUsagePeriod: Sendable, Hashable {
    public let start: Date
    public let end: Date

    public func contains(_ date: Date) -> Bool { start <= date && date <= end }
}

extension Date {
    init(_ time: GeneralizedTime) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        self = calendar.date(
            from: DateComponents(year: time.year, month: time.month, day: time.day, hour: time.hours, minute: time.minutes, second: time.seconds)
        )!
    }
}
