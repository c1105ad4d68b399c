import CitasDomain
import Crypto
import Foundation

/// Time-based one-time passwords (RFC 6238 over RFC 4226's HOTP): HMAC-SHA-1, 30-second steps, six digits, what
/// every authenticator app uses by default. A code is accepted for the current step or one either side (clock
/// drift), and the step it was accepted for is recorded so it cannot be used twice.
public struct TOTP: Sendable {
    public static let step = 30
    public let secret: [UInt8]

    public init(secret: [UInt8]) {
        self.secret = secret
    }

    /// 20 random bytes (160 bits, RFC 4226's recommendation).
    public static func random() -> TOTP {
        var generator = SystemRandomNumberGenerator()
        return TOTP(secret: (0..<20).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }

    /// The code for the 30-second step `counter`, `digits` long.
    public func code(counter: UInt64, digits: Int = 6) -> String {
        let message = withUnsafeBytes(of: counter.bigEndian) { Data($0) }
        let mac = Array(HMAC<Insecure.SHA1>.authenticationCode(for: message, using: SymmetricKey(data: secret)))
        let offset = Int(mac[mac.count - 1] & 0x0F)
        let binary = (UInt32(mac[offset] & 0x7F) << 24) | (UInt32(mac[offset + 1]) << 16) | (UInt32(mac[offset + 2]) << 8) | UInt32(mac[offset + 3])
        var modulus: UInt32 = 1
        for _ in 0..<digits { modulus *= 10 }
        let value = String(binary % modulus)
        return String(repeating: "0", count: digits - value.count) + value
    }

    /// The step a typed code matches at `now` (spaces allowed, as apps show "123 456"), or nil.
    public func matchingStep(_ typed: String, now: Int) -> UInt64? {
        let digits = typed.filter { !$0.isWhitespace }
        guard digits.count == 6, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber), now >= Self.step else { return nil }
        let current = UInt64(now / Self.step)
        return [current, current - 1, current + 1].first { code(counter: $0) == digits }
    }

    /// The secret in base32 (RFC 4648, no padding), as people type it into an app.
    public var base32: String { Base32.encode(secret) }

    /// The `otpauth://` address an authenticator app reads (from a QR code or a link on the phone itself).
    public func provisioningURI(account: String, issuer: String) -> String {
        let label =
            "\(issuer):\(account)".addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: ":@")))
            ?? account
        let issuerParameter = issuer.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? issuer
        return "otpauth://totp/\(label)?secret=\(base32)&issuer=\(issuerParameter)&algorithm=SHA1&digits=6&period=30"
    }
}
