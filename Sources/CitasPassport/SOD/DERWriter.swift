import Foundation

/// The few DER encodings the SOD needs, written directly so every byte the signature covers is visible here.
enum DERBytes {
    static func tlv(_ tag: UInt8, _ content: [UInt8]) -> [UInt8] { [tag] + TLV.length(content.count) + content }
    static func sequence(_ items: [[UInt8]]) -> [UInt8] { tlv(0x30, items.flatMap { $0 }) }
    /// SET OF with its elements sorted by their encodings (X.690 §11.6), as DER requires.
    static func set(_ items: [[UInt8]], tag: UInt8 = 0x31) -> [UInt8] {
        tlv(tag, items.sorted { $0.lexicographicallyPrecedes($1) }.flatMap { $0 })
    }
    static func octetString(_ bytes: [UInt8]) -> [UInt8] { tlv(0x04, bytes) }
    static func printable(_ text: String) -> [UInt8] { tlv(0x13, Array(text.utf8)) }
    static func explicit(_ number: UInt8, _ content: [UInt8]) -> [UInt8] { tlv(0xA0 | number, content) }

    static func integer(_ value: Int) -> [UInt8] {
        var bytes: [UInt8] = []
        var v = value
        repeat {
            bytes.insert(UInt8(v & 0xFF), at: 0)
            v >>= 8
        } while v > 0
        if bytes[0] & 0x80 != 0 { bytes.insert(0, at: 0) }
        return tlv(0x02, bytes)
    }

    /// A non-negative INTEGER from big-endian magnitude bytes (a certificate's serial number): a leading zero byte
    /// is added when the top bit is set, so it does not read as negative.
    static func unsignedInteger(_ magnitude: [UInt8]) -> [UInt8] {
        let trimmed = Array(magnitude.drop { $0 == 0 })
        guard let first = trimmed.first else { return tlv(0x02, [0]) }
        return tlv(0x02, first & 0x80 != 0 ? [0] + trimmed : trimmed)
    }

    static func oid(_ arcs: [UInt]) -> [UInt8] {
        var body: [UInt8] = [UInt8(arcs[0] * 40 + arcs[1])]
        for arc in arcs.dropFirst(2) {
            var chunk: [UInt8] = [UInt8(arc & 0x7F)]
            var rest = arc >> 7
            while rest > 0 {
                chunk.insert(UInt8(rest & 0x7F) | 0x80, at: 0)
                rest >>= 7
            }
            body += chunk
        }
        return tlv(0x06, body)
    }

    /// UTCTime `YYMMDDHHMMSSZ` (years before 2050, as CMS signing-time requires).
    static func utcTime(_ date: Date) -> [UInt8] { tlv(0x17, Array(formatted(date, "yyMMddHHmmss'Z'").utf8)) }

    /// RFC 5280 Time: UTCTime through 2049, GeneralizedTime `YYYYMMDDHHMMSSZ` from 2050.
    static func time(_ date: Date) -> [UInt8] {
        let year = Int(formatted(date, "yyyy"))!
        return year < 2050 ? utcTime(date) : tlv(0x18, Array(formatted(date, "yyyyMMddHHmmss'Z'").utf8))
    }

    static func formatted(_ date: Date, _ format: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = format
        return formatter.string(from: date)
    }

    static func boolean(_ value: Bool) -> [UInt8] { tlv(0x01, [value ? 0xFF : 0x00]) }

    /// BIT STRING with no unused bits (a signature).
    static func bitString(_ bytes: [UInt8]) -> [UInt8] { tlv(0x03, [0] + bytes) }

    /// An X.509 Extension: the OID, `critical` only when true (DER omits the default), the value wrapped in an
    /// OCTET STRING.
    static func x509Extension(_ oid: [UInt], critical: Bool = false, _ value: [UInt8]) -> [UInt8] {
        sequence([DERBytes.oid(oid)] + (critical ? [boolean(true)] : []) + [octetString(value)])
    }
}

/// Object identifiers of Doc 9303 Part 10/12 and RFC 5652.
enum OIDs {
    static let signedData: [UInt] = [1, 2, 840, 113_549, 1, 7, 2]
    static let ldsSecurityObject: [UInt] = [2, 23, 136, 1, 1, 1]
    static let contentType: [UInt] = [1, 2, 840, 113_549, 1, 9, 3]
    static let messageDigest: [UInt] = [1, 2, 840, 113_549, 1, 9, 4]
    static let signingTime: [UInt] = [1, 2, 840, 113_549, 1, 9, 5]
    static let sha256: [UInt] = [2, 16, 840, 1, 101, 3, 4, 2, 1]
    static let sha384: [UInt] = [2, 16, 840, 1, 101, 3, 4, 2, 2]
    static let sha512: [UInt] = [2, 16, 840, 1, 101, 3, 4, 2, 3]
    static let ecdsaWithSHA256: [UInt] = [1, 2, 840, 10045, 4, 3, 2]
    static let ecdsaWithSHA384: [UInt] = [1, 2, 840, 10045, 4, 3, 3]
    static let rsassaPSS: [UInt] = [1, 2, 840, 113_549, 1, 1, 10]
    static let sha256WithRSA: [UInt] = [1, 2, 840, 113_549, 1, 1, 11]
    static let authorityKeyIdentifier: [UInt] = [2, 5, 29, 35]
    static let crlNumber: [UInt] = [2, 5, 29, 20]
    static let crlReason: [UInt] = [2, 5, 29, 21]
}
