import CitasDomain
import CitasPersistence
import Crypto
import Foundation

/// What a comprobante's QR code says: which appointment, whose, where and when. Staff check it offline, with only
/// the service's public keys: `CITAS1:<folio>:<CURP>:<office>:<YYYYMMDDHHMM office time>:<Ed25519 signature, base32>`,
/// the signature over everything before it. Upper-case letters, digits and `:-` only, so it fits the QR code's compact
/// alphanumeric mode, and a scanner that types it into a form field cannot get a character wrong by keyboard layout.
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
    var signedText: String {
        let stamp = String(format: "%04d%02d%02d%02d%02d", date.year, date.month, date.day, time.minutes / 60, time.minutes % 60)
        return [Self.prefix, folio, curp, office, stamp].joined(separator: ":") + ":"
    }

    /// What a check of a scanned code found.
    public enum Verdict: Sendable, Hashable {
        case valid(AppointmentProof)
        /// Not a Citas code at all, or damaged in a way the QR code's error correction could not mend.
        case malformed
        /// Well formed, but no key of this service signed it: altered or forged.
        case forged
    }

    /// Checks `text` against `publicKeys` (current first, then the previous one after a rotation).
    public static func verify(_ text: String, publicKeys: [Curve25519.Signing.PublicKey]) -> Verdict {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines).uppercased()
        let fields = trimmed.split(separator: ":", omittingEmptySubsequences: false)
        guard fields.count == 6, fields[0] == prefix, fields[4].count == 12, fields[4].allSatisfy(\.isASCII), fields[4].allSatisfy(\.isNumber),
            let folio = try? Folio(validating: String(fields[1])), fields[2].count == 18,
            fields[2].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }),
            !fields[3].isEmpty,
            fields[3].count <= 40, let signature = Base32.decode(fields[5]), signature.count == 64
        else { return .malformed }
        let stamp = Array(fields[4]).map { Int(String($0))! }
        func number(_ range: Range<Int>) -> Int { stamp[range].reduce(0) { $0 * 10 + $1 } }
        let (year, month, day, hour, minute) = (number(0..<4), number(4..<6), number(6..<8), number(8..<10), number(10..<12))
        guard (1...12).contains(month), (1...LocalDate.daysIn(year: year, month: month)).contains(day), hour < 24, minute < 60 else {
            return .malformed
        }
        let proof = AppointmentProof(
            folio: folio.value,
            curp: String(fields[2]),
            office: String(fields[3]),
            date: LocalDate(year: year, month: month, day: day),
            time: LocalTime(minutes: hour * 60 + minute)
        )
        let message = Data(proof.signedText.utf8)
        guard publicKeys.contains(where: { $0.isValidSignature(Data(signature), for: message) }) else { return .forged }
        return .valid(proof)
    }
}

/// Signs comprobante codes with an Ed25519 key derived from the deployment keys (so it rotates with them, and a
/// database copy cannot sign), and publishes the public halves that staff devices check codes with.
public struct AppointmentProofSigner: Sendable {
    let signingKey: Curve25519.Signing.PrivateKey
    /// The current key's public half first, then the previous one's: codes printed before a rotation still check.
    public let publicKeys: [Curve25519.Signing.PublicKey]

    public init(secrets: DeploymentSecrets) throws {
        let keys = try secrets.keys.map { key in
            try key.derived(for: "appointment proof").withUnsafeBytes { try Curve25519.Signing.PrivateKey(rawRepresentation: Data($0)) }
        }
        signingKey = keys[0]
        publicKeys = keys.map(\.publicKey)
    }

    /// The text the QR code carries.
    public func code(for proof: AppointmentProof) throws -> String {
        let signature = try signingKey.signature(for: Data(proof.signedText.utf8))
        return proof.signedText + Base32.encode(Array(signature))
    }

    /// The public keys as base64 text, one per line, for `citas appointment verify-qr --public-key` on a desk machine.
    public var publishedKeys: [String] { publicKeys.map { $0.rawRepresentation.base64EncodedString() } }
}
