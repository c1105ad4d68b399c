import Foundation

/// What a comprobante's QR code says: which appointment, whose, where and when, and the service's signature over it:
/// `CITAS1:<folio>:<CURP>:<office>:<YYYYMMDDHHMM office time>:<signature, base32>`, signed over everything before the
/// signature. Upper-case letters, digits and `:-` only, so it fits the QR code's compact alphanumeric mode, and a
/// scanner that types it into a form field cannot get a character wrong by keyboard layout. The signing and checking
/// (Ed25519) live with the keys, in the server; this is the format.
public struct AppointmentProof: Sendable, Hashable {
    static let prefix = "CITAS1"

    public let folio: String
    public let curp: String
    public let office: String
    public let date: LocalDate
    public let time: LocalTime

    public init(folio: String, curp: String, office: String, date: LocalDate, time: LocalTime) {
        self.folio = folio
        self.curp = curp
        self.office = office
        self.date = date
        self.time = time
    }

    /// The signed part, ending in the separator before the signature.
    public var signedText: String {
        let stamp =
            [date.year.zeroPadded(to: 4), date.month.zeroPadded(to: 2), date.day.zeroPadded(to: 2)].joined()
            + (time.minutes / 60).zeroPadded(to: 2) + (time.minutes % 60).zeroPadded(to: 2)
        return [Self.prefix, folio, curp, office, stamp].joined(separator: ":") + ":"
    }

    /// The whole code, with `signature` appended.
    public func code(signature: [UInt8]) -> String { signedText + Base32.encode(signature) }

    /// A code as read: what it claims, and the signature that should vouch for it (not yet checked).
    public struct Reading: Sendable, Hashable {
        public let proof: AppointmentProof
        public let signature: [UInt8]
    }

    /// Reads a code as a scanner types it (any case, surrounding blanks); nil when it is not a well-formed code.
    public static func read(_ text: String) -> Reading? {
        let code = text.trimmingCharacters(in: .whitespacesAndNewlines).uppercased()
        let fields = code.split(separator: ":", omittingEmptySubsequences: false)
        func isCode(_ field: Substring, _ extra: Set<Character> = []) -> Bool {
            field.allSatisfy { ($0.isASCII && ($0.isLetter || $0.isNumber)) || extra.contains($0) }
        }
        guard fields.count == 6, fields[0] == prefix, fields[4].count == 12, fields[4].allSatisfy({ $0.isASCII && $0.isNumber }),
            isCode(fields[1]), let folio = try? Folio(validating: String(fields[1])), fields[2].count == 18, isCode(fields[2]),
            (1...40).contains(fields[3].count), isCode(fields[3], ["-"]), let signature = Base32.decode(fields[5]), signature.count == 64
        else { return nil }
        let digits = fields[4].compactMap(\.wholeNumberValue)
        func number(_ range: Range<Int>) -> Int { digits[range].reduce(0) { $0 * 10 + $1 } }
        let (year, month, day, hour, minute) = (number(0..<4), number(4..<6), number(6..<8), number(8..<10), number(10..<12))
        guard (2000...2999).contains(year), (1...12).contains(month), (1...LocalDate.daysIn(year: year, month: month)).contains(day), hour < 24,
            minute < 60
        else {
            return nil
        }
        let proof = AppointmentProof(
            folio: folio.value,
            curp: String(fields[2]),
            office: String(fields[3]),
            date: LocalDate(year: year, month: month, day: day),
            time: LocalTime(minutes: hour * 60 + minute)
        )
        return Reading(proof: proof, signature: signature)
    }
}
