import Foundation

/// An appointment's public reference: 10 characters from an alphabet without look-alikes (no 0/O, 1/I/L, U).
///
/// 31^10 ≈ 8 × 10^14 values drawn from the system's cryptographic generator, so a folio cannot be guessed;
/// the database's primary key still rejects the (astronomically rare) collision.
public struct Folio: Sendable, Hashable, CustomStringConvertible {
    public static let alphabet = Array("23456789ABCDEFGHJKMNPQRSTVWXYZ")
    public static let length = 10
    public let value: String

    public init(validating raw: String) throws(CitasError) {
        let text = raw.trimmingCharacters(in: .whitespaces).uppercased()
        guard text.count == Self.length, text.allSatisfy({ Self.alphabet.contains($0) }) else {
            throw CitasError(.invalidFolio)
        }
        value = text
    }

    private init(unchecked value: String) { self.value = value }

    /// A fresh random folio.
    public static func random() -> Folio {
        var generator = SystemRandomNumberGenerator()
        return Folio(unchecked: String((0..<length).map { _ in alphabet.randomElement(using: &generator)! }))
    }

    public var description: String { value }
}

extension Folio {
    /// The folio as read out on the phone: three groups (3, 3 and 4 characters), e.g. "7KQ 4MX 2PZT". The alphabet has
    /// no look-alikes (no 0/O, 1/I/L, U/V pairs), so each group can be spelled without doubt.
    public var spoken: String {
        let characters = Array(value)
        guard characters.count == Self.length else { return value }
        return [characters[0..<3], characters[3..<6], characters[6...]].map { String($0) }.joined(separator: " ")
    }
}
